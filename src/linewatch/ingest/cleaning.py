"""SQL that cleans one staged file into a kind's columns, with a reason for every problem.

For each contract field we build three SQL expressions over the staging table: the original
text (kept as ``<field>_raw``), the cleaned value and an error (a reason, or NULL). The
expressions mirror the property types in :mod:`linewatch.schema.types` (which stay the
authority, and are used directly for the rare values the SQL fast paths cannot decide).
All values stay in the database: no row is ever turned into a Python object.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from linewatch.ingest.mapping import OTHERWISE, Mapping
from linewatch.schema.contract import Field, Kind
from linewatch.schema.types import plate, postcode

_TEXT_TYPES = {"VARCHAR"}
_TIME_TYPES = {"TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE"}
_TZ_TYPES = {"TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"}
_NUMERIC_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                  "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "REAL"}

PHONE_COMPACT = "regexp_replace({r}, '[\\s().\\-/]', '', 'g')"
PHONE_FAST = ("CASE WHEN regexp_full_match({c}, '(\\+?44|0044|0)7[0-9]{{9}}') "
              "THEN '+44' || right({c}, 10) END")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class SourceColumn:
    name: str       # column name in the staging relation
    type: str       # DuckDB type in the staging table
    label: str = ""  # the name as written in the file


@dataclass
class FieldSql:
    """How one field is cleaned, as SQL over an inner SELECT that computes ``inner`` once."""

    field: Field
    raw: str | None          # SQL of the original text (None when the field is absent)
    clean: str               # SQL of the cleaned value
    error: str               # SQL of the problem, or NULL
    inner: dict[str, str] = dataclass_field(default_factory=dict)  # name -> SQL over staging

    @property
    def pending(self) -> str | None:
        """SQL of the text the fast path could not clean (phone fields), else None."""
        name = self.field.name
        if self.raw is None:
            return None
        if self.field.type == "phone":
            return f"CASE WHEN {PHONE_FAST.format(c='p_' + name)} IS NULL THEN p_{name} END"
        if self.field.type == "phone_list":
            return (f"CASE WHEN len({_bad_list_elements(self.raw, False)}) > 0 "
                    f"THEN {self.raw} END")
        return None


def plan_fields(kind: Kind, columns: dict[str, SourceColumn], mapping: Mapping | None,
                file: str, fallback: frozenset[str] = frozenset(), pending: bool = False
                ) -> tuple[list[FieldSql], list[str]]:
    """Cleaning SQL for every field of ``kind``; returns it and the unused (extra) columns.

    ``fallback`` names the phone fields for which a map of Python-cleaned values exists: the
    SQL then refers to it (``m_<field>`` joined on the compacted text for single numbers,
    ``fbmap`` for ``;``-separated lists). With ``pending``, a number the SQL fast path cannot
    clean is not yet an error: it is left for the fallback map (see ``FieldSql.pending``).
    """
    used: set[str] = set()
    plans: list[FieldSql] = []
    for fld in kind.fields:
        raw_sql, source_type = _raw_source(fld, columns, mapping, used)
        plans.append(_plan(fld, raw_sql, source_type, mapping, fld.name in fallback, pending))
    extras = [key for key in columns if key not in used and key != "_row"]
    return plans, extras


def missing_required(kind: Kind, columns: dict[str, SourceColumn],
                     mapping: Mapping | None) -> list[str]:
    missing = []
    for fld in kind.fields:
        if not fld.required:
            continue
        if mapping and fld.name in mapping.columns:
            target = mapping.columns[fld.name]
            if mapping.is_template(fld.name):
                names = [p for p, is_col in mapping.template_parts(fld.name) if is_col]
                if all(n.lower() in columns for n in names):
                    continue
            elif target.lower() in columns:
                continue
            missing.append(f"{fld.name} (mapped from '{target}')")
        elif fld.name not in columns:
            missing.append(fld.name)
    return missing


def _raw_source(fld: Field, columns: dict[str, SourceColumn], mapping: Mapping | None,
                used: set[str]) -> tuple[str | None, str]:
    if mapping and fld.name in mapping.columns:
        if mapping.is_template(fld.name):
            pieces = []
            for part, is_col in mapping.template_parts(fld.name):
                if is_col:
                    key = part.lower()
                    if key not in columns:
                        return None, "VARCHAR"
                    used.add(key)
                    pieces.append(f"coalesce(CAST({quote_ident(columns[key].name)} AS VARCHAR), '')")
                else:
                    pieces.append(sql_literal(part))
            return "(" + " || ".join(pieces) + ")", "VARCHAR"
        key = mapping.columns[fld.name].lower()
    else:
        key = fld.name
    if key not in columns:
        return None, "VARCHAR"
    used.add(key)
    return quote_ident(columns[key].name), columns[key].type.upper()


def _text(raw: str, source_type: str) -> str:
    """NULL for missing or blank values, the trimmed text otherwise."""
    as_text = raw if source_type in _TEXT_TYPES else f"CAST({raw} AS VARCHAR)"
    return f"NULLIF(trim({as_text}), '')"


def _plan(fld: Field, raw: str | None, source_type: str, mapping: Mapping | None,
          fallback: bool = False, pending: bool = False) -> FieldSql:
    if raw is None:
        error = f"'{fld.name}: required value is missing'" if fld.required else "NULL"
        empty = "CAST(NULL AS VARCHAR[])" if fld.storage_type.endswith("[]") else \
            f"CAST(NULL AS {fld.storage_type})"
        return FieldSql(fld, None, empty, error)
    text = _text(raw, source_type)
    if mapping and fld.name in mapping.values:
        table = mapping.values[fld.name]
        cases = " ".join(f"WHEN {sql_literal(src)} THEN {sql_literal(dst)}"
                         for src, dst in table.items() if src != OTHERWISE)
        if OTHERWISE in table:
            text = (f"(CASE WHEN {text} IS NULL THEN NULL ELSE (CASE {text} {cases} "
                    f"ELSE {sql_literal(table[OTHERWISE])} END) END)")
        else:
            text = f"(CASE {text} {cases} ELSE {text} END)"
    r, typed = f"r_{fld.name}", f"t_{fld.name}"
    inner = {r: text, typed: raw}
    if fld.type == "phone":
        inner[f"p_{fld.name}"] = PHONE_COMPACT.format(r=text)
    fmt = mapping.formats.get(fld.name) if mapping else None
    clean, problem = _clean_sql(fld, r, typed, source_type, fmt, fallback, pending)
    too_long = f"length({r}) > {fld.max_length}"
    label = sql_literal(f"{fld.name}: ")
    checks = [f"WHEN {too_long} THEN {label} || 'longer than {fld.max_length} characters'"]
    if fld.required:
        checks.append(f"WHEN {r} IS NULL THEN {label} || 'required value is missing'")
    checks.append(f"WHEN {r} IS NOT NULL AND ({problem}) THEN {label} || "
                  f"{_reason(fld, r, fmt, fallback)}")
    error = f"(CASE {' '.join(checks)} END)"
    return FieldSql(fld, r, clean, error, inner)


def _reason(fld: Field, r: str, fmt: str | None, fallback: bool = False) -> str:
    shown = f"'''' || left({r}, 40) || ''''"
    if fld.type == "phone" and fallback:
        return f"coalesce(m_{fld.name}.err, {shown} || ' is not a possible phone number')"
    if fld.type == "phone_list":
        bad = _bad_list_elements(r, fallback)
        return (f"'''' || array_to_string({bad}, ''', ''') || "
                "''' is not a possible phone number'")
    reasons = {
        "phone": "' is not a possible phone number'",
        "datetime": (f"' is not a valid time (expected format {fmt})'" if fmt else
                     "' is not a valid ISO 8601 time'"),
        "date": (f"' is not a valid date (expected format {fmt})'" if fmt else
                 "' is not a valid date (YYYY-MM-DD)'"),
        "int": "' is not a whole number of 0 or more'",
        "float": "' is not a number'",
        "lat": "' is not a latitude (-90 to 90)'",
        "lon": "' is not a longitude (-180 to 180)'",
        "enum": f"' is not one of: {', '.join(fld.values)}'",
        "postcode": "' is not a UK postcode'",
        "plate": "' is not a number plate'",
        "money": "' is not an amount of money'",
        "drug_class": "' is not a drug class (A, B or C)'",
        "source_evaluation": "' is not a source evaluation (1, 2 or 3)'",
        "assessment": "' is not an intelligence assessment (A-E)'",
        "handling": "' is not a handling code (P or C)'",
    }
    return f"{shown} || {reasons.get(fld.type, chr(39) + ' is not valid' + chr(39))}"


def _list_element(x: str, fallback: bool) -> str:
    fast = PHONE_FAST.format(c=PHONE_COMPACT.format(r=f"trim({x})"))
    return f"coalesce({fast}, fbmap[trim({x})])" if fallback else fast


def _bad_list_elements(r: str, fallback: bool) -> str:
    return (f"list_filter(string_split({r}, ';'), lambda x: trim(x) <> '' AND "
            f"{_list_element('x', fallback)} IS NULL)")


def _clean_sql(fld: Field, r: str, raw: str, source_type: str,
               fmt: str | None, fallback: bool = False, pending: bool = False
               ) -> tuple[str, str]:
    """(cleaned value SQL, SQL that is true when a present value is invalid)."""
    t = fld.type
    if t in ("id", "string", "text"):
        return r, "false"
    if t == "list":
        clean = (f"CASE WHEN {r} IS NOT NULL THEN list_filter(list_transform("
                 f"string_split({r}, ';'), lambda x: trim(x)), lambda x: x <> '') END")
        return clean, "false"
    if t == "phone":
        fast = PHONE_FAST.format(c=f"p_{fld.name}")
        clean = f"coalesce({fast}, m_{fld.name}.clean)" if fallback else fast
        return clean, "false" if pending else f"({clean}) IS NULL"
    if t == "phone_list":
        clean = (f"list_filter(list_transform(string_split({r}, ';'), lambda x: "
                 f"{_list_element('x', fallback)}), lambda y: y IS NOT NULL)")
        return clean, "false" if pending else f"len({_bad_list_elements(r, fallback)}) > 0"
    if t == "datetime":
        clean = _datetime_sql(r, raw, source_type, fmt)
        return clean, f"({clean}) IS NULL"
    if t == "date":
        if source_type in _TIME_TYPES or source_type in _TZ_TYPES:
            clean = f"CAST({raw} AS DATE)"
        elif fmt:
            clean = f"CAST(try_strptime({r}, {sql_literal(fmt)}) AS DATE)"
        else:
            clean = (f"CASE WHEN regexp_full_match({r}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') "
                     f"THEN try_cast({r} AS DATE) END")
        return clean, f"({clean}) IS NULL"
    if t == "int":
        value = raw if source_type in _NUMERIC_TYPES else r
        clean = f"try_cast({value} AS BIGINT)"
        return (f"CASE WHEN {clean} >= 0 THEN {clean} END",
                f"{clean} IS NULL OR {clean} < 0")
    if t in ("float", "lat", "lon", "money"):
        value = raw if source_type in _NUMERIC_TYPES else (
            f"regexp_replace({r}, '^(GBP|£)\\s*|,', '', 'g')" if t == "money" else r)
        number = f"try_cast({value} AS DOUBLE)"
        bad = {"float": f"{number} IS NULL OR isnan({number})",
               "lat": f"{number} IS NULL OR abs({number}) > 90",
               "lon": f"{number} IS NULL OR abs({number}) > 180",
               "money": f"{number} IS NULL OR {number} < 0"}[t]
        return f"CASE WHEN NOT ({bad}) THEN {number} END", bad
    if t == "enum":
        upper = fld.name == "sex"
        cases = " ".join(f"WHEN {sql_literal(v.lower())} THEN {sql_literal(v)}" for v in fld.values)
        clean = f"(CASE lower({r}) {cases} END)"
        if upper:
            clean = f"(CASE upper({r}) " + " ".join(
                f"WHEN {sql_literal(v)} THEN {sql_literal(v)}" for v in fld.values) + " END)"
        return clean, f"{clean} IS NULL"
    if t == "postcode":
        compact = f"upper(regexp_replace({r}, {sql_literal(postcode.SPACES)}, '', 'g'))"
        ok = f"regexp_full_match({compact}, {sql_literal(postcode.COMPACT)})"
        clean = (f"CASE WHEN {ok} THEN left({compact}, length({compact}) - 3) || ' ' || "
                 f"right({compact}, 3) END")
        return clean, f"NOT {ok}"
    if t == "plate":
        compact = f"upper(regexp_replace({r}, {sql_literal(plate.SEPARATORS)}, '', 'g'))"
        ok = (f"(regexp_full_match({compact}, {sql_literal(plate.ANY)}) AND "
              f"regexp_matches({compact}, {sql_literal(plate.LETTER)}))")
        return f"CASE WHEN {ok} THEN {compact} END", f"NOT {ok}"
    if t == "drug_class":
        letter = f"upper(regexp_replace({r}, '^(?i)class\\s*', ''))"
        return (f"CASE WHEN {letter} IN ('A', 'B', 'C') THEN {letter} END",
                f"{letter} NOT IN ('A', 'B', 'C')")
    if t in ("source_evaluation", "assessment", "handling"):
        allowed = {"source_evaluation": ("1", "2", "3"), "assessment": tuple("ABCDE"),
                   "handling": ("P", "C")}[t]
        listed = ", ".join(sql_literal(v) for v in allowed)
        return (f"CASE WHEN upper({r}) IN ({listed}) THEN upper({r}) END",
                f"upper({r}) NOT IN ({listed})")
    raise ValueError(f"no cleaning for field type {t}")


def _datetime_sql(r: str, raw: str, source_type: str, fmt: str | None) -> str:
    london_to_utc = "CAST(timezone('UTC', timezone('Europe/London', {x})) AS TIMESTAMP)"
    if source_type in _TZ_TYPES:
        return f"CAST(timezone('UTC', {raw}) AS TIMESTAMP)"
    if source_type in _TIME_TYPES:
        return london_to_utc.format(x=f"CAST({raw} AS TIMESTAMP)")
    if fmt:
        return london_to_utc.format(x=f"try_strptime({r}, {sql_literal(fmt)})")
    with_offset = (f"regexp_matches({r}, '[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}}([.,][0-9]+)?)?\\s*"
                   "([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$')")
    return (f"CASE WHEN {with_offset} THEN CAST(timezone('UTC', try_cast({r} AS TIMESTAMPTZ)) "
            f"AS TIMESTAMP) ELSE {london_to_utc.format(x=f'try_cast({r} AS TIMESTAMP)')} END")
