"""Money: cash seized and the value of drugs.

Cash seized: an amount followed or preceded by a cash word ("£20,000 cash", "cash totalling
£5,600", "£480 in mixed notes"), or an amount in a sentence about a seizure ("police found £35k")
unless it is a value ("heroin worth £45,000", "a street value of £2m", "£2.4m suspected cocaine",
"a £160,000 cannabis farm"). Amounts in quoted speech do not count. Several distinct cash
amounts are added up unless one is called a total.
"""

from __future__ import annotations

import re

from linewatch.text.measures import APPROX_BEFORE
from linewatch.text.model import Money, Span
from linewatch.text.numbers import MONEY_RE, money_value
from linewatch.text.pipeline import Context
from linewatch.text.vocab import Vocab, alternation


class MoneyRules:
    """Cash and value wording, compiled once from the lexicon."""

    def __init__(self, vocab: Vocab) -> None:
        lex = vocab.lexicon
        cash_words = alternation(lex["cash_words"])
        # "£21,900 in cash", "£21,900 worth of cash"
        self.cash_after = re.compile(r"^\s*(?:in\s+|-?\s*worth\s+of\s+|of\s+)?(?:(?:illicit|"
                                     r"suspected|criminal|seized|hidden|stolen|dirty)\s+)?(?:"
                                     + cash_words + r")\b", re.IGNORECASE)
        self.cash_before = re.compile(r"\b(?:cash|notes)\s+(?:totalling|totaling|of|worth|"
                                      r"amounting\s+to|to\s+the\s+value\s+of|valued\s+at)?\s*"
                                      r"(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
        self.value_before = re.compile(r"(?:" + alternation(lex["value_words"]) +
                                       r")\s*(?:[a-z]+\s+){0,2}$", re.IGNORECASE)
        self.seizure = re.compile(r"\b" + alternation(lex["seizure_words"]) + r"\b",
                                  re.IGNORECASE)
        drugs = alternation([a for d in vocab.drugs for a in d.aliases])
        # "£600 of cocaine", "£2,000-worth of drugs", "£5 million in heroin", "£250,000 drugs
        # haul": what the drugs are worth, not cash
        self.value_after = re.compile(
            rf"^(?:\s*-\s*|\s+)(?:worth\b(?!\s+of\s+(?:\w+\s+)?(?:{cash_words})\b)|(?:(?:of|in)\s+)?(?:the\s+|suspected\s+|street\s+|"
            rf"class\s+[abc]\s+|high[- ]purity\s+)*(?:drugs?\b|{drugs}\b|class\s+[abc]\b)|"
            rf"(?:of\s+)?(?:drugs?|{drugs})\s+(?:haul|seizure|stash|find)\b|drugs?\b)",
            re.IGNORECASE)


def find_money(ctx: Context, rules: MoneyRules) -> list[Money]:
    cash_after, cash_before = rules.cash_after, rules.cash_before
    value_before, seizure = rules.value_before, rules.seizure
    out = []
    for m in MONEY_RE.finditer(ctx.text):
        amount = money_value(m)
        if amount is None:
            continue
        s_start, s_end = ctx.sentence_of(m.start())
        before = ctx.text[max(s_start, m.start() - 40):m.start()]
        after = ctx.text[m.end():min(s_end, m.end() + 30)]
        approx = bool(APPROX_BEFORE.search(before))
        speech = ctx.in_speech(m.start(), m.end())
        if _not_an_amount(ctx.text, m.start(), m.end()):
            out.append(Money(amount, True, False, Span(m.start(), m.end(), m.group(0), "money")))
            continue
        drug_value = bool(rules.value_after.match(after))
        cash = not speech and not drug_value and (
            bool(cash_after.match(after)) or bool(cash_before.search(before)))
        if not cash and not speech and not drug_value and seizure.search(
                ctx.text[s_start:s_end]):
            cash = not value_before.search(before) and not _value_clause(
                ctx.text[s_start:m.start()]) and not _attributive(before, after) and not re.match(
                r"^\s*(?:worth|a\s+(?:month|week|day|year)|per\b)", after, re.IGNORECASE) \
                and not re.search(r"(?:pay|repay|hand\s+over|confiscation|order|owed|debt|"
                                  r"fine[d]?|costs|compensation)\b[^.]{0,30}$", before,
                                  re.IGNORECASE)
        value = not cash and not speech and (drug_value or bool(value_before.search(before)))
        rule = "money_cash" if cash else ("money_speech" if speech else (
            "money_value" if value else "money"))
        out.append(Money(amount, approx, cash, Span(m.start(), m.end(), m.group(0), rule)))
    return out


def _value_clause(before: str) -> bool:
    """"bringing the total value of cannabis at the unit to just over £1.2 million": the clause
    before the amount speaks of a value (no other amount in between)."""
    return bool(re.search(r"\b(?:value[ds]?|valued|worth)\b(?:(?!\b(?:and|plus|with)\b)"
                          r"[^,;:£]){0,60}$", before, re.IGNORECASE))


def _attributive(before: str, after: str) -> bool:
    """"a £160,000 farm", "a £20,000-a-week business": an amount describing a thing, not cash."""
    return bool(re.search(r"\b(?:a|an)\s*$", before, re.IGNORECASE)
                and re.match(r"\s*-\s*a\s*-|\s+(?!cash\b|notes\b|in\b|of\b)[a-z]", after))


_AMOUNT = r"£\s?[\d,.]+\s*(?:[km]|million|bn)?\s*"
_RANGE_AFTER = re.compile(r"^\s*(?:to|-|–)\s*£\s?\d")
_RANGE_BEFORE = re.compile(rf"(?:\bbetween\s+|\bbetween\s+{_AMOUNT}and\s*|{_AMOUNT}(?:to|-|–)\s*)$",
                           re.IGNORECASE)


def _not_an_amount(text: str, start: int, end: int) -> bool:
    """A range ("£40,000 to £50,000", "between £40,000 and £50,000": no exact amount), a
    garbled figure ("£3oo,ooo") or counterfeit money ("£500 of counterfeit cash")."""
    after, before = text[end:end + 40], text[max(0, start - 30):start]
    return bool(_RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before)
                or re.match(r"[A-Za-z0-9]", after)
                or re.match(r" (?!Cash\b|Notes\b)[A-Z][a-z]", after)  # "a £60,000 Audi"
                or re.match(r"\s*(?:of\s+|in\s+)?(?:counterfeit|fake|forged)\b", after,
                            re.IGNORECASE))


def cash_seized(ctx: Context, money: list[Money]) -> float | None:
    cash = [m for m in money if m.cash]
    if not cash:
        return None
    totals = [m.amount for m in cash if _called_total(ctx, m)]
    if totals:  # a total smaller than another amount is a part of that one ("a total of £1,000
        return max(max(totals), *(m.amount for m in cash))  # from them" inside "£20,000")
    lead = min(cash, key=lambda m: m.span.start)
    rest = [m.amount for m in cash if m is not lead]
    if lead.approximate and rest and sum(dict.fromkeys(rest)) < lead.amount:
        return lead.amount  # "more than £35,000 in cash seized" over the week, then its parts
    # "more than £34,000 in cash" and "£34,710 cash seized" are one amount said twice
    exact = [m.amount for m in cash if not m.approximate]
    kept = [m for m in cash if not (m.approximate and any(
        m.amount <= e <= m.amount * 1.1 or e <= m.amount <= e * 1.1 for e in exact
        if e != m.amount))]
    return sum(dict.fromkeys(m.amount for m in kept))


def _called_total(ctx: Context, money: Money) -> bool:
    """"a total of £5,600", "cash totalling £5,600", or a sentence opening "In total, ..." or
    "Over the course of the week, ..." (the week's haul, before one warrant's part of it)."""
    s_start, _ = ctx.sentence_of(money.span.start)
    before = ctx.text[s_start:money.span.start]
    return bool(re.search(r"\btotal(?:ling|ing)?\b(?:\s+of)?\s*$", before) or re.match(
        r"\s*(?:in\s+total|overall|altogether|in\s+all|(?:over\s+the\s+course\s+of|during|"
        r"throughout|over)\s+the\s+(?:whole\s+|entire\s+)?(?:week|fortnight|month|operation|"
        r"week\s+of\s+action|intensification\s+week)\s*,)", before, re.IGNORECASE))


def drug_value(ctx: Context, money: list[Money]) -> float | None:
    """Street value of the drugs: an amount called a total, else the distinct amounts added."""
    values = [m for m in money if m.span.rule == "money_value"]
    if not values:
        return None
    for m in values:
        s_start, _ = ctx.sentence_of(m.span.start)
        if re.search(r"\b(?:total|combined)\b[^.£]{0,30}$", ctx.text[s_start:m.span.start]):
            return m.amount
    return sum(dict.fromkeys(m.amount for m in values))
