"""Writes call batches as the contract's ``cdr`` kind: CSV at tiny scale, else Parquet.

Parquet is streamed one row group per day through a ``ParquetWriter`` (or one part file per
week), so memory stays bounded by a few days of traffic. Strings are never built per row in
Python: each column is a ``take`` from a table of prepared strings. Formatted days are
written on a background thread (Arrow releases the GIL) while the next day is generated.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from linewatch.simulate.batch import CallBatch
from linewatch.simulate.config import CdrLayout
from linewatch.simulate.numbering import written_table
from linewatch.simulate.world import World

A_STYLES = ("international", "e164", "national")
A_WEIGHTS = np.array([0.7, 0.2, 0.1])
B_STYLES = ("national", "international", "e164", "national_spaced")
B_WEIGHTS = np.array([0.5, 0.3, 0.15, 0.05])
PARQUET_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("start_time", pa.timestamp("s", tz="UTC")),
    ("a_number", pa.string()), ("b_number", pa.string()), ("event_type", pa.string()),
    ("duration_s", pa.int32()), ("a_cell_id", pa.string()), ("b_cell_id", pa.string()),
    ("a_imei", pa.string()), ("a_imsi", pa.string()), ("b_imei", pa.string()),
    ("b_imsi", pa.string()),
])
_EVENT_TYPES = pa.array(["sms", "voice"])
# Dictionary-encode the repetitive columns only, and keep statistics where readers filter.
_WRITE_OPTIONS = {
    "compression": "zstd",
    "use_dictionary": [name for name in PARQUET_SCHEMA.names
                       if name not in ("event_id", "start_time")],
    "write_statistics": ["start_time", "event_id"],
}


def time_order(t: np.ndarray) -> np.ndarray:
    """Indices that sort ``t``, ties kept in input order.

    Sorting unique keys (time in the high bits, position in the low bits) is fast and gives
    the same order on every machine, whichever sort algorithm numpy picks.
    """
    keys = ((t - t.min()) << 32) | np.arange(len(t), dtype=np.int64)
    return np.sort(keys) & 0xFFFFFFFF


class CdrWriter:
    """Streams days of traffic to ``data/cdr.*`` and tracks which phones appeared."""

    def __init__(self, world: World, data_dir: Path, layout: CdrLayout) -> None:
        self.world = world
        self.layout = layout
        self.data_dir = data_dir
        numbers = world.phones.number
        self.a_numbers = pa.array(written_table(numbers, A_STYLES))
        self.b_numbers = pa.array(written_table(numbers, B_STYLES))
        self.cells = pa.array(world.cells.ids)
        handsets = world.handsets
        self.imeis = pa.array(handsets.imeis)
        self.imsis = pa.array(handsets.imsis)
        n = len(numbers)
        self.imei_now = np.array([handsets.first_imei[p] for p in range(n)], dtype=np.int64)
        self.imsi_now = np.array([handsets.first_imsi[p] for p in range(n)], dtype=np.int64)
        self.changes = sorted(handsets.changes)
        self.next_change = 0
        self.seen = np.zeros(n, dtype=bool)
        self.rows = 0
        self.parts: list[Path] = []
        self._parquet: pq.ParquetWriter | None = None
        self._csv: pacsv.CSVWriter | None = None
        self._part_days = 7
        self._queue: queue.Queue[tuple[int, pa.Table] | None] = queue.Queue(maxsize=1)
        self._worker: threading.Thread | None = None
        self._failure: BaseException | None = None

    def _advance_handsets(self, day: int) -> None:
        while self.next_change < len(self.changes) and self.changes[self.next_change][0] <= day:
            _, phone, imei, imsi = self.changes[self.next_change]
            self.imei_now[phone] = imei
            self.imsi_now[phone] = imsi
            self.next_change += 1

    @staticmethod
    def _take(values: pa.Array, index: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
        mask = index < 0 if missing is None else (missing | (index < 0))
        return values.take(pa.array(np.where(mask, 0, index), mask=mask))

    def table(self, day: int, batch: CallBatch, rng: np.random.Generator) -> pa.Table:
        """The batch (sorted by time) as an Arrow table in contract columns."""
        self._advance_handsets(day)
        batch = batch.take(time_order(batch.t))
        n = len(batch)
        self.seen[batch.a] = True
        self.seen[batch.b] = True
        a_style = rng.choice(len(A_STYLES), size=n, p=A_WEIGHTS)
        b_style = rng.choice(len(B_STYLES), size=n, p=B_WEIGHTS)
        a_imei_missing = rng.random(n) < 0.02
        b_unknown = rng.random(n) > 0.25
        ids = pc.binary_join_element_wise(
            "E", pc.cast(pa.array(np.arange(self.rows, self.rows + n) + 100_000_000), pa.string()),
            "")
        self.rows += n
        columns = {
            "event_id": ids,
            "start_time": pa.array(batch.t, type=pa.timestamp("s", tz="UTC")),
            "a_number": self.a_numbers.take(pa.array(batch.a.astype(np.int64) * len(A_STYLES)
                                                     + a_style)),
            "b_number": self.b_numbers.take(pa.array(batch.b.astype(np.int64) * len(B_STYLES)
                                                     + b_style)),
            "event_type": _EVENT_TYPES.take(pa.array(batch.voice.astype(np.int8))),
            "duration_s": pa.array(batch.duration, mask=~batch.voice),
            "a_cell_id": self._take(self.cells, batch.a_cell),
            "b_cell_id": self._take(self.cells, batch.b_cell),
            "a_imei": self._take(self.imeis, self.imei_now[batch.a], a_imei_missing),
            "a_imsi": self._take(self.imsis, self.imsi_now[batch.a], a_imei_missing),
            "b_imei": self._take(self.imeis, self.imei_now[batch.b], b_unknown),
            "b_imsi": self._take(self.imsis, self.imsi_now[batch.b], b_unknown),
        }
        return pa.table(columns, schema=PARQUET_SCHEMA)

    def write(self, day: int, batch: CallBatch, rng: np.random.Generator) -> None:
        """Format one day (days must come in order) and queue it for writing."""
        if self._failure is not None:
            raise self._failure
        if not len(batch):
            return
        table = self.table(day, batch, rng)
        if self._worker is None:
            self._worker = threading.Thread(target=self._drain, name="cdr-writer", daemon=True)
            self._worker.start()
        self._queue.put((day, table))

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._failure is None:
                try:
                    self._write_now(*item)
                except BaseException as exc:  # noqa: BLE001 - handed to the producer thread, which re-raises it
                    self._failure = exc

    def _write_now(self, day: int, table: pa.Table) -> None:
        if self.layout == "csv":
            self._write_csv(table)
        elif self.layout == "parts":
            part = day // self._part_days
            path = self.data_dir / "cdr" / f"part-{part:05d}.parquet"
            if not self.parts or self.parts[-1] != path:
                self._close_parquet()
                path.parent.mkdir(parents=True, exist_ok=True)
                self._parquet = pq.ParquetWriter(path, PARQUET_SCHEMA, **_WRITE_OPTIONS)
                self.parts.append(path)
            assert self._parquet is not None  # noqa: S101 - narrows the type for mypy
            self._parquet.write_table(table, row_group_size=len(table))
        else:
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.data_dir / "cdr.parquet", PARQUET_SCHEMA,
                                                 **_WRITE_OPTIONS)
            self._parquet.write_table(table, row_group_size=len(table))

    def _write_csv(self, table: pa.Table) -> None:
        times = np.char.add(np.datetime_as_string(
            table["start_time"].to_numpy().astype("datetime64[s]"), unit="s"), "Z")
        table = table.set_column(1, "start_time", pa.array(times))
        if self._csv is None:
            options = pacsv.WriteOptions(quoting_style="needed")
            self._csv = pacsv.CSVWriter(self.data_dir / "cdr.csv", table.schema,
                                        write_options=options)
        self._csv.write_table(table)

    def _close_parquet(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None

    def close(self) -> None:
        """Finish writing every queued day and close the files; re-raises a writer failure."""
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join()
            self._worker = None
        self._close_parquet()
        if self._csv is not None:
            self._csv.close()
            self._csv = None
        if self._failure is not None:
            raise self._failure
