"""Which police force an address is in, from its postcode, through an editable data file.

The mapping lives in ``ops/data/forces.yaml`` (postcode area -> force, with outward-code
exceptions for areas that cross a force boundary). A force replaces it with its own copy by
setting ``LINEWATCH_OPS_FORCES`` or passing ``path`` to :meth:`ForceMap.load`. Nothing about
places is written in this module's logic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from linewatch.errors import InputError
from linewatch.schema.types import postcode as postcode_type

ENV_VAR = "LINEWATCH_OPS_FORCES"
UNKNOWN = "Unknown force"


@dataclass(frozen=True)
class ForceArea:
    """The answer for one postcode: the force, and how sure the data file is."""

    force: str
    postcode: str | None
    area: str | None
    district: str | None
    uncertain: bool
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"force": self.force, "postcode": self.postcode, "area": self.area,
                "district": self.district, "uncertain": self.uncertain, "basis": self.basis}


@dataclass
class ForceMap:
    """Postcode areas and districts to forces, as loaded from the data file."""

    areas: dict[str, str]
    uncertain_areas: set[str]
    districts: dict[str, str]
    regions: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def load(cls, path: str | Path | None = None) -> ForceMap:
        """Read the mapping from ``path``, ``$LINEWATCH_OPS_FORCES`` or the shipped file."""
        chosen = path or os.environ.get(ENV_VAR) or None
        return _load(str(chosen) if chosen else "")

    def lookup(self, postcode: str | None) -> ForceArea:
        """The force of ``postcode``; ``Unknown force`` (uncertain) when it cannot be told."""
        cleaned = postcode_type.try_clean(postcode) if postcode else None
        if cleaned is None:
            return ForceArea(UNKNOWN, None, None, None, True,
                             "no usable postcode: confirm the force by hand")
        district = cleaned.split(" ")[0]
        area = re.match(r"[A-Z]+", district)
        letters = area.group(0) if area else ""
        if district in self.districts:
            return ForceArea(self.districts[district], cleaned, letters, district, False,
                             f"postcode district {district} listed in the force map")
        if letters not in self.areas:
            return ForceArea(UNKNOWN, cleaned, letters, district, True,
                             f"postcode area {letters} is not in the force map")
        uncertain = letters in self.uncertain_areas
        basis = (f"postcode area {letters} crosses a force boundary: probably "
                 f"{self.areas[letters]}, confirm before the day" if uncertain
                 else f"postcode area {letters}")
        return ForceArea(self.areas[letters], cleaned, letters, district, uncertain, basis)

    def region(self, force: str) -> str:
        """The plain-English area of a force ("Kent" for Kent Police)."""
        return self.regions.get(force, force)

    def forces(self) -> list[str]:
        return sorted(set(self.areas.values()) | set(self.districts.values()))


@lru_cache(maxsize=8)
def _load(path: str) -> ForceMap:
    if path:
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the force map ({exc})", file=path) from exc
    else:
        source = Path(str(resources.files("linewatch.ops") / "data" / "forces.yaml"))
        text = source.read_text(encoding="utf-8")
    try:
        spec = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"the force map is not valid YAML ({exc})", file=str(source)) from exc
    return parse(spec, str(source))


def parse(spec: dict[str, Any], source: str = "<data>") -> ForceMap:
    """Check and build a :class:`ForceMap` from the YAML structure (fails loudly)."""
    areas_spec = spec.get("areas")
    if not isinstance(areas_spec, dict) or not areas_spec:
        raise InputError("the force map has no 'areas' section", file=source)
    areas: dict[str, str] = {}
    uncertain: set[str] = set()
    districts: dict[str, str] = {}
    for raw_area, entry in areas_spec.items():
        area = str(raw_area).strip().upper()
        if not re.fullmatch(r"[A-Z]{1,2}", area):
            raise InputError(f"'{raw_area}' is not a postcode area", file=source, field=area)
        if not isinstance(entry, dict) or not str(entry.get("force") or "").strip():
            raise InputError("every area needs a force", file=source, field=area)
        areas[area] = str(entry["force"]).strip()
        if entry.get("uncertain"):
            uncertain.add(area)
        for force, codes in (entry.get("districts") or {}).items():
            for code in codes or []:
                district = str(code).strip().upper()
                if not district.startswith(area) or not re.fullmatch(
                        rf"{area}[0-9][A-Z0-9]?", district):
                    raise InputError(f"district '{code}' is not in area {area}", file=source,
                                     field=area)
                if district in districts and districts[district] != str(force):
                    raise InputError(f"district {district} is given two forces", file=source,
                                     field=area)
                districts[district] = str(force).strip()
    regions = {str(k): str(v) for k, v in (spec.get("regions") or {}).items()}
    return ForceMap(areas, uncertain, districts, regions, source)


def force_for(postcode: str | None, forces: ForceMap | None = None) -> ForceArea:
    """Shortcut: the force of one postcode with the default (or given) map."""
    return (forces or ForceMap.load()).lookup(postcode)
