"""Alerts delivered to a JSONL file and a webhook (a local HTTP server), off by default, and
never carrying an alert that rests on intelligence shared with conditions."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from linewatch.settings.alerts import AlertSettings
from linewatch.storage import Store
from linewatch.watch import add_watch, check_watches, deliver_pending

NUMBER = "+447700900123"


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            size = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(size)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/alerts", received
    server.shutdown()
    thread.join(timeout=5)


def _raise_two(store: Store) -> list[dict[str, Any]]:
    """A call on a watched number (public-coded) and a restricted report on a watched word."""
    add_watch(store, "ann", "phone", NUMBER)
    add_watch(store, "ann", "search", "Marblewick")
    store.write_rows("cdr", [{"a_number": NUMBER, "b_number": "+447700900999",
                              "event_type": "voice", "event_id": "E1", "_batch": 1,
                              "_file": 1, "_row": 1}], mode="append")
    store.write_rows("intel", [{"report_id": "IR-1", "handling_code": "C",
                                "handling_conditions": "Supervisors only.",
                                "text": "Marblewick is the new runner.", "_batch": 1,
                                "_file": 1, "_row": 1}], mode="append")
    return check_watches(store, batch_id=1)


def test_nothing_leaves_the_store_by_default(memory_store: Store) -> None:
    assert len(_raise_two(memory_store)) == 2
    assert deliver_pending(memory_store, AlertSettings()) == \
        {"delivered": 0, "withheld": 0, "failed": 0}
    assert memory_store.scalar("SELECT count(*) FROM alerts WHERE delivered_at IS NOT NULL "
                               "OR delivery_error IS NOT NULL") == 0


def test_webhook_and_file_get_the_public_alert_only(
        memory_store: Store, webhook: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    url, received = webhook
    raised = {a["kind"]: a for a in _raise_two(memory_store)}
    settings = AlertSettings(webhook_url=url, jsonl_path=tmp_path / "alerts.jsonl")
    assert deliver_pending(memory_store, settings) == {"delivered": 1, "withheld": 1,
                                                       "failed": 0}
    assert [r["alert_id"] for r in received] == [raised["phone"]["alert_id"]]
    assert received[0]["evidence"] == [{"table": "cdr", "batch": 1, "row": 1, "key": "E1"}]
    lines = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["alert_id"] for x in lines] == [raised["phone"]["alert_id"]]
    assert "Marblewick" not in json.dumps(received)
    # delivered once: a second call sends nothing
    assert deliver_pending(memory_store, settings)["delivered"] == 0
    assert len(received) == 1


def test_a_failing_webhook_is_recorded_not_raised(memory_store: Store) -> None:
    _raise_two(memory_store)
    settings = AlertSettings(webhook_url="http://127.0.0.1:9/nothing-listens",
                             webhook_timeout_seconds=2)
    assert deliver_pending(memory_store, settings)["failed"] == 1
    error = memory_store.scalar("SELECT delivery_error FROM alerts WHERE kind = 'phone'")
    assert error and error.startswith("ConnectError")


def test_a_watch_on_an_unknown_person_is_refused(memory_store: Store) -> None:
    from linewatch.errors import NotFound
    from linewatch.storage import identities

    identities.record_members(memory_store, "person", {"PAAA": {"rms:1"}}, "r1")
    with pytest.raises(NotFound):
        add_watch(memory_store, "ann", "person", "PZZZ")
    assert add_watch(memory_store, "ann", "person", "paaa")["value"] == "PAAA"
