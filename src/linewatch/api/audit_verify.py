"""Verifying the audit log: the keyed chain, then the signed checkpoints.

An entry fails when it does not link to the one before it, when its hash is neither the keyed
nor the legacy hash of its content (edited, or written under another key), or when it is a
legacy entry at or after the first keyed one (rewritten by someone without the key). The
checkpoints then fail the log when one of them was altered or signed with another key, when
the entry a checkpoint counted has another hash now (a rewritten chain), or when the log has
fewer entries than the newest checkpoint counted (a cut tail).

Entries older than the first keyed entry (``keyed_from``, written before the log had a key)
are reported as ``legacy``: their chain is checked, and the first checkpoint, which holds the
hash of the last of them, anchors them from the day the key was introduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linewatch.api import audit_checkpoints
from linewatch.api.audit_chain import GENESIS, Kind, classify
from linewatch.api.audit_key import AuditConfig, config_for
from linewatch.api.tables import ensure_tables
from linewatch.storage import Store

ROWS_SQL = ("SELECT seq, \"at\", user_name, action, target, CAST(detail AS VARCHAR) AS detail, "
            "reason, prev_hash, hash FROM audit_log ORDER BY seq LIMIT ? OFFSET ?")


@dataclass
class Verification:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None
    last_hash: str = GENESIS
    legacy_entries: int = 0
    keyed_from: int | None = None
    checkpoints: int = 0
    checkpoint_file: str | None = None
    last_checkpoint: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem, "last_hash": self.last_hash,
                "legacy_entries": self.legacy_entries, "keyed_from": self.keyed_from,
                "checkpoints": self.checkpoints, "checkpoint_file": self.checkpoint_file,
                "last_checkpoint": self.last_checkpoint, "warnings": self.warnings}


def verify(store: Store, config: AuditConfig | None = None, batch: int = 5000) -> Verification:
    """Walk the chain from seq 1 with the audit key, then hold it against the checkpoints."""
    ensure_tables(store)
    config = config or config_for(store)
    anchors = audit_checkpoints.read(config.checkpoints, config.key)
    result = Verification(True, 0, keyed_from=anchors.keyed_from,
                          checkpoints=len(anchors.checkpoints),
                          checkpoint_file=str(config.checkpoints) if config.checkpoints else None,
                          last_checkpoint=anchors.last.to_dict() if anchors.last else None)
    if anchors.problem:
        return _fail(result, None, anchors.problem)
    expected = {c.entries: c for c in anchors.checkpoints if c.entries > 0}
    _walk(store, config, result, expected, batch)
    if not result.ok:
        return result
    return _against_checkpoints(result, anchors, config.checkpoints)


def _walk(store: Store, config: AuditConfig, result: Verification,
          expected: dict[int, audit_checkpoints.Checkpoint], batch: int) -> None:
    prev, offset, seen_keyed = GENESIS, 0, False
    while True:
        rows = store.query_dicts(ROWS_SQL, [batch, offset])
        if not rows:
            return
        offset += len(rows)
        for row in rows:
            seq = int(row["seq"])
            problem, kind = _entry_problem(config, row, seq, result.entries + 1, prev, result,
                                           seen_keyed)
            if problem:
                _fail(result, result.entries + 1 if "missing" in problem else seq, problem)
                return
            seen_keyed = seen_keyed or kind == "keyed"
            anchor = expected.get(seq)
            if anchor is not None and anchor.head != row["hash"]:
                _fail(result, seq, f"entry {seq} is not the entry checkpoint line "
                                   f"{anchor.line} signed ({anchor.at}): the chain was rewritten")
                return
            prev = str(row["hash"])
            result.entries += 1
            result.last_hash = prev


def _entry_problem(config: AuditConfig, row: dict[str, Any], seq: int, expected: int,
                   prev: str, result: Verification, seen_keyed: bool) -> tuple[str | None, Kind | None]:
    """What is wrong with one entry (``None`` when nothing), and its kind."""
    if seq != expected:
        return f"entry {expected} is missing (next is {seq})", None
    if row["prev_hash"] != prev:
        return f"entry {seq} does not link to entry {seq - 1}", None
    kind = classify(config.key, row, prev)
    if kind is None:
        return (f"entry {seq} was altered (or LINEWATCH_AUDIT_KEY is not the key it was "
                "written with)"), None
    if kind == "legacy":
        keyed_from = result.keyed_from
        if (keyed_from is not None and seq >= keyed_from) or seen_keyed:
            return (f"entry {seq} is not signed with the audit key although the log is keyed "
                    "from an earlier entry: it was rewritten without the key"), kind
        result.legacy_entries += 1
    return None, kind


def _against_checkpoints(result: Verification, anchors: audit_checkpoints.CheckpointFile,
                         path: Path | None) -> Verification:
    last = anchors.last
    if path is None:
        result.warnings.append("no checkpoint file (in-memory store): a cut tail cannot be "
                               "detected")
        return result
    if last is None:
        if result.entries > result.legacy_entries:
            return _fail(result, None, f"the checkpoint file {path} is missing or empty "
                                       "although the log has keyed entries")
        result.warnings.append(f"no checkpoints yet in {path}")
        return result
    if result.entries < last.entries:
        return _fail(result, result.entries + 1,
                     f"the log has {result.entries} entries but checkpoint line {last.line} "
                     f"({last.at}) counted {last.entries}: the tail was cut")
    if anchors.checkpoints[0].reason != "anchor":
        result.warnings.append("the checkpoint file was started after keyed entries existed "
                               "(was an earlier file lost or deleted?)")
    if result.legacy_entries:
        result.warnings.append(
            f"entries 1-{result.legacy_entries} predate the audit key: hash-chained only, "
            "anchored by the first checkpoint")
    return result


def _fail(result: Verification, seq: int | None, problem: str) -> Verification:
    result.ok = False
    result.first_bad_seq = seq
    result.problem = problem
    return result
