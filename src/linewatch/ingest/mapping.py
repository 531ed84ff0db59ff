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

Version 2 of the language adds, per document: ``file`` (which file of the folder it reads),
``constants`` and ``defaults``, ``where`` (row filters), computed values (a ``columns`` entry
that is a function: ``split``, ``concat``, ``number``, ``first``, ``lower``, ``upper``,
``const``, ``template``), ``otherwise`` in value maps, and ``join`` (other files looked up by
key). One file may hold several documents separated by ``---``. Documents using any of these
are applied row by row by :mod:`linewatch.ingest.transform`; version 1 documents are applied in
SQL exactly as before. Every error names the mapping file, the line and the key.
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
_V1_KEYS = {"kind", "columns", "formats", "values", "description"}
_V2_KEYS = {"file", "constants", "defaults", "where", "join"}
FUNCTIONS = {"const", "column", "template", "split", "concat", "number", "first", "lower",
             "upper"}
CONDITIONS = {"equals", "not_equals", "in", "not_in", "matches", "present", "absent"}
OTHERWISE = "otherwise"


@dataclass
class Join:
    """Another file looked up by key: ``on`` maps a column of the rows so far to its column."""

    file: str
    alias: str
    on: tuple[str, str]
    many: str = "first"  # "first" match, or "all" matches joined with ';'
    line: int = 0


@dataclass
class Condition:
    column: str
    test: str
    value: Any
    line: int = 0


@dataclass
class Mapping:
    kind: Kind | None
    columns: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = ""
    # version 2
    file: str | None = None
    constants: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    computed: dict[str, Any] = field(default_factory=dict)
    where: list[Condition] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # "section.key" -> line in the file
    text: str = ""  # the document's own text (part of an import's fingerprint)

    @property
    def is_v2(self) -> bool:
        return bool(self.file or self.constants or self.defaults or self.computed
                    or self.where or self.joins)

    def where_is(self, key: str) -> str:
        """``file:line`` of a key of this document (for error messages)."""
        line = self.lines.get(key) or self.lines.get(key.split(".")[0])
        return f"{self.source}:{line}" if line else self.source

    def is_template(self, field_name: str) -> bool:
        return bool(_TEMPLATE_PART.search(self.columns.get(field_name, "")))

    def template_parts(self, field_name: str) -> list[tuple[str, bool]]:
        """Split a template into (text, is_column) parts."""
        return template_parts(self.columns[field_name])


def template_parts(template: str) -> list[tuple[str, bool]]:
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
    """Read and check a one-document mapping file (see :func:`load_mappings`)."""
    documents = load_mappings(path)
    if len(documents) != 1:
        raise InputError(f"the mapping holds {len(documents)} documents; one was expected",
                         file=str(path))
    return documents[0]


def load_mappings(path: Path) -> list[Mapping]:
    """Read and check every document of a mapping file; each problem names file, line, key."""
    if not path.exists():
        raise InputError("no such mapping file", file=str(path))
    text = path.read_text(encoding="utf-8")
    try:
        nodes = [n for n in yaml.compose_all(text) if n is not None]
    except yaml.YAMLError as exc:
        raise InputError(f"mapping is not valid YAML ({exc})", file=str(path)) from exc
    if not nodes:
        raise InputError("mapping must be a YAML mapping with 'columns'", file=str(path))
    documents = []
    for node in nodes:
        lines: dict[str, int] = {}
        spec = _to_python(node, "", lines)
        start = node.start_mark.index
        end = node.end_mark.index
        documents.append(_build(spec, path, lines, text[start:end], node.start_mark.line + 1))
    return documents


def _to_python(node: yaml.Node, prefix: str, lines: dict[str, int]) -> Any:
    """The node's value, recording the line of every mapping key as ``a.b.c``."""
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)  # as written: "on", "yes" and "no" are not booleans
            name = f"{prefix}.{key}" if prefix else key
            lines[name] = key_node.start_mark.line + 1
            out[key] = _to_python(value_node, name, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[f"{prefix}[{i}]"] = item.start_mark.line + 1
            items.append(_to_python(item, f"{prefix}[{i}]", lines))
        return items
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)  # every value is text, as written (010 stays 010, yes stays yes)


def _build(spec: Any, path: Path, lines: dict[str, int], text: str, first_line: int) -> Mapping:
    def fail(message: str, key: str | None = None) -> InputError:
        line = lines.get(key or "", first_line)
        return InputError(message, file=f"{path}:{line}", field=key)

    if not isinstance(spec, dict):
        raise fail("mapping must be a YAML mapping with 'columns'")
    unknown = set(spec) - _V1_KEYS - _V2_KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}", sorted(unknown)[0])
    kind = None
    if spec.get("kind"):
        kind = resolve_kind(str(spec["kind"]))
        if kind is None:
            raise fail(f"unknown kind '{spec['kind']}'", "kind")
    if spec.get("file") and kind is None:
        raise fail("a document that names a 'file' needs its 'kind'", "file")
    for section in ("columns", "formats", "values", "constants", "defaults"):
        if not isinstance(spec.get(section) or {}, dict):
            raise fail(f"'{section}' must be a mapping of field to value", section)
    columns: dict[str, str] = {}
    computed: dict[str, Any] = {}
    for key, value in (spec.get("columns") or {}).items():
        name = str(key).lower()
        if isinstance(value, dict | list):
            computed[name] = _check_expression(value, fail, f"columns.{key}")
        else:
            columns[name] = str(value)
    values: dict[str, dict[str, str]] = {}
    for key, table in (spec.get("values") or {}).items():
        if not isinstance(table or {}, dict):
            raise fail("a value map must map source values to contract values", f"values.{key}")
        values[str(key).lower()] = {str(a): str(b) for a, b in (table or {}).items()}
    mapping = Mapping(
        kind=kind, columns=columns,
        formats={str(k).lower(): str(v) for k, v in (spec.get("formats") or {}).items()},
        values=values, source=str(path),
        file=str(spec["file"]) if spec.get("file") else None,
        constants={str(k).lower(): str(v) for k, v in (spec.get("constants") or {}).items()},
        defaults={str(k).lower(): str(v) for k, v in (spec.get("defaults") or {}).items()},
        computed=computed, where=_conditions(spec.get("where"), fail, lines),
        joins=_joins(spec.get("join"), fail, lines), lines=lines, text=text,
    )
    if kind is not None:
        names = set(kind.field_names)
        for section in ("columns", "computed", "formats", "values", "constants", "defaults"):
            for key in getattr(mapping, section):
                if key not in names:
                    where = "columns" if section == "computed" else section
                    raise fail(f"'{key}' is not a field of kind '{kind.name}'",
                               _original_key(spec, where, key))
    return mapping


def _original_key(spec: dict[str, Any], section: str, key: str) -> str:
    for written in spec.get(section) or {}:
        if str(written).lower() == key:
            return f"{section}.{written}"
    return f"{section}.{key}"


def _check_expression(value: Any, fail: Any, key: str) -> Any:
    """A computed value: ``{function: argument, option: ...}``; checked recursively."""
    if isinstance(value, list):
        raise fail("a computed value is a mapping such as {concat: [a, b]}", key)
    functions = [k for k in value if k in FUNCTIONS]
    if len(functions) != 1:
        raise fail(f"a computed value names one function of {sorted(FUNCTIONS)}", key)
    options = set(value) - set(functions) - {"sep", "index"}
    if options:
        raise fail(f"unknown option(s) {sorted(options)} of '{functions[0]}'", key)
    argument = value[functions[0]]
    for inner in argument if isinstance(argument, list) else [argument]:
        if isinstance(inner, dict):
            _check_expression(inner, fail, key)
    if functions[0] in ("concat", "first") and not isinstance(argument, list):
        raise fail(f"'{functions[0]}' takes a list", key)
    if functions[0] == "split" and "sep" not in value:
        raise fail("'split' needs 'sep' (and an 'index', 0 by default)", key)
    return value


def _conditions(spec: Any, fail: Any, lines: dict[str, int]) -> list[Condition]:
    if spec is None:
        return []
    items = spec if isinstance(spec, list) else [spec]
    found = []
    for i, item in enumerate(items):
        key = f"where[{i}]" if isinstance(spec, list) else "where"
        if not isinstance(item, dict) or "column" not in item:
            raise fail("a row filter is {column: NAME, equals|not_equals|in|not_in|matches|"
                       "present|absent: VALUE}", key)
        tests = [k for k in item if k in CONDITIONS]
        if len(tests) != 1 or set(item) - CONDITIONS - {"column"}:
            raise fail(f"a row filter has one test of {sorted(CONDITIONS)}", key)
        test = tests[0]
        value = item[test]
        if test in ("in", "not_in") and not isinstance(value, list):
            raise fail(f"'{test}' takes a list", key)
        if test == "matches":
            try:
                re.compile(str(value))
            except re.error as exc:
                raise fail(f"bad pattern ({exc})", key) from exc
        found.append(Condition(str(item["column"]), test, value, lines.get(key, 0)))
    return found


def _joins(spec: Any, fail: Any, lines: dict[str, int]) -> list[Join]:
    if spec is None:
        return []
    if not isinstance(spec, list):
        raise fail("'join' is a list of {file, as, on: {column: its column}}", "join")
    found = []
    for i, item in enumerate(spec):
        key = f"join[{i}]"
        if not isinstance(item, dict) or not {"file", "as", "on"} <= set(item):
            raise fail("a join needs 'file', 'as' and 'on'", key)
        if set(item) - {"file", "as", "on", "many"}:
            raise fail(f"unknown join option(s) {sorted(set(item) - {'file', 'as', 'on', 'many'})}",
                       key)
        on = item["on"]
        if not isinstance(on, dict) or len(on) != 1:
            raise fail("'on' maps one column of the rows so far to one column of the file",
                       f"{key}.on")
        many = str(item.get("many", "first"))
        if many not in ("first", "all"):
            raise fail("'many' is 'first' or 'all'", f"{key}.many")
        (left, right), = on.items()
        found.append(Join(str(item["file"]), str(item["as"]), (str(left), str(right)), many,
                          lines.get(key, 0)))
    return found
