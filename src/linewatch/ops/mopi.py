"""The MoPI review groups as data (``ops/data/mopi_groups.yaml``): which group an offence puts
a record in, and how long after its last relevant event the record is due for review.

Offences are classified with the harm table's categories (:mod:`linewatch.score.harm`), so one
wording rule serves both scoring and retention; the groups file maps each category to a group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from linewatch.errors import InputError
from linewatch.score.harm import HarmWeights, load_harm_weights


@dataclass(frozen=True)
class ReviewGroup:
    number: int
    label: str
    review_years: int
    rule: str
    retain_until_age: int | None = None


@dataclass(frozen=True)
class MopiGroups:
    """Groups, their periods, and the group of each harm-table offence category."""

    name: str
    source: str
    groups: dict[int, ReviewGroup]
    by_offence: dict[str, int]
    default_group: int
    harm: HarmWeights

    def group_of_text(self, *texts: str | None) -> tuple[int, str | None]:
        """The most serious group (lowest number) any offence in ``texts`` falls in, and the
        category that put it there; the default group when none is recognised."""
        best: tuple[int, str | None] = (self.default_group, None)
        for text in texts:
            for found in self.harm.classify(text):
                group = self.by_offence.get(found.offence.key, self.default_group)
                if group < best[0]:
                    best = (group, found.offence.key)
                elif best[1] is None and group == best[0]:
                    best = (group, found.offence.key)
        return best

    def review_date(self, group: int, last_event: dt.date) -> dt.date:
        return add_years(last_event, self.groups[group].review_years)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "default_group": self.default_group,
                "groups": {n: vars(g) for n, g in self.groups.items()}}


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_groups_path() -> Path:
    return Path(str(resources.files("linewatch.ops") / "data" / "mopi_groups.yaml"))


@lru_cache(maxsize=4)
def load_mopi_groups(path: str | None = None, harm_path: str | None = None) -> MopiGroups:
    """Read and check a groups file (default: the packaged one)."""
    where = path or str(default_groups_path())
    try:
        spec = yaml.safe_load(Path(where).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the MoPI groups file: {exc}", file=where) from exc
    harm = load_harm_weights(harm_path)
    known = {o.key for o in harm.offences}
    groups: dict[int, ReviewGroup] = {}
    for number, entry in (spec.get("groups") or {}).items():
        groups[int(number)] = ReviewGroup(
            int(number), str(entry["label"]), int(entry["review_years"]), str(entry["rule"]),
            int(entry["retain_until_age"]) if entry.get("retain_until_age") else None)
    by_offence: dict[str, int] = {}
    for key, value in (spec.get("offences") or {}).items():
        group = int(value["group"] if isinstance(value, dict) else value)
        if key not in known:
            raise InputError(f"offence '{key}' is not in the harm table", file=where,
                             field="offences")
        if group not in groups:
            raise InputError(f"offence '{key}': no group {group}", file=where, field="offences")
        by_offence[key] = group
    default = int(spec.get("default_group", max(groups)))
    if default not in groups:
        raise InputError(f"default_group {default} is not a group", file=where)
    return MopiGroups(str(spec.get("name", where)), str(spec.get("source", "")), groups,
                      by_offence, default, harm)
