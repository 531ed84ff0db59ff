"""Offence harm weights: loading the force's data file and classifying offence wording.

The weights are data (``score/data/harm_weights.yaml``), not code: each entry names its value in
days, whether it is a published Cambridge Crime Harm Index value or a local estimate, its source
or reasoning, and the regular expressions and Home Office codes that map offence wording to it.
A force points linewatch at its own file with the ``harm_weights`` parameter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from linewatch.errors import LinewatchError

STATUSES = ("published", "local_estimate")
_CODE_PREFIX = r"(?:ho\s*(?:code)?\s*[:#]?\s*)?"
_SPLIT = re.compile(r"[;|\n]+")


@dataclass(frozen=True)
class OffenceWeight:
    """One offence category of the harm index."""

    key: str
    label: str
    weight_days: float
    status: str
    source: str | None
    reasoning: str | None
    violent: bool
    weapon: bool
    patterns: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...]
    codes: tuple[tuple[str, bool], ...]
    drug_class: str | None = None
    class_from_seizures: dict[str, str] = field(default_factory=dict)

    def matches(self, text: str) -> bool:
        if any(re.fullmatch(_CODE_PREFIX + re.escape(code), text, re.IGNORECASE)
               for code, _ in self.codes):
            return True
        if not any(p.search(text) for p in self.patterns):
            return False
        return all(r.search(text) for r in self.requires)

    def describe(self) -> dict[str, Any]:
        """The entry as a court-readable dict (value, status, source or reasoning)."""
        return {"key": self.key, "label": self.label, "weight_days": self.weight_days,
                "status": self.status, "source": self.source, "reasoning": self.reasoning,
                "violent": self.violent, "weapon": self.weapon}


@dataclass(frozen=True)
class Classified:
    """One offence wording mapped to a category (``matched`` is the part that matched)."""

    offence: OffenceWeight
    matched: str
    via: str


@dataclass(frozen=True)
class HarmWeights:
    """The whole harm table: ordered offence entries, outcome factors and decay."""

    name: str
    path: str
    offences: tuple[OffenceWeight, ...]
    outcome_factors: dict[str, float]
    decay_half_life_days: float

    @property
    def recorded_path(self) -> str:
        """The file as a run records it: the shipped file by its place in the package (the
        same wherever linewatch is installed, so a re-run elsewhere writes identical
        outputs), a force's own file by the path it was loaded from."""
        if self.path == str(default_weights_path().resolve()):
            return SHIPPED_WEIGHTS
        return self.path

    def by_key(self, key: str) -> OffenceWeight:
        for offence in self.offences:
            if offence.key == key:
                return offence
        raise LinewatchError(f"{self.path}: no offence '{key}'")

    def classify(self, text: str | None,
                 seizure_classes: frozenset[str] = frozenset()) -> list[Classified]:
        """Categories of every ';'-separated offence in ``text`` (unmatched parts are skipped).

        ``seizure_classes`` are the drug classes seized at the same event: they settle the class
        of a supply offence whose wording does not state it.
        """
        found: list[Classified] = []
        for part in _SPLIT.split(text or ""):
            part = part.strip()
            if not part:
                continue
            for offence in self.offences:
                if offence.matches(part):
                    found.append(self._settle_class(offence, part, seizure_classes))
                    break
        return found

    def _settle_class(self, offence: OffenceWeight, part: str,
                      seizure_classes: frozenset[str]) -> Classified:
        for drug_class in ("A", "B", "C"):
            target = offence.class_from_seizures.get(drug_class)
            if target and drug_class in seizure_classes:
                return Classified(self.by_key(target), part, f"class {drug_class} seized at event")
        return Classified(offence, part, "wording")

    def outcome_factor(self, outcome: str | None) -> float:
        key = (outcome or "").strip().lower().replace(" ", "_")
        return float(self.outcome_factors.get(key, self.outcome_factors.get("default", 1.0)))

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path,
                "decay_half_life_days": self.decay_half_life_days,
                "outcome_factors": dict(self.outcome_factors),
                "offences": [o.describe() for o in self.offences]}


def decay(age_days: float, half_life_days: float) -> float:
    """Recency factor ``0.5 ** (age / half_life)``; events after the reference date count 1."""
    if half_life_days <= 0:
        return 1.0
    return math.pow(0.5, max(0.0, age_days) / half_life_days)


#: how runs name the shipped harm-weights file
SHIPPED_WEIGHTS = "linewatch/score/data/harm_weights.yaml"


def default_weights_path() -> Path:
    return Path(str(resources.files("linewatch.score") / "data" / "harm_weights.yaml"))


def load_harm_weights(path: str | Path | None = None) -> HarmWeights:
    """Load and check a harm-weights file (the shipped one when ``path`` is ``None``)."""
    target = Path(path) if path else default_weights_path()
    return _load(str(target.resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> HarmWeights:
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LinewatchError(f"{path}: cannot read harm weights ({exc})") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("offences"), list):
        raise LinewatchError(f"{path}: harm weights need an 'offences' list")
    offences = tuple(_parse_offence(entry, path, i) for i, entry in enumerate(spec["offences"]))
    keys = [o.key for o in offences]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise LinewatchError(f"{path}: offence keys declared twice: {duplicates}")
    for offence in offences:
        for target in offence.class_from_seizures.values():
            if target not in keys:
                raise LinewatchError(f"{path}: '{offence.key}' refers to unknown '{target}'")
    factors = {str(k): float(v) for k, v in (spec.get("outcome_factors") or {}).items()}
    return HarmWeights(name=str(spec.get("name", Path(path).name)), path=path, offences=offences,
                       outcome_factors=factors,
                       decay_half_life_days=float(spec.get("decay_half_life_days", 365)))


def _parse_offence(entry: Any, path: str, index: int) -> OffenceWeight:
    where = f"{path}: offence #{index + 1}"
    if not isinstance(entry, dict):
        raise LinewatchError(f"{where} is not a mapping")
    for key in ("key", "weight_days", "status"):
        if key not in entry:
            raise LinewatchError(f"{where} has no '{key}'")
    if entry["status"] not in STATUSES:
        raise LinewatchError(f"{where}: status must be one of {STATUSES}")
    if entry["status"] == "published" and not entry.get("source"):
        raise LinewatchError(f"{where}: a published weight needs a 'source'")
    if entry["status"] == "local_estimate" and not entry.get("reasoning"):
        raise LinewatchError(f"{where}: a local estimate needs its 'reasoning'")
    try:
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in entry.get("patterns") or [])
        requires = tuple(re.compile(p, re.IGNORECASE) for p in entry.get("requires") or [])
    except re.error as exc:
        raise LinewatchError(f"{where}: bad pattern ({exc})") from exc
    codes = tuple((str(c["code"]), bool(c.get("verified", False)))
                  for c in entry.get("home_office_codes") or [])
    return OffenceWeight(
        key=str(entry["key"]), label=str(entry.get("label", entry["key"])),
        weight_days=float(entry["weight_days"]), status=str(entry["status"]),
        source=entry.get("source"), reasoning=entry.get("reasoning"),
        violent=bool(entry.get("violent", False)), weapon=bool(entry.get("weapon", False)),
        patterns=patterns, requires=requires, codes=codes, drug_class=entry.get("drug_class"),
        class_from_seizures={str(k): str(v)
                             for k, v in (entry.get("class_from_seizures") or {}).items()},
    )
