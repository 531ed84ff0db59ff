"""Phone numbers, number plates, vehicles, postcodes and street addresses.

- Phones: ``phonenumbers.PhoneNumberMatcher`` with region GB and leniency POSSIBLE, so numbers
  that are the right shape but not allocated (07700 9xxxxx) are kept; output E.164. Freephone,
  premium and shared-cost numbers, and numbers given as a way to contact police or Crimestoppers,
  are appeal lines, not subjects' numbers, and are left out.
- Plates: the GB format since 2001, two letters, two digits, three letters; written "AB12 CDE".
- Vehicles: "[colour] make [model]" (e.g. "a silver Ford Focus"), a model that names its make
  ("a white Transit van" -> "white Ford Transit"), or "colour body" ("a black moped"); a plate
  written just after the vehicle ("registration KX19 LMR") is attached to it.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from linewatch.text.model import Mention, Phone, Plate, Span, Vehicle
from linewatch.text.pipeline import Context
from linewatch.text.vocab import Vocab, alternation

_NOT_PERSONAL = {PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
                 PhoneNumberType.SHARED_COST, PhoneNumberType.UAN}
_APPEAL_BEFORE = re.compile(
    r"(?:crimestoppers|fearless|police|101|999|contact us|call us|ring us|calling us)"
    r"[^.\n]{0,40}$", re.IGNORECASE)

# A stretch of digits with the separators phone numbers are written with (+, spaces, brackets,
# dashes, dots): phonenumbers only looks inside these, which is much faster on long texts.
_PHONE_CANDIDATE = re.compile(r"[+(]?\d[\d\s().\-/]{7,24}\d")


_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}")


class _Shifted:
    """A phonenumbers match moved back to positions in the whole text."""

    def __init__(self, start: int, end: int, raw_string: str,
                 number: phonenumbers.PhoneNumber) -> None:
        self.start, self.end, self.raw_string, self.number = start, end, raw_string, number


PLATE_RE = re.compile(r"\b([A-HJ-PR-Y]{2})(\d{2}) ?([A-HJ-PR-Z]{3})\b", re.IGNORECASE)
_PLATE_CUE = re.compile(r"(?:reg(?:istration)?|vrm|index|plate|number plate)[\s.:]*$",
                        re.IGNORECASE)
POSTCODE_RE = re.compile(
    r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_ADDRESS_RE_TEMPLATE = (
    r"\b(?:(?i:flat|apartment|unit)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
    r"(?:[A-Z][a-z'’-]+\s+){{1,3}}(?:{suffixes})\b(?:,\s+[A-Z][a-z-]+(?:[ -][A-Z][a-z-]+)*)?"
)


def find_phones(ctx: Context) -> list[Phone]:
    out: list[Phone] = []
    for candidate in _PHONE_CANDIDATE.finditer(ctx.text):
        start, written = candidate.start(), candidate.group(0)
        date = _DATE_LIKE.match(written)
        if date:  # "03/02/2024 07700 900124": the date is not part of the number
            start, written = start + date.end(), written[date.end():]
        if sum(c.isdigit() for c in written) < 9:
            continue
        # a little context either side lets phonenumbers reject dates and times itself
        out.extend(_phones_in(ctx, max(0, start - 6), min(len(ctx.text), candidate.end() + 6)))
    return out


def _phones_in(ctx: Context, start: int, end: int) -> list[Phone]:
    out: list[Phone] = []
    matcher = phonenumbers.PhoneNumberMatcher(ctx.text[start:end], "GB",
                                              leniency=phonenumbers.Leniency.POSSIBLE)
    for found in matcher:
        match = _Shifted(found.start + start, found.end + start, found.raw_string, found.number)
        number = match.number
        if not phonenumbers.is_possible_number(number):
            continue
        national = phonenumbers.national_significant_number(number)
        if number.country_code == 44 and len(national) < 9:
            continue
        if phonenumbers.number_type(number) in _NOT_PERSONAL:
            continue
        line_start = ctx.text.rfind("\n", 0, match.start) + 1
        if _APPEAL_BEFORE.search(ctx.text[line_start:match.start]):
            continue
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        out.append(Phone(e164, Span(match.start, match.end, match.raw_string, "phonenumbers")))
    return out


def find_plates(ctx: Context) -> list[Plate]:
    out = []
    for m in PLATE_RE.finditer(ctx.text):
        written = m.group(0)
        age = int(m.group(2))
        if not (1 <= age <= 30 or 51 <= age <= 80):
            continue
        if not written.isupper() and not _PLATE_CUE.search(ctx.text[max(0, m.start() - 25):
                                                                      m.start()]):
            continue  # lower-case plates only after "reg", "VRM", ...
        plate = f"{m.group(1)}{m.group(2)} {m.group(3)}".upper()
        out.append(Plate(plate, Span(m.start(), m.end(), written, "plate_gb_2001")))
    return out


_BACK_REFERENCE = re.compile(
    r"\b(?:the|its|this|that)\s+(?:same\s+)?(?:car|van|vehicle|moped|motorbike|motorcycle|bike|"
    r"scooter|taxi|hatchback|saloon|estate|4x4|SUV)\s*,?\s*(?:\(?\s*(?:reg(?:istration)?|vrm|"
    r"index|plate)(?:\s+(?:number|mark|no\.?))?[\s.:]*)?$", re.IGNORECASE)


def find_postcodes(ctx: Context) -> list[Mention]:
    out = []
    for m in POSTCODE_RE.finditer(ctx.text):
        written = m.group(0)
        if not (written.isupper() or ctx.lowercase):
            continue
        value = f"{m.group(1)} {m.group(2)}".upper()
        if PLATE_RE.fullmatch(value.replace(" ", "")):
            continue
        out.append(Mention(value, Span(m.start(), m.end(), written, "postcode")))
    return out


def address_pattern(vocab: Vocab) -> re.Pattern[str]:
    suffixes = alternation([s for s in vocab.street_suffixes if s[0].isupper()])
    return re.compile(_ADDRESS_RE_TEMPLATE.format(suffixes=suffixes))


def find_addresses(ctx: Context, pattern: re.Pattern[str]) -> list[Mention]:
    out = []
    for m in pattern.finditer(ctx.text):
        value = " ".join(m.group(0).split())
        out.append(Mention(value, Span(m.start(), m.end(), m.group(0), "street_address")))
    return out


class VehicleRules:
    """Compiled vehicle patterns (built once with the pipeline's vocabulary)."""

    def __init__(self, vocab: Vocab) -> None:
        self.alias_to_make: dict[str, str] = {}
        self.model_to_make: dict[str, str] = {}
        self.standalone: set[str] = set()
        sensitive: list[str] = []
        insensitive: list[str] = []
        for make in vocab.makes:
            for alias in make.aliases:
                self.alias_to_make[alias.lower()] = make.name
                (sensitive if alias in vocab.case_sensitive_makes else insensitive).append(alias)
            for model in make.models:
                self.model_to_make.setdefault(model.lower(), make.name)
            if make.standalone:
                self.standalone.add(make.name)
        self.models = {m.lower(): m for make in vocab.makes for m in make.models}
        colours = alternation(vocab.colours)
        makes = "(?:" + alternation(insensitive) + "|(?-i:" + alternation(sensitive) + "))"
        alone = alternation(vocab.models_alone)
        bodies = alternation(vocab.body_types)
        model = r"(?:[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?(?:\s+(?:Series|Class|Sport|Custom))?)"
        self.pattern = re.compile(
            rf"\b(?:(?P<colour>{colours})\s+)?(?P<make>{makes})\b(?:\s+(?P<model>{model}))?"
            rf"|\b(?:(?P<colour2>{colours})\s+)?(?P<alone>{alone})\b"
            rf"|\b(?P<colour3>{colours})\s+(?P<body>{bodies})\b",
            re.IGNORECASE)
        self.body_after = re.compile(rf"[ \t]+(?:{bodies}|car|vehicle)\b", re.IGNORECASE)
        self.plate_gap = re.compile(
            rf"^(?:\s*(?:{bodies}))?\s*[,(]?\s*(?:(?:(?:with|bearing)\s+(?:the\s+|a\s+)?(?:number\s+)?)?"
            r"(?:reg(?:istration)?|vrm|index|plate)"
            r"(?:\s+(?:number|mark|no\.?))?[\s.:]*)?$", re.IGNORECASE)


def find_vehicles(ctx: Context, rules: VehicleRules, plates: list[Plate]) -> list[Vehicle]:
    out: list[Vehicle] = []
    for m in rules.pattern.finditer(ctx.text):
        colour = m.group("colour") or m.group("colour2") or m.group("colour3")
        make = model = body = None
        if m.group("make"):
            written_make = " ".join(m.group("make").split())
            make = rules.alias_to_make[written_make.lower()]
            raw_model = m.group("model")
            plate_like = PLATE_RE.match(ctx.text, m.start("model"))
            if plate_like and not plate_like.group(0).upper() == plate_like.group(0):
                plate_like = None  # "a Volvo XC90 was": a model, then a word, not a plate
            if raw_model and (plate_like
                              or raw_model.lower() not in rules.models and
                              not re.fullmatch(r"[A-Z0-9-]+|\d+ Series|[A-Z]-Class", raw_model)):
                raw_model = None
            model = rules.models.get(raw_model.lower(), raw_model) if raw_model else None
            if not (colour or model or make in rules.standalone or m.group("make")[0].isupper()
                    and (make in {"Mercedes", "BMW", "Audi", "Vauxhall", "Volkswagen"}
                         or rules.body_after.match(ctx.text, m.end("make")))):
                continue  # (but "a Peugeot car", "a Ford van" name a vehicle)
            end = m.end("model") if model else m.end("make")
        elif m.group("alone"):
            model = rules.models.get(m.group("alone").lower(), m.group("alone"))
            make = rules.model_to_make.get(model.lower())
            if not m.group("alone")[0].isupper():
                continue
            end = m.end("alone")
        else:
            body = m.group("body").lower()
            end = m.end("body")
        if colour:
            colour = " ".join(colour.lower().split()).replace("gray", "grey")
        plate = next((p.plate for p in plates if p.span.start >= end and
                      rules.plate_gap.match(ctx.text[end:p.span.start])), None)
        start = m.start()
        stop = max(end, next((p.span.end for p in plates if p.plate == plate), end))
        rule = "vehicle_make_model" if m.group("make") else (
            "vehicle_model" if m.group("alone") else "vehicle_colour_body")
        out.append(Vehicle(colour, make, model, body, plate,
                           Span(start, stop, ctx.text[start:stop], rule),
                           _as_written(written_make, make) if m.group("make") else None))
    return out


def _as_written(written: str, make: str | None) -> str | None:
    """The make as the text writes it when that is another proper spelling of it ("VW",
    "Mercedes-Benz"); a lower-case slang word ("a black merc") or a shouted headline word
    ("MERCEDES") keeps the make's own name."""
    if written == make or not written[:1].isupper() or (written.isupper() and len(written) > 3):
        return None
    return written


def merge_vehicles(text: str, vehicles: list[Vehicle], plates: list[Plate]) -> list[str]:
    """One description per vehicle, in order; a plate nobody drives is a vehicle of its own."""
    kept: list[Vehicle] = []
    for v in vehicles:
        same = next((k for k in kept if (v.plate and k.plate == v.plate) or (
            v.make and k.make == v.make and (k.model == v.model or not v.model or not k.model)
            and (not v.plate or not k.plate))), None)
        if same is None:
            kept.append(v)
            continue
        same.colour = same.colour or v.colour
        same.written_make = same.written_make or v.written_make
        same.model = same.model or v.model
        same.plate = same.plate or v.plate
    for p in plates:  # "The moped, registration LB70 WKD, was seized."
        if any(v.plate == p.plate for v in kept):
            continue
        earlier = [v for v in kept if v.span.start < p.span.start and not v.plate]
        line_start = text.rfind("\n", 0, p.span.start) + 1
        if earlier and _BACK_REFERENCE.search(text[max(line_start, p.span.start - 40):
                                                    p.span.start]):
            earlier[-1].plate = p.plate
    used = {v.plate for v in kept if v.plate}
    out = [v.describe() for v in kept]
    for p in plates:
        if p.plate not in used:
            used.add(p.plate)
            out.append(p.plate)
    return list(dict.fromkeys(out))
