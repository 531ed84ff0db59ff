"""``extract(text)``: run every rule over one text and fill an ``Extraction``.

Order matters: offences before drugs and weapons (a drug inside an offence is not a seizure),
names before places (a surname is not a town), places before people (towns), and people before
the arrest and safeguarding totals (which fall back on the people described).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from linewatch.text.arrest_events import (
    ArrestCount,
    event_arrests,
    only_in_earlier_events,
    separate_events_sum,
)
from linewatch.text.group_sex import sex_from_counted_groups
from linewatch.text.identifiers import (
    VehicleRules,
    address_pattern,
    find_addresses,
    find_phones,
    find_plates,
    find_postcodes,
    find_vehicles,
    merge_vehicles,
)
from linewatch.text.items import (
    OffenceRules,
    build_offence_rules,
    find_drugs,
    find_offences,
    find_weapons,
)
from linewatch.text.linking import Linker
from linewatch.text.measures import (
    ARREST_RULES,
    SAFEGUARD_RULES,
    charged_count,
    count_rules,
    find_counts,
    find_dates,
    find_quantities,
    further_arrests,
    group_arrested,
    least_arrests,
    ordinal_arrests,
    rule_matches,
    seized_counts,
    single_arrests,
    warrant_count,
    without_rough_counts,
)
from linewatch.text.merging import merge_bare_mentions
from linewatch.text.model import DrugEntry, DrugMention, Extraction, Mention, Person, Span
from linewatch.text.money import MoneyRules, cash_seized, drug_value, find_money
from linewatch.text.numbers import as_json_number
from linewatch.text.orgs import (
    OrgRules,
    agency_names,
    find_agencies,
    find_deal_lines,
    find_operations,
)
from linewatch.text.persons import (
    PersonMention,
    PersonRules,
    _without_overlaps,
    attach_age,
    attach_nicknames,
    find_mentions,
    find_names,
    share_list_attributes,
)
from linewatch.text.pipeline import Context, Pipeline, get_pipeline
from linewatch.text.places import find_places
from linewatch.text.pronouns import apply_pronouns, apply_relations
from linewatch.text.story import STORY_ORDER
from linewatch.text.tables import apply_rows, line_rows, table_rows
from linewatch.text.tallies import coordinated_arrests


@dataclass(frozen=True)
class Rules:
    offences: OffenceRules
    orgs: OrgRules
    vehicles: VehicleRules
    persons: PersonRules
    money: MoneyRules
    addresses: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> Rules:
    pipe = get_pipeline()
    return Rules(build_offence_rules(pipe.vocab), OrgRules(pipe.vocab, pipe.gazetteer),
                 VehicleRules(pipe.vocab), PersonRules(pipe.vocab), MoneyRules(pipe.vocab),
                 address_pattern(pipe.vocab))


def warm_up() -> None:
    """Build the pipeline and rules now rather than on the first text."""
    _rules()


def extract(text: str) -> Extraction:
    """Everything the text says that linewatch understands, each value with its span."""
    pipe, rules = get_pipeline(), _rules()
    ctx = pipe.analyse(text)
    ex = Extraction(text=text)
    ex.phone_mentions = find_phones(ctx)
    ex.plate_mentions = find_plates(ctx)
    ex.vehicle_mentions = find_vehicles(ctx, rules.vehicles, ex.plate_mentions)
    ex.postcode_mentions = find_postcodes(ctx)
    ex.address_mentions = find_addresses(ctx, rules.addresses)
    ex.quantity_mentions = find_quantities(ctx)
    ex.money_mentions = find_money(ctx, rules.money)
    ex.offence_mentions = find_offences(ctx, rules.offences)
    ex.drug_mentions = find_drugs(ctx, pipe, rules.offences, ex.offence_mentions,
                                  ex.quantity_mentions)
    ex.weapon_mentions = find_weapons(ctx, pipe, ex.offence_mentions)
    ex.agency_mentions = find_agencies(ctx, rules.orgs)
    ex.operation_mentions = find_operations(ctx, rules.orgs)
    ex.deal_line_mentions = find_deal_lines(ctx)
    ex.count_mentions = find_counts(ctx)
    ex.date_mentions = find_dates(ctx)
    _people_and_places(ctx, pipe, rules, ex)
    _summarise(ctx, ex)
    return ex


def _people_and_places(ctx: Context, pipe: Pipeline, rules: Rules, ex: Extraction) -> None:
    blocked = [m.span for m in ex.agency_mentions] + [v.span for v in ex.vehicle_mentions] + [
        m.span for m in ex.operation_mentions]
    names = [n for n in find_names(ctx, rules.persons) if _is_name(ctx, pipe, n, blocked)]
    ex.official_mentions = [Mention(n.name or "", Span(n.start, n.end, ctx.text[n.start:n.end],
                                                       "official_title"))
                            for n in names if n.official]
    named = [n for n in names if not n.official]
    share_list_attributes(ctx, named, rules.persons)
    surnames = _surnames(ctx, named)
    excluded = blocked + [Span(n.start, n.end, "", "name") for n in names + surnames]
    places = find_places(ctx, pipe, excluded)
    mentions = [m for m in find_mentions(ctx, rules.persons)
                if not (m.kind in {"indefinite", "definite", "anonymous"} and ctx.in_speech(m.start, m.end))
                and not any(s.start <= m.start < s.end for s in excluded)]
    attach_nicknames(ctx, mentions)
    everything = _without_overlaps(named + surnames + mentions)
    linker = Linker(ctx, rules.persons, pipe.gazetteer, places, ex.offence_mentions,
                    [n.start for n in names if n.official], blocked)
    linker.resolve(everything)
    linker.towns(everything)
    linker.link(linker.groups(everything))
    apply_relations(ctx, linker.persons, rules.persons.relations)
    apply_pronouns(ctx, linker.persons, linker.officials, places)
    linker.merge_headline()
    linker.merge_lead(everything)
    linker.merge_repeats(everything)
    linker.merge_named_later()
    ex.persons = merge_bare_mentions(ctx, linker.result())
    ex.persons = _without_background(ctx, ex.persons)
    sex_from_counted_groups(ctx, ex.persons)
    if "|" in ctx.text or "–" in ctx.text or " - " in ctx.text:
        apply_rows(ctx.text, ex.persons, table_rows(ctx.text) + line_rows(ctx.text),
                   STORY_ORDER)
    ex.place_mentions = sorted(places + linker.extra_places, key=lambda p: p.span.start)


def _without_background(ctx: Context, persons: list[Person]) -> list[Person]:
    """Without the people mentioned only in sentences about an earlier event ("Earlier this
    year a 17-year-old was convicted ..."), unless such a sentence also tells of somebody of the
    story ("Tom Reed and another man were watched last year": the other man is of it too)."""
    background = [p for p in persons if only_in_earlier_events(ctx, [s.start for s in p.spans])]
    story_sentences = {ctx.sentence_index(s.start) for p in persons if p not in background
                       for s in p.spans}
    return [p for p in persons if p not in background or any(
        ctx.sentence_index(s.start) in story_sentences for s in p.spans)]


def _is_name(ctx: Context, pipe: Pipeline, n: PersonMention, blocked: list[Span]) -> bool:
    if any(b.start <= n.start < b.end or n.start <= b.start < n.end for b in blocked):
        return False
    before = ctx.text[max(0, n.start - 12):n.start]
    if re.search(r"[\"“‘']\s*$", before) and not n.official:
        return False
    if not n.official and n.ages == [None] and re.search(
            r"\b(?:in|from|at|near|to|between|via|of)\s+$", before):
        return False
    if not n.official and n.ages == [None] and (
            re.search(r"\d\s+$", before)  # "44 Drug Intervention Programmes"
            or _title_case_line(ctx.text, n.start)  # "More Than 250 Arrested In Leeds"
            or _in_place_list(ctx, pipe, n)):  # "the Westwood, Fitton Hill and Oxley areas"
        return False
    first = (n.name or "").split()[0]
    place = pipe.gazetteer.lookup(first)
    if place is not None and place.population >= 5000 and first not in \
            pipe.vocab.ambiguous_places and not n.official:
        return False
    return pipe.gazetteer.lookup(n.name or "") is None


def _title_case_line(text: str, pos: int) -> bool:
    """Whether ``pos`` is in a line written in title case (a headline: most words capitalised)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = re.findall(r"[A-Za-z][\w'’-]*", text[start:end if end >= 0 else len(text)])
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _in_place_list(ctx: Context, pipe: Pipeline, n: PersonMention) -> bool:
    before = re.search(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s*,\s*$", ctx.text[
        max(0, n.start - 30):n.start])
    after = re.match(r"\s*(?:,|and)\s+(?:the\s+)?([A-Z][\w'’-]*)(?:\s+(?:areas?|estates?))?",
                     ctx.text[n.end:n.end + 40])
    return bool(before and pipe.gazetteer.lookup(before.group(1))) or bool(
        after and pipe.gazetteer.lookup(after.group(1))) or bool(re.match(
            r"\s+(?:and\s+[A-Z][\w'’-]*\s+)?areas?\b", ctx.text[n.end:n.end + 30]))


_TITLE_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")
_TITLE_SEX = {"Mr": "M", "Mrs": "F", "Ms": "F", "Miss": "F"}


def _surnames(ctx: Context, named: list[PersonMention]) -> list[PersonMention]:
    owners: dict[str, set[str]] = {}
    aged: set[str] = set()  # names given with an age: people of the story, not speakers
    for n in named:
        if n.name:
            owners.setdefault(n.name.split()[-1], set()).add(n.name)
            if n.ages[0] is not None and not n.official:
                aged.add(n.name)
    out = []
    for surname, full in owners.items():
        if len(full) != 1:
            continue
        name = next(iter(full))
        for m in re.finditer(rf"\b{re.escape(surname)}\b(?!\s+[A-Z])", ctx.text):
            if any(n.start <= m.start() < n.end for n in named):
                continue
            before = ctx.text[max(0, m.start() - 20):m.start()]
            title = _TITLE_BEFORE.search(before)
            if not title and re.search(r"[A-Z][a-z]+\s+$", before):
                continue
            mention = PersonMention(m.start(), m.end(), "surname", name=name,
                                    sex=_TITLE_SEX.get(title.group(1)) if title else None)
            attach_age(ctx, mention)  # "Wallis, 20, of Southwark, was sentenced"
            if mention.ages[0] is not None:
                aged.add(name)
            out.append(mention)
    for mention in out:  # "Mr Hale" gives a sex only to someone the story gives an age
        if mention.name not in aged:
            mention.sex = None
    return out


def _drug_entries(mentions: list[DrugMention]) -> list[DrugEntry]:
    entries: dict[tuple[str | None, str | None], DrugEntry] = {}
    for d in mentions:
        if d.context != "mention":
            continue
        key = (d.drug_class, d.name)
        old = entries.get(key)
        if old is None:
            entries[key] = DrugEntry(d.drug_class, d.name, d.quantity, (d.span,))
        else:
            entries[key] = DrugEntry(old.drug_class, old.name, old.quantity or d.quantity,
                                     (*old.spans, d.span))
    named_classes = {c for c, n in entries if n}
    return [e for (c, n), e in entries.items() if n or c not in named_classes]


def _summarise(ctx: Context, ex: Extraction) -> None:
    evidence: dict[str, list[Span]] = {"arrests": [], "warrants": [], "safeguarded": [],
                                       "charged": []}
    found = without_rough_counts(ctx, rule_matches(ctx, ARREST_RULES, ("arrest", "detain", "apprehend")))
    evidence["arrests"].extend(Span(m.start(), m.end(), m.group(0), rule) for m, rule, _ in found)
    arrest_counts = [ArrestCount(value, ctx.sentence_index(m.start()), m.start())
                     for m, _, value in found]
    explicit = event_arrests(ctx, arrest_counts)
    explicit = max(explicit or 0, coordinated_arrests(ctx) or 0) or None
    further = further_arrests(ctx, evidence["arrests"])
    arrested = [p for p in ex.persons if p.arrested]
    singles = single_arrests(ctx, evidence["arrests"],
                             [sp for p in ex.persons for sp in p.spans])
    events = separate_events_sum(ctx, arrest_counts, [[sp.start for sp in p.spans]
                                                      for p in arrested],
                                 [(pl.span.start, pl.value) for pl in ex.place_mentions])
    base = max(explicit or 0, len(arrested) + singles, ordinal_arrests(ctx), events,
               least_arrests(ctx, evidence["arrests"]),
               group_arrested(ctx, evidence["arrests"], sum(
                   bool({"charged", "convicted", "sentenced"} & set(p.story_roles))
                   and "victim" not in p.story_roles for p in ex.persons))) or None
    ex.arrests = base + further if base is not None else (further or None)
    ex.warrants = warrant_count(ctx, evidence["warrants"])
    safeguarded = count_rules(ctx, SAFEGUARD_RULES, evidence["safeguarded"],
                              ("safeguard", "referred", "protected from"))
    ex.safeguarded = max(safeguarded or 0, sum(p.safeguarded for p in ex.persons)) or None
    charged = charged_count(ctx, evidence["charged"])
    people_charged = sum("charged" in p.story_roles for p in ex.persons)
    ex.counts = {"charged": max(charged or 0, people_charged) or None,
                 **seized_counts(ex.count_mentions),
                 "drug_value_gbp": as_json_number(drug_value(ctx, ex.money_mentions))}
    ex.cash_gbp = cash_seized(ctx, ex.money_mentions)
    evidence["cash_gbp"] = [m.span for m in ex.money_mentions if m.cash]
    ex.evidence = evidence
    ex.drugs = _drug_entries(ex.drug_mentions)
    ex.weapons = list(dict.fromkeys(w.value for w in ex.weapon_mentions))
    ex.locations = list(dict.fromkeys(p.value for p in ex.place_mentions))
    ex.agencies = agency_names(ex.agency_mentions)
    ex.operation_name = ex.operation_mentions[0].value if ex.operation_mentions else None
    ex.phones = list(dict.fromkeys(p.e164 for p in ex.phone_mentions))
    ex.vehicles = merge_vehicles(ctx.text, ex.vehicle_mentions, ex.plate_mentions)
