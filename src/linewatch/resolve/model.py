"""The person-linkage model as plain data: Splink settings for any SQL backend.

:func:`build_settings` returns a JSON-serialisable Splink settings dictionary. The comparison
levels are SQL conditions over columns prepared by :mod:`linewatch.resolve.prepare`, written in
a subset that DuckDB and Spark share (equality and integer arithmetic); the only functions that
differ between engines, Jaro-Winkler similarity and array intersection, are spelt for the
dialect asked for. Every level carries a prior m and u probability: they are the model used
when the data are too few to estimate parameters (see :mod:`linewatch.resolve.linkage`), and
the starting point of expectation maximisation otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linewatch.errors import LinewatchError
from linewatch.settings.resolve import ResolveSettings

_DEFAULTS = ResolveSettings().model_dump()

#: dialect -> (Jaro-Winkler function, array intersection size template)
_FUNCTIONS: dict[str, tuple[str, str]] = {
    "duckdb": ("jaro_winkler_similarity", "len(list_intersect({a}, {b}))"),
    "spark": ("jaro_winkler", "size(array_intersect({a}, {b}))"),
}


@dataclass(frozen=True)
class Level:
    """One comparison level: its label, SQL condition and prior m/u probabilities."""

    label: str
    sql: str
    m: float = 0.0
    u: float = 0.0
    null: bool = False
    tf_column: str | None = None


def _jw(dialect: str, col: str, threshold: float) -> str:
    fn = _FUNCTIONS[dialect][0]
    return f"{fn}({col}_l, {col}_r) >= {threshold}"


def _isect(dialect: str, col: str, size: int = 1) -> str:
    template = _FUNCTIONS[dialect][1]
    return f"{template.format(a=f'{col}_l', b=f'{col}_r')} >= {size}"


def _null(*cols: str) -> str:
    return " OR ".join(f"({c}_l IS NULL OR {c}_r IS NULL)" for c in cols)


def comparisons(dialect: str, p: dict[str, Any]) -> list[tuple[str, str, list[Level]]]:
    """(output column, description, levels) of every comparison, most specific level first."""
    jw_hi = float(p.get("jaro_winkler_high", _DEFAULTS["jaro_winkler_high"]))
    jw_lo = float(p.get("jaro_winkler_low", _DEFAULTS["jaro_winkler_low"]))
    return [
        ("forename", "First forename: exact, name variant, Metaphone, initial, Jaro-Winkler", [
            Level("null", _null("forename1"), null=True),
            Level("exact", "forename1_l = forename1_r", 0.78, 0.012),
            Level("name variant (nickname table)",
                  _isect(dialect, "forename_groups"), 0.07, 0.004),
            Level("same Metaphone", "forename_phon_l = forename_phon_r", 0.04, 0.006),
            Level(f"Jaro-Winkler >= {jw_hi}", _jw(dialect, "forename1", jw_hi), 0.03, 0.006),
            Level("one is the start of the other (Matt, Matthew)",
                  "(length(forename1_r) >= 3 AND substr(forename1_l, 1, length(forename1_r)) "
                  "= forename1_r) OR (length(forename1_l) >= 3 AND substr(forename1_r, 1, "
                  "length(forename1_l)) = forename1_l)", 0.02, 0.002),
            Level(f"Jaro-Winkler >= {jw_lo}", _jw(dialect, "forename1", jw_lo), 0.02, 0.01),
            Level("first and middle name swapped",
                  "forename1_l = forename2_r OR forename2_l = forename1_r", 0.01, 0.002),
            Level("initial only", "(length(forename1_l) = 1 OR length(forename1_r) = 1) AND "
                  "forename_initial_l = forename_initial_r", 0.02, 0.02),
            Level("different", "ELSE", 0.01, 0.938),
        ]),
        ("surname", "Surname: exact (frequency adjusted), Metaphone, Jaro-Winkler", [
            Level("null", _null("surname"), null=True),
            Level("exact", "surname_l = surname_r", 0.84, 0.003, tf_column="surname"),
            Level("same Metaphone", "surname_phon_l = surname_phon_r", 0.06, 0.004),
            Level(f"Jaro-Winkler >= {jw_hi}", _jw(dialect, "surname", jw_hi), 0.04, 0.004),
            Level(f"Jaro-Winkler >= {jw_lo}", _jw(dialect, "surname", jw_lo), 0.02, 0.012),
            Level("different", "ELSE", 0.04, 0.977),
        ]),
        ("dob", "Date of birth: exact, day/month transposed, year off by one, within a month", [
            Level("null", _null("dob_days"), null=True),
            Level("exact", "dob_days_l = dob_days_r", 0.86, 0.0004),
            Level("day and month transposed",
                  "dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r", 0.03, 0.00005),
            Level("year off by one", "dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND "
                  "abs(dob_y_l - dob_y_r) = 1", 0.03, 0.0001),
            Level("within a month", "abs(dob_days_l - dob_days_r) <= 31", 0.03, 0.003),
            Level("same day and month, other year",
                  "dob_m_l = dob_m_r AND dob_d_l = dob_d_r", 0.01, 0.0025),
            Level("within five years", "abs(dob_days_l - dob_days_r) <= 1826", 0.03, 0.15),
            Level("more than five years apart", "ELSE", 0.01, 0.84395),
        ]),
        ("sex", "Recorded sex", [
            Level("null", _null("sex"), null=True),
            Level("same", "sex_l = sex_r", 0.97, 0.5),
            Level("different", "ELSE", 0.03, 0.5),
        ]),
        ("location", "Home address (dwelling, building, street) and postcode", [
            Level("null (no address or postcode on both records)",
                  "(addr_key_l IS NULL OR addr_key_r IS NULL) AND "
                  "(postcode_l IS NULL OR postcode_r IS NULL)", null=True),
            Level("same dwelling", "addr_key_l = addr_key_r", 0.36, 0.0004),
            Level("same building", "addr_street_l = addr_street_r", 0.06, 0.0002),
            Level("same house number and similar street",
                  f"addr_num_l = addr_num_r AND {_jw(dialect, 'addr_street', 0.88)}",
                  0.06, 0.0003),
            Level("same postcode", "postcode_l = postcode_r", 0.12, 0.001),
            Level("same postcode sector", "pc_sector_l = pc_sector_r", 0.06, 0.01),
            Level("same postcode district", "pc_district_l = pc_district_r", 0.06, 0.05),
            Level("different", "ELSE", 0.28, 0.9381),
        ]),
        ("phone", "Phone numbers recorded (any number in common)", [
            Level("null", _null("phones"), null=True),
            Level("number in common", _isect(dialect, "phones"), 0.45, 0.0002),
            Level("no number in common", "ELSE", 0.55, 0.9998),
        ]),
        ("nickname", "Street names recorded (any in common)", [
            Level("null", _null("nicknames"), null=True),
            Level("nickname in common", _isect(dialect, "nicknames"), 0.35, 0.002),
            Level("no nickname in common", "ELSE", 0.65, 0.998),
        ]),
    ]


def blocking_rules(p: dict[str, Any]) -> list[dict[str, Any]]:
    """Rules that choose which record pairs are scored (their union); plain equality only."""
    rules: list[dict[str, Any]] = [
        {"blocking_rule": "l.dob_days = r.dob_days AND l.forename_initial = r.forename_initial"},
        {"blocking_rule": "l.dob_days = r.dob_days AND l.surname_initial = r.surname_initial"},
        {"blocking_rule": "l.surname_phon = r.surname_phon AND l.dob_y = r.dob_y"},
        {"blocking_rule": "l.surname_phon = r.surname_phon AND l.forename_phon = r.forename_phon"},
        {"blocking_rule": "l.forename1 = r.forename1 AND l.surname_initial = r.surname_initial "
                          "AND l.dob_y = r.dob_y"},
        {"blocking_rule": "l.surname_phon = r.surname_phon AND l.postcode = r.postcode"},
        {"blocking_rule": "l.addr_street = r.addr_street AND "
                          "l.forename_initial = r.forename_initial"},
        {"blocking_rule": "l.addr_street = r.addr_street AND "
                          "l.surname_initial = r.surname_initial"},
        {"blocking_rule": "l.postcode = r.postcode AND l.addr_num = r.addr_num"},
        {"blocking_rule": "l.postcode = r.postcode AND l.forename_initial = r.forename_initial"},
        {"blocking_rule": "l.dob_m = r.dob_m AND l.dob_d = r.dob_d AND "
                          "l.forename_initial = r.forename_initial AND "
                          "l.surname_initial = r.surname_initial"},
        {"blocking_rule": "l.phones = r.phones", "arrays_to_explode": ["phones"]},
        {"blocking_rule": "l.nicknames = r.nicknames AND l.surname_initial = r.surname_initial",
         "arrays_to_explode": ["nicknames"]},
    ]
    extra = p.get("extra_blocking_rules") or []
    return rules + [r if isinstance(r, dict) else {"blocking_rule": str(r)} for r in extra]


#: EM training passes: the blocking rule and what it leaves untrained.
TRAINING_RULES: list[str] = [
    "l.dob_days = r.dob_days",
    "l.surname_phon = r.surname_phon AND l.forename_phon = r.forename_phon",
]

#: deterministic rule used to estimate the probability that two random records match
DETERMINISTIC_RULES: list[str] = [
    "l.forename1 = r.forename1 AND l.surname = r.surname AND l.dob_days = r.dob_days",
]


def build_settings(sql_dialect: str = "duckdb", params: dict[str, Any] | None = None,
                   probability_two_random_records_match: float = 1e-4) -> dict[str, Any]:
    """A Splink settings dictionary (plain data) for ``sql_dialect`` (``duckdb`` or ``spark``)."""
    if sql_dialect not in _FUNCTIONS:
        raise LinewatchError(f"no person-linkage settings for SQL dialect '{sql_dialect}' "
                             f"(choose {', '.join(_FUNCTIONS)})")
    p = params or {}
    comps = []
    for name, description, levels in comparisons(sql_dialect, p):
        comp_levels: list[dict[str, Any]] = []
        for lvl in levels:
            entry: dict[str, Any] = {"sql_condition": lvl.sql, "label_for_charts": lvl.label}
            if lvl.null:
                entry["is_null_level"] = True
            else:
                entry["m_probability"] = lvl.m
                entry["u_probability"] = lvl.u
            if lvl.tf_column and p.get("term_frequency", _DEFAULTS["term_frequency"]):
                entry["tf_adjustment_column"] = lvl.tf_column
                entry["tf_adjustment_weight"] = 1.0
            comp_levels.append(entry)
        comps.append({"output_column_name": name, "comparison_description": description,
                      "comparison_levels": comp_levels})
    return {
        "link_type": "dedupe_only",
        "sql_dialect": sql_dialect,
        "unique_id_column_name": "uid",
        "probability_two_random_records_match": probability_two_random_records_match,
        "comparisons": comps,
        "blocking_rules_to_generate_predictions": blocking_rules(p),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": [],
        "em_convergence": float(p.get("em_convergence", _DEFAULTS["em_convergence"])),
        "max_iterations": int(p.get("em_max_iterations", _DEFAULTS["em_max_iterations"])),
    }


def prior_settings_summary() -> dict[str, dict[str, tuple[float, float]]]:
    """Prior (m, u) of each comparison level, for documentation and the run summary."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for name, _desc, levels in comparisons("duckdb", {}):
        out[name] = {lvl.label: (lvl.m, lvl.u) for lvl in levels if not lvl.null}
    return out


def to_dialect(model: dict[str, Any], sql_dialect: str,
               params: dict[str, Any] | None = None) -> dict[str, Any]:
    """A trained model re-spelt for another SQL dialect, its parameters unchanged.

    The trained settings carry the SQL of the engine they were trained on; this rebuilds each
    level's condition for ``sql_dialect`` so a model trained on Spark can score on DuckDB (for
    explanations) and the other way round.
    """
    fresh = build_settings(sql_dialect, params)
    out = {**model, "sql_dialect": sql_dialect,
           "blocking_rules_to_generate_predictions":
               fresh["blocking_rules_to_generate_predictions"]}
    by_name = {c["output_column_name"]: c for c in fresh["comparisons"]}
    comps = []
    for comp in model["comparisons"]:
        target = by_name.get(comp["output_column_name"])
        levels = []
        for i, lvl in enumerate(comp["comparison_levels"]):
            new = dict(lvl)
            if target is not None and i < len(target["comparison_levels"]):
                new["sql_condition"] = target["comparison_levels"][i]["sql_condition"]
            levels.append(new)
        comps.append({**comp, "comparison_levels": levels})
    out["comparisons"] = comps
    return out


def level_for_gamma(comparison: dict[str, Any], gamma: int | None) -> dict[str, Any] | None:
    """The level of ``comparison`` (a settings dict entry) a comparison vector value points to.

    Splink numbers non-null levels from the most specific (n - 1) down to 0 and the null
    level -1.
    """
    if gamma is None:
        return None
    levels = comparison["comparison_levels"]
    if gamma == -1:
        return next((lv for lv in levels if lv.get("is_null_level")), None)
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    index = len(non_null) - 1 - int(gamma)
    return non_null[index] if 0 <= index < len(non_null) else None
