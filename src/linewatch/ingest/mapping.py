"""Column mappings: a small YAML file that maps another layout onto a contract kind.

Example (a network operator's CDR export)::

    kind: cdr
    columns:                       # contract field: source column, or a template of columns
      start_time: "{Call Date} {Call Time}"
      a_number: Originating Number
      b_number: Terminating Number
      event_type: Record Type
    formats:                       # strptime formats for times and dates
      start_time: "%d/%m/%Y %H:%M:%S"
    values:                        # source value -> contract value
      event_type: {Call: voice, Text: sms}

Columns not named in the mapping are matched by name as usual; anything left over is kept as
attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from linewatch.errors import InputError
from linewatch.schema.contract import Kind, resolve_kind

_TEMPLATE_PART = re.compile(r"\{([^{}]+)\}")


@dataclass
class Mapping:
    kind: Kind | None
    columns: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = ""

    def is_template(self, field_name: str) -> bool:
        return bool(_TEMPLATE_PART.search(self.columns.get(field_name, "")))

    def template_parts(self, field_name: str) -> list[tuple[str, bool]]:
        """Split a template into (text, is_column) parts."""
        template = self.columns[field_name]
        parts: list[tuple[str, bool]] = []
        pos = 0
        for match in _TEMPLATE_PART.finditer(template):
            if match.start() > pos:
                parts.append((template[pos:match.start()], False))
            parts.append((match.group(1), True))
            pos = match.end()
        if pos < len(template):
            parts.append((template[pos:], False))
        return parts


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every problem names the file and the key."""
    if not path.exists():
        raise InputError("no such mapping file", file=str(path))
    try:
        spec: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"mapping is not valid YAML ({exc})", file=str(path)) from exc
    if not isinstance(spec, dict):
        raise InputError("mapping must be a YAML mapping with 'columns'", file=str(path))
    unknown = set(spec) - {"kind", "columns", "formats", "values", "description"}
    if unknown:
        raise InputError(f"unknown keys {sorted(unknown)}", file=str(path))
    kind = None
    if spec.get("kind"):
        kind = resolve_kind(str(spec["kind"]))
        if kind is None:
            raise InputError(f"unknown kind '{spec['kind']}'", file=str(path), field="kind")
    mapping = Mapping(
        kind=kind,
        columns={str(k).lower(): str(v) for k, v in (spec.get("columns") or {}).items()},
        formats={str(k).lower(): str(v) for k, v in (spec.get("formats") or {}).items()},
        values={str(k).lower(): {str(a): str(b) for a, b in (v or {}).items()}
                for k, v in (spec.get("values") or {}).items()},
        source=str(path),
    )
    if kind is not None:
        names = set(kind.field_names)
        for section in ("columns", "formats", "values"):
            for key in getattr(mapping, section):
                if key not in names:
                    raise InputError(f"'{key}' is not a field of kind '{kind.name}'",
                                     file=str(path), field=f"{section}.{key}")
    return mapping
