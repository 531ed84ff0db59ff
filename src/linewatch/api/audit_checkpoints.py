"""Signed audit checkpoints: an append-only file outside the store.

Each line is one JSON checkpoint::

    {"v": 1, "at": ..., "entries": N, "head": <hash of entry N>, "keyed_from": K,
     "reason": "anchor" | "periodic" | "shutdown" | "restored", "key_id": ..., "mac": ...}

``mac`` is the HMAC-SHA256, under the audit key, of the line's other fields (canonical JSON).
``keyed_from`` is the first entry signed with the key: older entries were written before the
log was keyed ("legacy", hash-chained only) and are anchored by the first checkpoint, whose
head is the hash of the last of them. A checkpoint is written when a store is first used with
a key (``anchor``), after every ``N`` entries (``periodic``) and at a clean shutdown.

Restoring a backup (:mod:`linewatch.api.backup`) sets the log back to the backup's entries:
the restore appends a ``restored`` checkpoint of the backup's count and head, which may count
fewer entries than the lines before it. From that line on, the checkpoints before it that
counted more entries (a history the restore replaced) no longer apply; those that counted
fewer still do, since a backup of this store holds the same first entries.

A store's writer can delete the last entries of the log; it cannot make the checkpoints
forget them without the key, unless it can also truncate this file: keep it on storage the
server may only append to (``chattr +a``, a WORM share, or a copy shipped elsewhere), and
note the newest checkpoint from time to time (``linewatch audit checkpoints``).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linewatch.api.audit_key import AuditKey

FIELDS = ("v", "at", "entries", "head", "keyed_from", "reason", "key_id")
RESTORED = "restored"


@dataclass(frozen=True)
class Checkpoint:
    line: int
    at: str
    entries: int
    head: str
    keyed_from: int
    reason: str
    key_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "at": self.at, "entries": self.entries, "head": self.head,
                "keyed_from": self.keyed_from, "reason": self.reason, "key_id": self.key_id}


@dataclass
class CheckpointFile:
    """What a checkpoint file holds, read with a key: valid checkpoints and the first
    problem (a line that is not valid JSON, was edited, or was signed with another key)."""

    path: Path | None
    checkpoints: list[Checkpoint]
    problem: str | None = None
    exists: bool = False
    #: checkpoints of a history a restore replaced (not checked any more)
    superseded: int = 0

    @property
    def last(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None

    @property
    def keyed_from(self) -> int | None:
        return self.checkpoints[0].keyed_from if self.checkpoints else None


def _body(record: dict[str, Any]) -> str:
    return json.dumps({k: record.get(k) for k in FIELDS}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def append(path: Path, key: AuditKey, *, entries: int, head: str, keyed_from: int,
           reason: str) -> Checkpoint:
    """Append one signed checkpoint (created ``0600``, opened append-only, fsynced)."""
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    record: dict[str, Any] = {"v": 1, "at": at, "entries": entries, "head": head,
                              "keyed_from": keyed_from, "reason": reason,
                              "key_id": key.key_id}
    record["mac"] = key.mac(_body(record))
    data = (json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return Checkpoint(0, at, entries, head, keyed_from, reason, key.key_id)


def read(path: Path | None, key: AuditKey) -> CheckpointFile:
    """Every checkpoint of ``path`` up to the first bad line (named in ``problem``)."""
    found = CheckpointFile(path, [])
    if path is None or not path.exists():
        return found
    found.exists = True
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            problem = _check_line(found, number, text, key)
            if problem:
                found.problem = f"checkpoint line {number} {problem}"
                break
    return found


def _check_line(found: CheckpointFile, number: int, text: str, key: AuditKey) -> str | None:
    try:
        record = json.loads(text)
        if not isinstance(record, dict):
            return "is not a checkpoint"
        checkpoint = Checkpoint(number, str(record["at"]), int(record["entries"]),
                                str(record["head"]), int(record["keyed_from"]),
                                str(record["reason"]), str(record["key_id"]))
        mac = str(record["mac"])
    except (ValueError, KeyError, TypeError):
        return "is not a valid checkpoint"
    if checkpoint.key_id != key.key_id:
        return (f"was signed with another audit key (key id {checkpoint.key_id}; "
                f"LINEWATCH_AUDIT_KEY has id {key.key_id})")
    if not hmac.compare_digest(key.mac(_body(record)), mac):
        return "was altered (its signature does not match)"
    previous = found.last
    if previous is not None:
        if checkpoint.reason == RESTORED:  # the history after the backup was replaced
            found.superseded += sum(1 for c in found.checkpoints
                                    if c.entries > checkpoint.entries)
            found.checkpoints = [c for c in found.checkpoints
                                 if c.entries <= checkpoint.entries]
        elif checkpoint.entries < previous.entries:
            return (f"counts {checkpoint.entries} entries, fewer than line {previous.line} "
                    f"({previous.entries})")
        if checkpoint.keyed_from != previous.keyed_from:
            return "names another first keyed entry than the lines before it"
    found.checkpoints.append(checkpoint)
    return None
