"""Train and apply the person-linkage model on any Splink database API.

Nothing here touches the store: :func:`link` takes prepared records (an Arrow table from
:mod:`linewatch.resolve.prepare`) and a Splink ``DatabaseAPI`` — the store's DuckDB
(``store.splink_db_api()``) or ``splink.SparkAPI(spark_session=...)`` — and returns the scored
pairs and the trained model as plain data.

Training follows the Fellegi-Sunter recipe without ground truth: the probability that two
random records match comes from a strict deterministic rule, u probabilities from random
sampling of record pairs, m probabilities from expectation maximisation over two blocking
passes. When the data are too few (fewer records than ``min_records_for_training`` or fewer
blocked pairs than ``em_min_pairs``), or a pass fails, the prior m/u values of
:mod:`linewatch.resolve.model` are kept and the summary says so.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from linewatch.resolve.model import DETERMINISTIC_RULES, TRAINING_RULES, build_settings
from linewatch.settings.resolve import ResolveSettings

log = logging.getLogger(__name__)

#: the linkage settings' defaults (every resolve setting is in ``ResolveSettings``)
DEFAULTS: dict[str, Any] = {
    k: v for k, v in ResolveSettings().model_dump().items()
    if not k.startswith(("continuity_", "handset_"))}


@dataclass
class LinkageResult:
    """Scored pairs (``uid_l``, ``uid_r``, weights) and the model that scored them."""

    pairs: pa.Table
    model: dict[str, Any]
    trained: bool
    notes: list[str] = field(default_factory=list)
    training: dict[str, Any] = field(default_factory=dict)
    pairs_scored: int = 0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message not in self.messages:
            self.messages.append(message)


@contextlib.contextmanager
def quiet_splink() -> Iterator[list[str]]:
    """Collect Splink's warnings (for the run summary) instead of printing them."""
    logger = logging.getLogger("splink")
    handler = _Collect()
    saved = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate, _ = saved
        logger.setLevel(saved[1])


def dialect_of(db_api: Any) -> str:
    """The SQL dialect name of a Splink database API (``duckdb`` or ``spark``)."""
    return str(db_api.sql_dialect.sql_dialect_str)


def _blocked_pair_count(records: pa.Table, rule: str) -> int:
    """Pairs an equality-only blocking rule would produce (computed on the Arrow table)."""
    cols = [part.split("=")[0].strip().removeprefix("l.") for part in rule.split(" AND ")]
    present = records.select(cols)
    for col in cols:
        present = present.filter(pc.is_valid(present[col]))
    if present.num_rows == 0:
        return 0
    counts = present.group_by(cols).aggregate([([], "count_all")])["count_all"]
    return int(pc.sum(pc.divide(pc.multiply(counts, pc.subtract(counts, 1)), 2)).as_py() or 0)


def _deterministic_lambda(records: pa.Table, recall: float) -> float | None:
    """Probability two random records match: strict-rule pairs / recall / all pairs."""
    n = records.num_rows
    total = n * (n - 1) / 2
    found = sum(_blocked_pair_count(records, rule) for rule in DETERMINISTIC_RULES)
    if found == 0 or total == 0:
        return None
    return min(0.5, found / max(recall, 1e-3) / total)


def _corrected_u(model: dict[str, Any], prior: dict[str, Any], sampled: float, lam: float,
                 prior_pairs: float) -> dict[str, Any]:
    """Sampled u probabilities, cleaned of true matches and shrunk towards the priors.

    Random pairs include a share ``lam`` of true matches, which inflates u of agreeing levels
    (noticeably in small data): ``u = (u_sampled - lam * m) / (1 - lam)``. The result is then
    averaged with the prior u as if the prior had been seen over ``prior_pairs`` pairs, so
    that a few hundred sampled pairs cannot produce extreme weights.
    """
    priors = {c["output_column_name"]: c for c in prior["comparisons"]}
    for comp in model["comparisons"]:
        prior_levels = priors[comp["output_column_name"]]["comparison_levels"]
        levels = comp["comparison_levels"]
        for lvl, plvl in zip(levels, prior_levels, strict=True):
            if lvl.get("is_null_level") or lvl.get("u_probability") is None:
                continue
            m = float(plvl.get("m_probability") or 0.0)
            clean = max(0.0, (float(lvl["u_probability"]) - lam * m) / (1.0 - lam))
            lvl["u_probability"] = ((clean * sampled + float(plvl["u_probability"])
                                     * prior_pairs) / (sampled + prior_pairs))
        total = sum(lv["u_probability"] for lv in levels if not lv.get("is_null_level"))
        if total > 0:
            for lvl in levels:
                if not lvl.get("is_null_level"):
                    lvl["u_probability"] = lvl["u_probability"] / total
    return model


def _floor_probabilities(model: dict[str, Any], floor: float) -> None:
    for comp in model["comparisons"]:
        for lvl in comp["comparison_levels"]:
            for key in ("m_probability", "u_probability"):
                value = lvl.get(key)
                if value is not None and (not math.isfinite(value) or value < floor):
                    lvl[key] = floor


def _revert_implausible(model: dict[str, Any], prior: dict[str, Any]) -> list[str]:
    """Restore prior m/u of a comparison whose trained agreement levels lost their sign.

    An exact agreement must count for a match and total disagreement against one; EM on
    small or odd data can swap the two. Such comparisons fall back to their priors.
    """
    reverted = []
    priors = {c["output_column_name"]: c for c in prior["comparisons"]}
    for comp in model["comparisons"]:
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        if len(levels) < 2:
            continue
        first, last = levels[0], levels[-1]
        try:
            ok = (first["m_probability"] > first["u_probability"]
                  and last["m_probability"] < last["u_probability"])
        except (KeyError, TypeError):
            ok = False
        if not ok:
            name = comp["output_column_name"]
            comp["comparison_levels"] = copy.deepcopy(priors[name]["comparison_levels"])
            reverted.append(name)
    return reverted


def link(db_api: Any, records: pa.Table, params: dict[str, Any] | None = None) -> LinkageResult:
    """Train the model on ``records`` and score candidate pairs (see the module docstring)."""
    from splink import Linker

    p = {**DEFAULTS, **(params or {})}
    n = records.num_rows
    dialect = dialect_of(db_api)
    notes: list[str] = []
    prior_lambda = min(0.5, max(1e-8, 1.0 / max(n, 2)))
    prior = build_settings(dialect, p, prior_lambda)
    if n < 2:
        return LinkageResult(pairs=_empty_pairs(prior), model=prior, trained=False,
                             notes=["fewer than two records: nothing to compare"])
    name = f"lw_resolve_input_{uuid.uuid4().hex[:10]}"
    _forget(db_api)
    sdf = db_api.register(records, table_name=name)
    training: dict[str, Any] = {"records": n}
    with quiet_splink() as warnings:
        try:
            return _link(Linker, db_api, sdf, name, prior, records, p, notes, training)
        finally:
            if warnings:
                training["splink_warnings"] = list(warnings)


def _link(Linker: Any, db_api: Any, sdf: Any, name: str, prior: dict[str, Any],
          records: pa.Table, p: dict[str, Any], notes: list[str], training: dict[str, Any]
          ) -> LinkageResult:
    try:
        model, trained = _train(Linker, sdf, prior, records, p, notes, training)
        _floor_probabilities(model, float(p["min_probability_floor"]))
        linker = Linker(sdf, model, log_level=None)
        pairs_scored = _count(linker.inference.compute_blocked_pairs_for_predict())
        predictions = linker.inference.predict(
            threshold_match_probability=float(p["keep_pairs_min_probability"]),
            warning_mode="never")
        pairs = predictions.as_pyarrow_table()
        keep = ["uid_l", "uid_r", "match_weight", "match_probability"] + [
            c for c in pairs.column_names if c.startswith(("gamma_", "mw_"))]
        pairs = pairs.select(keep)
        predictions.drop_table_from_database_and_remove_from_cache()
    finally:
        _forget(db_api)
        try:
            sdf.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        except Exception:  # noqa: BLE001 - best effort: the view may already be gone
            log.debug("could not drop %s", name)
    return LinkageResult(pairs=pairs, model=model, trained=trained, notes=notes,
                         training=training, pairs_scored=pairs_scored)


def _train(linker_cls: Any, sdf: Any, prior: dict[str, Any], records: pa.Table,
           p: dict[str, Any], notes: list[str], training: dict[str, Any]
           ) -> tuple[dict[str, Any], bool]:
    n = records.num_rows
    if n < int(p["min_records_for_training"]):
        notes.append(f"only {n} records (< {p['min_records_for_training']}): "
                     "fixed prior m/u probabilities used, no training")
        return prior, False
    trained = False
    start = copy.deepcopy(prior)
    lam = _deterministic_lambda(records, float(p["deterministic_recall"]))
    if lam is None:
        notes.append("probability two random records match: no pair passed the strict rule, "
                     "prior 1/n kept")
    else:
        start["probability_two_random_records_match"] = lam
        training["probability_two_random_records_match"] = lam
    try:
        sampler = linker_cls(sdf, copy.deepcopy(start), log_level=None)
        sampler.training.estimate_u_using_random_sampling(
            max_pairs=float(p["u_max_pairs"]), seed=int(p["seed"]))
        sampled = min(float(p["u_max_pairs"]), n * (n - 1) / 2)
        start = _corrected_u(sampler.misc.save_model_to_json(), prior, sampled,
                             float(start["probability_two_random_records_match"]),
                             float(p["u_prior_pairs"]))
        training["u"] = {"method": "random sampling", "pairs": sampled,
                         "prior_weight_pairs": p["u_prior_pairs"]}
    except Exception as exc:  # noqa: BLE001
        notes.append(f"u probabilities: priors kept ({exc})")
    linker = linker_cls(sdf, start, log_level=None)
    sessions = []
    for rule in TRAINING_RULES:
        count = _blocked_pair_count(records, rule)
        if count < int(p["em_min_pairs"]):
            notes.append(f"EM pass '{rule}' skipped: {count} pairs (< {p['em_min_pairs']})")
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=float(p["em_max_pairs"]) if count > p["em_max_pairs"] else None)
            sessions.append({"rule": rule, "pairs": count})
            trained = True
        except Exception as exc:  # noqa: BLE001
            notes.append(f"EM pass '{rule}' failed, priors kept for its comparisons ({exc})")
    training["em_passes"] = sessions
    if not trained:
        notes.append("EM could not train: prior m probabilities used")
    model = linker.misc.save_model_to_json()
    reverted = _revert_implausible(model, prior)
    if reverted:
        notes.append("implausible trained weights replaced by priors for: "
                     + ", ".join(reverted))
    training["reverted_to_prior"] = reverted
    return model, trained


def _forget(db_api: Any) -> None:
    """Drop Splink's tables and its cache of them, so a reused database API starts clean.

    Splink caches some tables (the blocked pairs) under keys that do not depend on the linker,
    so a second run on the same API would otherwise find a table the first run dropped.
    """
    db_api.delete_tables_created_by_splink_from_db()
    cache = getattr(db_api, "_intermediate_table_cache", None)
    if cache is not None:
        cache.invalidate_cache()


def _count(frame: Any) -> int:
    """Rows of a Splink frame, counted in its backend."""
    if frame.db_api.sql_dialect.sql_dialect_str == "spark":
        return int(frame.as_spark_dataframe().count())
    count = frame.query_sql("SELECT count(*) AS n FROM {this}")
    n = int(count.as_record_list()[0]["n"])
    count.drop_table_from_database_and_remove_from_cache()
    return n


def _empty_pairs(model: dict[str, Any]) -> pa.Table:
    fields = [("uid_l", pa.int64()), ("uid_r", pa.int64()), ("match_weight", pa.float64()),
              ("match_probability", pa.float64())]
    for comp in model["comparisons"]:
        fields.append((f"gamma_{comp['output_column_name']}", pa.int32()))
        fields.append((f"mw_{comp['output_column_name']}", pa.float64()))
    return pa.Table.from_pylist([], schema=pa.schema(fields))
