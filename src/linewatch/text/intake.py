"""The ``text`` stage: intelligence reports, tips and articles read into the same graph.

``run(store)`` reads the latest import of every ``intel``, ``tips`` and ``articles`` row,
extracts it (:func:`linewatch.text.extract`, plus the log cues of :mod:`.cues`), matches each
mention to the phones, vehicles, persons, addresses, postcodes and lines the store already
knows (:mod:`.matching`) and replaces two tables:

* ``text_extractions(source_kind, source_id, text_sha256, code_version, extraction JSON,
  run_id)``: the full extraction of each text; an unchanged text under the same code version is
  not read again on the next run (``reuse_extractions``);
* ``text_mentions``: one row per mention and matched entity (an unmatched mention has one row
  with ``matched_*`` empty), with the span, the rule, the report's grade and handling code and
  conditions (inherited as they are: nothing here relaxes them), ``grade_weight``
  (:mod:`.support`), and how and how surely it matched (``match_method``,
  ``match_confidence``, ``match_evidence``).

Articles not yet in ``article_outcomes`` (or changed since) are recorded there too
(:mod:`.outcomes`). See docs/text.md, "Into the graph".
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from rich.progress import Progress

from linewatch.errors import LinewatchError
from linewatch.settings.text import TextSettings
from linewatch.storage import Store
from linewatch.storage.runs import code_version, start_run
from linewatch.text.lookup import Match
from linewatch.text.matching import Matcher, known_forenames
from linewatch.text.mentions import MentionRow, mention_rows
from linewatch.text.outcomes import outcome_row, text_sha256, unrecorded, write_outcomes
from linewatch.text.support import grade_weight

SOURCES = ("intel", "tips", "articles")
#: every text setting's default (``TextSettings``; ``docs/settings.md`` lists them)
DEFAULTS: dict[str, Any] = TextSettings().model_dump()
_S, _F, _I = pa.string(), pa.float64(), pa.int64()
MENTION_SCHEMA = pa.schema([
    ("source_kind", _S), ("source_id", _S), ("mention_type", _S), ("value", _S),
    ("normalised", _S), ("span_start", _I), ("span_end", _I), ("rule", _S),
    ("source_evaluation", _S), ("intelligence_assessment", _S), ("handling_code", _S),
    ("grade_weight", _F), ("matched_type", _S), ("matched_id", _S), ("match_method", _S),
    ("match_confidence", _F), ("handling_conditions", _S), ("match_evidence", _S),
    ("mention_id", _S), ("run_id", _S)])
EXTRACTION_SCHEMA = pa.schema([
    ("source_kind", _S), ("source_id", _S), ("text_sha256", _S), ("code_version", _S),
    ("extraction", _S), ("run_id", _S)])
#: the stage's output tables and their columns (replaced whole by each run; not created by the
#: store's migrations, see "The store" in docs/architecture.md)
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text_extractions": tuple(EXTRACTION_SCHEMA.names), "text_mentions": tuple(MENTION_SCHEMA.names)}

_QUERIES = {
    "intel": ("report_id", "source_evaluation, intelligence_assessment, handling_code, "
                           "handling_conditions, NULL AS title"),
    "tips": ("tip_id", "NULL, NULL, NULL, NULL, NULL"),
    "articles": ("article_id", "NULL, NULL, 'P', NULL, title"),
}


@dataclass(frozen=True)
class SourceText:
    """One text to read, with the grade and handling code its mentions inherit."""

    kind: str
    source_id: str
    text: str
    source_evaluation: str | None = None
    assessment: str | None = None
    handling_code: str | None = None
    handling_conditions: str | None = None
    title: str | None = None


def load_sources(store: Store, kinds: list[str] | tuple[str, ...] = SOURCES) -> list[SourceText]:
    """The latest import of each report, tip and article (by id), in id order."""
    out: list[SourceText] = []
    for kind in kinds:
        if kind not in _QUERIES:
            raise LinewatchError(f"unknown text source '{kind}' (sources: {', '.join(SOURCES)})")
        if not store.table_exists(kind):
            continue
        key, extra = _QUERIES[kind]
        sql = (f"SELECT {key}, text, {extra} FROM (SELECT *, row_number() OVER ("  # noqa: S608
               f"PARTITION BY {key} ORDER BY _batch DESC NULLS LAST, _row DESC NULLS LAST) "
               f"AS rn FROM {kind} WHERE {key} IS NOT NULL AND text IS NOT NULL) "
               f"WHERE rn = 1 ORDER BY {key}")
        for row in store.query(sql):
            out.append(SourceText(kind, str(row[0]), str(row[1]), *row[2:]))
    return out


def run(store: Store, *, params: dict[str, Any] | None = None,
        progress: Progress | None = None) -> dict[str, Any]:
    """Read every text into ``text_extractions`` and ``text_mentions``; returns a summary.

    Texts are read and matched ``chunk_size`` at a time into staging tables that replace the
    old ones at the end, in one transaction, so memory stays bounded and a failed run leaves
    the previous results as they were.
    """
    p = TextSettings.load(params).model_dump()
    started = time.perf_counter()
    with start_run(store, "text", p) as record:
        sources = load_sources(store, list(p["sources"]))
        reader = _Reader(store, p, code_version())
        todo = unrecorded(store) if p["record_outcomes"] else set()
        tally = _Tally()
        outcomes: list[dict[str, Any]] = []
        task = progress.add_task("text: reading", total=len(sources)) if progress else None
        size = max(1, int(p["chunk_size"]))
        with store.transaction():
            _create_staging(store)
            for first in range(0, len(sources), size):
                texts = reader.read(sources[first:first + size])
                matcher = Matcher(store, [r for t in texts for r in t[3]], p)
                mentions = _mention_dicts(texts, matcher, p, record.run_id)
                store.write_arrow(_STAGING["text_mentions"],
                                  pa.Table.from_pylist(mentions, MENTION_SCHEMA), mode="append")
                store.write_arrow(_STAGING["text_extractions"],
                                  _extraction_table(texts, reader.version, record.run_id),
                                  mode="append")
                tally.add(texts, mentions)
                outcomes += [outcome_row(src.source_id, src.title, src.text, extraction)
                             for src, _, extraction, _ in texts
                             if src.kind == "articles" and src.source_id in todo]
                if progress is not None and task is not None:
                    progress.advance(task, len(texts))
            _swap_staging(store)
            recorded = write_outcomes(store, outcomes) if p["record_outcomes"] else 0
        seconds = time.perf_counter() - started
        record.summary.update(tally.summary(reader, recorded, seconds))
        return {"run_id": record.run_id, **record.summary}


Text = tuple[SourceText, str, dict[str, Any], list[MentionRow]]


class _Reader:
    """Extractions of a chunk of texts: the stored one when unchanged, else a new one."""

    def __init__(self, store: Store, p: dict[str, Any], version: str) -> None:
        self.store, self.version = store, version
        self.reuse = bool(p["reuse_extractions"]) and store.table_exists("text_extractions")
        self.forenames = known_forenames(store, p)
        self.extracted = 0
        self.warm: float | None = None

    def read(self, chunk: list[SourceText]) -> list[Text]:
        hashes = [text_sha256(src.text) for src in chunk]
        cached = self._cached(chunk, hashes)
        out: list[Text] = []
        for src, sha in zip(chunk, hashes, strict=True):
            extraction = cached.get((src.kind, src.source_id, sha))
            if extraction is None:
                extraction = self._extract(src.text)
            out.append((src, sha, extraction,
                        mention_rows(src.text, extraction, forenames=self.forenames)))
        return out

    def _extract(self, text: str) -> dict[str, Any]:
        from linewatch.text.extract import extract, warm_up

        if self.warm is None:
            began = time.perf_counter()
            warm_up()
            self.warm = time.perf_counter() - began
        self.extracted += 1
        return extract(text).to_dict()

    def _cached(self, chunk: list[SourceText], hashes: list[str]
                ) -> dict[tuple[str, str, str], dict[str, Any]]:
        if not self.reuse:
            return {}
        keys = pa.table({"kind": [s.kind for s in chunk], "id": [s.source_id for s in chunk],
                         "sha": hashes})
        with self.store.registered("lw_text_keys", keys):
            rows = self.store.query(
                "SELECT e.source_kind, e.source_id, e.text_sha256, e.extraction "
                "FROM text_extractions e JOIN lw_text_keys k ON e.source_kind = k.kind "
                "AND e.source_id = k.id AND e.text_sha256 = k.sha WHERE e.code_version = ?",
                [self.version])
        return {(str(k), str(i), str(h)): json.loads(e) for k, i, h, e in rows}


_STAGING = {"text_extractions": "lw_text_extractions_next",
            "text_mentions": "lw_text_mentions_next"}
_SQL_TYPES = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.int64(): "BIGINT"}
_JSON = {"extraction", "match_evidence"}


def _create_staging(store: Store) -> None:
    for table, schema in (("text_extractions", EXTRACTION_SCHEMA),
                          ("text_mentions", MENTION_SCHEMA)):
        columns = ", ".join(f"{f.name} {'JSON' if f.name in _JSON else _SQL_TYPES[f.type]}"
                            for f in schema)
        store.execute(f"DROP TABLE IF EXISTS {_STAGING[table]}")
        store.execute(f"CREATE TABLE {_STAGING[table]} ({columns})")


def _swap_staging(store: Store) -> None:
    for table, staging in _STAGING.items():
        store.execute(f"DROP TABLE IF EXISTS {table}")
        store.execute(f"ALTER TABLE {staging} RENAME TO {table}")


def _extraction_table(texts: list[Text], version: str, run_id: str) -> pa.Table:
    return pa.table({
        "source_kind": [s.kind for s, *_ in texts],
        "source_id": [s.source_id for s, *_ in texts],
        "text_sha256": [sha for _, sha, *_ in texts],
        "code_version": [version] * len(texts),
        "extraction": [json.dumps(e, ensure_ascii=False, default=str) for _, _, e, _ in texts],
        "run_id": [run_id] * len(texts)}, schema=EXTRACTION_SCHEMA)


def _mention_dicts(texts: list[Text],
                   matcher: Matcher, p: dict[str, Any], run_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for src, _, _, rows in texts:
        weight = grade_weight(src.kind, src.source_evaluation, src.assessment,
                              tip_weight=float(p["tip_weight"]),
                              article_weight=float(p["article_weight"]),
                              ungraded_weight=float(p["ungraded_weight"]))
        for row, matches in zip(rows, matcher.match_text(rows), strict=True):
            base = {
                "source_kind": src.kind, "source_id": src.source_id,
                "mention_type": row.mention_type, "value": row.value,
                "normalised": row.normalised, "span_start": row.start, "span_end": row.end,
                "rule": row.rule, "source_evaluation": src.source_evaluation,
                "intelligence_assessment": src.assessment, "handling_code": src.handling_code,
                "grade_weight": round(weight, 6),
                "handling_conditions": src.handling_conditions,
                "mention_id": f"{src.kind}:{src.source_id}:{row.start}-{row.end}:"
                              f"{row.mention_type}",
                "run_id": run_id}
            out += [{**base, **_match_columns(m)} for m in matches] or [
                {**base, **_match_columns(None)}]
    return out


def _match_columns(m: Match | None) -> dict[str, Any]:
    if m is None:
        return {"matched_type": None, "matched_id": None, "match_method": None,
                "match_confidence": None, "match_evidence": None}
    return {"matched_type": m.matched_type, "matched_id": m.matched_id,
            "match_method": m.method, "match_confidence": m.confidence,
            "match_evidence": json.dumps(m.evidence, ensure_ascii=False, default=str)}


class _Tally:
    """Counts for the run summary, added up chunk by chunk."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.mentions: Counter[str] = Counter()
        self.matched: Counter[str] = Counter()
        self.rows: Counter[str] = Counter()
        self.entities: Counter[str] = Counter()
        self.e_graded = self.handling_c = 0

    def add(self, texts: list[Text], rows: list[dict[str, Any]]) -> None:
        self.kinds.update(src.kind for src, *_ in texts)
        self.e_graded += sum(1 for src, *_ in texts if src.assessment == "E")
        self.handling_c += sum(1 for src, *_ in texts if src.handling_code == "C")
        self.rows.update(r["mention_type"] for r in rows)
        self.entities.update(r["matched_type"] for r in rows if r["matched_type"])
        self.mentions.update({r["mention_id"]: r["mention_type"] for r in rows}.values())
        self.matched.update({r["mention_id"]: r["mention_type"] for r in rows
                             if r["matched_type"]}.values())

    def summary(self, reader: _Reader, recorded: int, seconds: float) -> dict[str, Any]:
        texts = sum(self.kinds.values())
        warm = reader.warm or 0.0
        return {
            "texts": dict(self.kinds), "extracted": reader.extracted,
            "reused": texts - reader.extracted, "mentions": dict(self.mentions),
            "matched_mentions": dict(self.matched), "mention_rows": sum(self.rows.values()),
            "rows_by_type": dict(self.rows), "matches_by_entity": dict(self.entities),
            "e_graded_reports": self.e_graded, "handling_c_reports": self.handling_c,
            "articles_recorded": recorded, "seconds": round(seconds, 2),
            "warm_up_seconds": round(warm, 2),
            "texts_per_second": round(texts / (seconds - warm), 1) if seconds > warm else None,
        }
