"""Vocabularies for text extraction, loaded from the YAML files in ``data/``.

Forces edit the YAML files (drugs, weapons, agencies, offences, places, vehicles, words); this
module turns them into typed, immutable objects once per process and checks that each file has
the shape the rules expect, failing loudly with the file name when it does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from linewatch.errors import ModelError

# libyaml's safe loader when PyYAML was built with it (about ten times faster), else PyYAML's
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(name: str) -> dict[str, Any]:
    path = resources.files("linewatch.text") / "data" / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - safe
    except (OSError, yaml.YAMLError) as e:
        raise ModelError(f"text vocabulary {name}: cannot read: {e}") from e
    if not isinstance(data, dict):
        raise ModelError(f"text vocabulary {name}: expected a mapping at the top level")
    return data


def _strings(data: dict[str, Any], key: str, file: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ModelError(f"text vocabulary {file}: '{key}' must be a list of strings")
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class Drug:
    name: str
    drug_class: str
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...]


@dataclass(frozen=True)
class Weapon:
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class OffencePattern:
    canonical: str
    pattern: str
    strong: bool

    @property
    def takes_object(self) -> bool:
        return "{obj}" in self.canonical


@dataclass(frozen=True)
class Make:
    name: str
    aliases: tuple[str, ...]
    models: tuple[str, ...]
    standalone: bool


@dataclass(frozen=True)
class Vocab:
    """Everything the rules read from the data files."""

    drugs: tuple[Drug, ...]
    dealing_verbs: frozenset[str]
    weapons: tuple[Weapon, ...]
    not_weapon_after: frozenset[str]
    police_use_before: tuple[str, ...]
    agencies: tuple[Agency, ...]
    force_suffixes: tuple[str, ...]
    not_force_after: tuple[str, ...]
    not_met_after: tuple[str, ...]
    force_abbreviations: dict[str, str]
    offences: tuple[OffencePattern, ...]
    offence_cues: tuple[str, ...]
    victim_before: tuple[str, ...]
    regions: tuple[str, ...]
    extra_places: tuple[str, ...]
    place_aliases: dict[str, str]
    ambiguous_places: frozenset[str]
    never_places: frozenset[str]
    street_suffixes: frozenset[str]
    locative: frozenset[str]
    colours: tuple[str, ...]
    makes: tuple[Make, ...]
    case_sensitive_makes: frozenset[str]
    models_alone: frozenset[str]
    body_types: tuple[str, ...]
    lexicon: dict[str, Any]

    def drug(self, name: str) -> Drug:
        return next(d for d in self.drugs if d.name == name)


def _drugs(data: dict[str, Any]) -> tuple[Drug, ...]:
    out = []
    for item in data.get("drugs", []):
        cls = str(item.get("class", ""))
        if cls not in {"A", "B", "C"}:
            raise ModelError(f"text vocabulary drugs.yaml: {item.get('name')}: class must be A/B/C")
        out.append(Drug(str(item["name"]), cls, _strings(item, "aliases", "drugs.yaml"),
                        _strings(item, "context_aliases", "drugs.yaml")))
    return tuple(out)


def _offences(data: dict[str, Any]) -> tuple[OffencePattern, ...]:
    out = []
    for strength in ("strong", "weak"):
        for item in data.get(strength, []):
            pattern = OffencePattern(str(item["canonical"]), str(item["pattern"]),
                                     strength == "strong")
            try:
                re.compile(pattern.pattern.replace("{obj}", "x"))
            except re.error as e:
                raise ModelError(f"text vocabulary offences.yaml: bad pattern "
                                 f"{pattern.pattern!r}: {e}") from e
            out.append(pattern)
    return tuple(out)


def _makes(data: dict[str, Any]) -> tuple[Make, ...]:
    out = []
    for name, item in (data.get("makes") or {}).items():
        out.append(Make(str(name), _strings(item, "aliases", "vehicles.yaml"),
                        _strings(item, "models", "vehicles.yaml"),
                        bool(item.get("standalone", False))))
    return tuple(out)


@lru_cache(maxsize=1)
def load_vocab() -> Vocab:
    """Load and check every vocabulary file (cached for the process)."""
    drugs, weapons, agencies = _load("drugs.yaml"), _load("weapons.yaml"), _load("agencies.yaml")
    offences, places, vehicles = _load("offences.yaml"), _load("places.yaml"), _load("vehicles.yaml")
    lexicon = _load("lexicon.yaml")
    aliases = places.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise ModelError("text vocabulary places.yaml: 'aliases' must be a mapping")
    return Vocab(
        drugs=_drugs(drugs),
        dealing_verbs=frozenset(_strings(drugs, "dealing_verbs", "drugs.yaml")),
        weapons=tuple(Weapon(str(w["name"]), _strings(w, "aliases", "weapons.yaml"))
                      for w in weapons.get("weapons", [])),
        not_weapon_after=frozenset(_strings(weapons, "not_weapon_after", "weapons.yaml")),
        police_use_before=_strings(weapons, "police_use_before", "weapons.yaml"),
        agencies=tuple(Agency(str(a["name"]), _strings(a, "aliases", "agencies.yaml"))
                       for a in agencies.get("agencies", [])),
        force_suffixes=_strings(agencies, "force_suffixes", "agencies.yaml"),
        not_force_after=_strings(agencies, "not_force_after", "agencies.yaml"),
        not_met_after=_strings(agencies, "not_met_after", "agencies.yaml"),
        force_abbreviations={str(k): str(v) for k, v in
                             (agencies.get("force_abbreviations") or {}).items()},
        offences=_offences(offences),
        offence_cues=_strings(offences, "cues", "offences.yaml"),
        victim_before=_strings(offences, "victim_before", "offences.yaml"),
        regions=_strings(places, "regions", "places.yaml"),
        extra_places=_strings(places, "extra_places", "places.yaml"),
        place_aliases={str(k): str(v) for k, v in aliases.items()},
        ambiguous_places=frozenset(_strings(places, "ambiguous", "places.yaml")),
        never_places=frozenset(_strings(places, "never", "places.yaml")),
        street_suffixes=frozenset(_strings(places, "street_suffixes", "places.yaml")),
        locative=frozenset(_strings(places, "locative", "places.yaml")),
        colours=_strings(vehicles, "colours", "vehicles.yaml"),
        makes=_makes(vehicles),
        case_sensitive_makes=frozenset(_strings(vehicles, "case_sensitive", "vehicles.yaml")),
        models_alone=frozenset(_strings(vehicles, "models_alone", "vehicles.yaml")),
        body_types=_strings(vehicles, "body_types", "vehicles.yaml"),
        lexicon=lexicon,
    )


def alternation(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any whitespace."""
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len,
                                                                    reverse=True)]
    return "(?:" + "|".join(escaped) + ")"
