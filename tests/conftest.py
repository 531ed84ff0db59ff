"""Fixtures shared by every test folder.

``analysed_world`` is a small scenario put through the real stages once per test run:
simulated, ingested and analysed; tests read copies of its store (``world_store`` per test,
``AnalysedWorld.open_copy`` for a module) and its ground truth. ``world`` is a tiny hand-built
world of analysis tables in a :memory: store, used by the scoring and safeguarding unit tests
for crafted situations; its output tables take their columns from the analysed world, so they
follow the stages (the operations tests have their own).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from linewatch.storage import Store

#: every test run signs its audit logs with a fresh random key (subprocesses inherit it); no
#: key is written in the code, so none that production would accept
os.environ.setdefault("LINEWATCH_AUDIT_KEY", secrets.token_urlsafe(48))

#: the analysed world: a tiny-scale scenario, fixed seed, so every run sees the same store
WORLD_SEED, WORLD_LINES, WORLD_DAYS = 1, 2, 8


@dataclass(frozen=True)
class AnalysedWorld:
    """A simulated scenario after ``ingest`` and ``analyse``; ``db`` is read-only on disk."""

    scenario: Path
    db: Path
    seconds: float

    @property
    def data(self) -> Path:
        return self.scenario / "data"

    @property
    def truth(self) -> Path:
        return self.scenario / "truth"

    def copy(self, folder: Path, name: str = "world.duckdb") -> Path:
        """A writable copy of the analysed store in ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        shutil.copyfile(self.db, target)
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
        return target

    def open_copy(self, folder: Path, name: str = "world.duckdb") -> Store:
        """Open a writable copy, so a test may add users, runs or crafted rows freely."""
        return Store.open(self.copy(folder, name))


def build_analysed_world(out: Path) -> AnalysedWorld:
    """simulate -> ingest_paths -> analyse, as ``linewatch demo`` does, into ``out``."""
    from linewatch.ingest import ingest_paths
    from linewatch.pipeline import analyse
    from linewatch.simulate import simulate

    started = time.perf_counter()
    scenario = out / "scenario"
    simulate(scenario, seed=WORLD_SEED, scale="tiny", lines=WORLD_LINES, days=WORLD_DAYS)
    db = out / "analysed.duckdb"
    with Store.open(db) as store:
        ingest_paths(store, [scenario / "data"])
        analyse(store)
    db.chmod(stat.S_IRUSR)  # a test that writes to the shared store fails loudly
    return AnalysedWorld(scenario=scenario, db=db, seconds=time.perf_counter() - started)


@pytest.fixture(scope="session")
def analysed_world(tmp_path_factory: pytest.TempPathFactory) -> AnalysedWorld:
    """The analysed world, built once per test run (see ``build_analysed_world``)."""
    return build_analysed_world(tmp_path_factory.mktemp("analysed-world"))


@pytest.fixture
def world_store(analysed_world: AnalysedWorld, tmp_path: Path) -> Iterator[Store]:
    """A private, writable copy of the analysed world's store for one test."""
    store = analysed_world.open_copy(tmp_path)
    yield store
    store.close()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """An empty, migrated in-memory store."""
    store = Store.open(":memory:")
    yield store
    store.close()


#: the analysis output tables ``World`` writes to; their columns come from the analysed world
OUTPUT_TABLES = ("persons", "person_records", "phone_persons", "phone_handsets", "phone_roles",
                 "person_roles", "line_addresses")


@pytest.fixture(scope="session")
def output_columns(analysed_world: AnalysedWorld) -> dict[str, str]:
    """Column definitions of the stages' output tables, as the real stages wrote them."""
    with Store.open(analysed_world.db, read_only=True) as store:
        return {table: ", ".join(f'"{name}" {kind}' for name, kind, *_ in
                                 store.query(f"DESCRIBE {table}"))
                for table in OUTPUT_TABLES}


T0 = dt.datetime(2024, 9, 10, 12, 0)


class World:
    """Builds a store row by row: persons with one nominal record each, events, phones."""

    def __init__(self, columns: dict[str, str], path: str = ":memory:") -> None:
        self.columns = columns
        self.store = Store.open(path)
        for table, definition in columns.items():
            self.store.execute(f"CREATE TABLE {table} ({definition})")
        self._row = 0

    def insert(self, table: str, **values: Any) -> None:
        self.store.write_rows(table, [values], mode="append")

    def person(self, pid: str, *, dob: dt.date | None = dt.date(1990, 1, 1),
               phones: list[str] | None = None, flags: list[str] | None = None,
               address: str | None = None, postcode: str | None = None,
               sex: str = "M", nicknames: list[str] | None = None) -> None:
        self.insert("persons", person_id=pid, display_name=f"Name {pid}", dob=dob,
                    phones=phones or [], flags=flags or [], address=address,
                    postcode=postcode, nicknames=nicknames or [], n_records=1)
        self.insert("person_records", person_id=pid, source_system="rms", record_id=f"R-{pid}")
        self.insert("nominals", source_system="rms", record_id=f"R-{pid}", surname=pid,
                    dob=dob, sex=sex, flags=flags or [], attrs="{}")
        for number in phones or []:
            self.insert("phone_persons", number=number, person_id=pid, confidence=0.9)

    def event(self, eid: str, pid: str | None, event_type: str, when: dt.datetime, *,
              offence: str | None = None, outcome: str | None = None,
              role: str | None = "suspect", **place: Any) -> None:
        self.insert("events", source_system="rms", event_id=eid, event_type=event_type,
                    occurred_at=when, record_id=f"R-{pid}" if pid else None, role=role,
                    offence=offence, outcome=outcome, **place)

    def seizure(self, sid: str, eid: str, item_type: str, **values: Any) -> None:
        self.insert("seizures", seizure_id=sid, source_system="rms", event_id=eid,
                    item_type=item_type, **values)

    def call(self, a: str, b: str, when: dt.datetime, *, a_cell: str | None = None,
             b_cell: str | None = None) -> None:
        self._row += 1
        self.insert("cdr", start_time=when, a_number=a, b_number=b, event_type="voice",
                    a_cell_id=a_cell, b_cell_id=b_cell, _batch=1, _row=self._row)

    def phone_role(self, number: str, role: str, line_id: str = "L1",
                   person_id: str | None = None) -> None:
        self.insert("phone_roles", number=number, role=role, line_id=line_id,
                    person_id=person_id, confidence=0.9)

    def person_role(self, pid: str, role: str, line_id: str = "L1",
                    confidence: float = 1.0) -> None:
        self.insert("person_roles", person_id=pid, role=role, line_id=line_id,
                    confidence=confidence)

    def cell(self, cell_id: str, lat: float, lon: float) -> None:
        self.insert("cells", cell_id=cell_id, lat=lat, lon=lon)

    def address(self, address: str, postcode: str | None, lat: float | None = None,
                lon: float | None = None, flags: list[str] | None = None) -> None:
        self.insert("addresses", address=address, postcode=postcode, lat=lat, lon=lon,
                    flags=flags or [])

    def line_address(self, address: str, postcode: str | None, confidence: float = 1.0,
                     line_id: str = "L1") -> None:
        self.insert("line_addresses", line_id=line_id, address=address, postcode=postcode,
                    confidence=confidence)

    def handset(self, number: str, imei: str) -> None:
        self.insert("phone_handsets", number=number, imei=imei, n_events=1)


@pytest.fixture
def world(output_columns: dict[str, str]) -> World:
    """An empty in-memory store with the output tables' real columns, filled by each test."""
    return World(output_columns)


# -- browser tests: Debian's chromium driven by Playwright, against a real server -------------
CHROMIUM = Path(os.environ.get("LINEWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium (never a downloaded browser); fails, never skips, when missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium with "
                    "'apt-get update && apt-get install -y chromium' (never a downloaded browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def live_server() -> Iterator[Callable[[Any], str]]:
    """Start an ASGI app with uvicorn on a free localhost port; returns its base URL."""
    import uvicorn

    running: list[tuple[Any, threading.Thread]] = []

    def start(app: Any) -> str:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               access_log=False, log_level="warning",
                                               lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline:
                pytest.fail("uvicorn did not start")
            time.sleep(0.05)
        running.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)
