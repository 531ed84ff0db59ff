"""How much graded text supports an entity: the weights, the E rule and ``graded_support``.

Every ``text_mentions`` row carries ``grade_weight``, the share of a statement's evidence a
score may take from its source (:mod:`linewatch.schema.types.grading`):

* intelligence: ``ASSESSMENT_WEIGHT[assessment] x SOURCE_WEIGHT[evaluation]`` (1A = 1.0,
  2C = 0.35, 3D = 0.1, any E = 0); a report without a usable grade counts as 2C;
* tips: anonymous public reports are ungraded; they count as an untested source that knows
  indirectly, 2C = 0.35 (``tip_weight``);
* articles: public record, weight 1.0 (``article_weight``), but they are not intelligence and
  :func:`graded_support` leaves them out unless asked.

**The E rule.** Intelligence assessed E (suspected to be false) has weight 0 and is skipped by
:func:`graded_support` whatever else is recorded, so it never raises a score on its own; it is
still listed in the evidence, with the reason, so a reviewer sees it was considered.

:func:`graded_support` adds, over the texts that mention the entity, each text's best
``grade_weight x match_confidence`` (a report naming a number three times is one report).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from linewatch.schema.types.grading import ASSESSMENT_WEIGHT, SOURCE_WEIGHT
from linewatch.storage import Store

TIP_WEIGHT = SOURCE_WEIGHT["2"] * ASSESSMENT_WEIGHT["C"]
ARTICLE_WEIGHT = 1.0
UNGRADED_WEIGHT = TIP_WEIGHT
INTELLIGENCE = ("intel", "tips")
E_REASON = "assessed E (suspected to be false): never raises a score"


def grade_weight(source_kind: str, source_evaluation: str | None, assessment: str | None, *,
                 tip_weight: float = TIP_WEIGHT, article_weight: float = ARTICLE_WEIGHT,
                 ungraded_weight: float = UNGRADED_WEIGHT) -> float:
    """The weight of one text's statements, by the rules above."""
    if source_kind == "tips":
        return tip_weight
    if source_kind == "articles":
        return article_weight
    if assessment == "E":
        return 0.0
    if source_evaluation in SOURCE_WEIGHT and assessment in ASSESSMENT_WEIGHT:
        return SOURCE_WEIGHT[source_evaluation] * ASSESSMENT_WEIGHT[assessment]
    return ungraded_weight


class GradedSupport(float):
    """A float (the support) that also carries the evidence rows behind it."""

    evidence: list[dict[str, Any]]

    def __new__(cls, value: float, evidence: list[dict[str, Any]]) -> GradedSupport:
        obj = super().__new__(cls, value)
        obj.evidence = evidence
        return obj

    def to_dict(self) -> dict[str, Any]:
        return {"support": float(self), "evidence": self.evidence}


_EVIDENCE_SQL = """
SELECT source_kind, source_id, mention_type, value, normalised, span_start, span_end, rule,
       source_evaluation, intelligence_assessment, handling_code, handling_conditions,
       grade_weight, match_method, match_confidence, run_id
FROM text_mentions
WHERE matched_type = ? AND matched_id = ? AND list_contains(?, source_kind)
ORDER BY source_kind, source_id, span_start
"""


def graded_support(store: Store, entity_type: str, entity_id: str, *,
                   sources: Sequence[str] = INTELLIGENCE) -> GradedSupport:
    """Sum over texts of the best ``grade_weight x match_confidence``; E-graded texts add 0.

    ``entity_type``/``entity_id`` as in ``text_mentions.matched_type``/``matched_id``
    (``person``/``P17``, ``phone``/``+447700900123``, ``vehicle``/``AB12CDE``, ``line``/``L1``,
    ``address``, ``postcode``, ``nominal``). The evidence lists every mention row considered,
    each with its ``weight``, whether it ``counted`` (the best row of its text) and, for E, the
    ``reason`` it did not; rows keep their handling code and conditions, which whoever shows
    them must apply.
    """
    if not store.table_exists("text_mentions"):
        return GradedSupport(0.0, [])
    rows = store.query_dicts(_EVIDENCE_SQL, [entity_type, entity_id, list(sources)])
    best: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        weight = 0.0 if row["intelligence_assessment"] == "E" else \
            float(row["grade_weight"] or 0.0) * float(row["match_confidence"] or 0.0)
        row["weight"] = round(weight, 6)
        row["counted"] = False
        if row["intelligence_assessment"] == "E":
            row["reason"] = E_REASON
            continue
        key = (row["source_kind"], row["source_id"])
        if key not in best or weight > rows[best[key]]["weight"]:
            best[key] = i
    total = 0.0
    for i in best.values():
        if rows[i]["weight"] > 0:
            rows[i]["counted"] = True
            total += rows[i]["weight"]
    return GradedSupport(round(total, 6), rows)


_TABLE_SQL = """
SELECT matched_id, sum(best) FROM (
    SELECT matched_id, source_kind, source_id,
           max(CASE WHEN intelligence_assessment = 'E' THEN 0.0
                    ELSE coalesce(grade_weight, 0.0) * coalesce(match_confidence, 0.0) END) AS best
    FROM text_mentions
    WHERE matched_type = ? AND list_contains(?, source_kind)
    GROUP BY matched_id, source_kind, source_id)
GROUP BY matched_id HAVING sum(best) > 0
"""


def support_by_entity(store: Store, entity_type: str, *,
                      sources: Sequence[str] = INTELLIGENCE) -> dict[str, float]:
    """:func:`graded_support` for every entity of one type at once (for scoring stages)."""
    if not store.table_exists("text_mentions"):
        return {}
    return {str(k): round(float(v), 6)
            for k, v in store.query(_TABLE_SQL, [entity_type, list(sources)])}


_MENTIONS_SQL = """
SELECT source_kind, source_id, mention_type, value, normalised, span_start, span_end, rule,
       source_evaluation, intelligence_assessment, handling_code, handling_conditions,
       grade_weight, matched_type, matched_id, match_method, match_confidence, match_evidence,
       mention_id, run_id
FROM text_mentions
WHERE (CAST(? AS VARCHAR) IS NULL OR source_kind = ?)
  AND (CAST(? AS VARCHAR) IS NULL OR source_id = ?)
ORDER BY source_kind, source_id, span_start, mention_type, matched_type NULLS LAST, matched_id
"""


def list_mentions(store: Store, source_kind: str | None = None,
                  source_id: str | None = None) -> list[dict[str, Any]]:
    """Rows of ``text_mentions`` (evidence parsed), optionally of one kind and/or one text."""
    if not store.table_exists("text_mentions"):
        return []
    rows = store.query_dicts(_MENTIONS_SQL, [source_kind, source_kind, source_id, source_id])
    for row in rows:
        if isinstance(row.get("match_evidence"), str):
            row["match_evidence"] = json.loads(row["match_evidence"])
    return rows
