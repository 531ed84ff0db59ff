"""The per-version page cache of the heavy read routes (``linewatch.api.payloads``).

A cached page must never outlive its data: a new analysis run, or any job the server's
writer commits, gives the next read a freshly built page. And caching changes nothing of what
each read owes: its own audit entry, and the partner's allowlist.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from linewatch.api import snapshot as snapshot_module
from linewatch.api.group_commit import GroupCommit
from linewatch.api.payloads import Page, PageCache
from linewatch.storage import Store
from linewatch.storage.runs import start_run


@pytest.fixture(autouse=True)
def check_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request checks the data version (the server checks every few seconds)."""
    monkeypatch.setattr(snapshot_module, "REFRESH_SECONDS", 0.0)


def _line_score(client: Any, line_id: str) -> float:
    lines = client.get("/api/lines").json()["lines"]
    return float(next(r["score"] for r in lines if r["line_id"] == line_id))


def _top_line(store: Store) -> str:
    return str(store.scalar("SELECT line_id FROM lines ORDER BY score DESC, line_id LIMIT 1"))


def test_the_line_list_follows_a_new_analysis_run(clients: dict[str, Any],
                                                  store: Store) -> None:
    analyst, line = clients["analyst"], _top_line(store)
    before = _line_score(analyst, line)
    assert _line_score(analyst, line) == before  # now answered from the cache
    with start_run(store, "detect", {"test": "a new run"}):
        store.execute("UPDATE lines SET score = score / 2 WHERE line_id = ?", [line])
    assert _line_score(analyst, line) == pytest.approx(before / 2)


def test_a_line_page_follows_a_committed_job(app: Any, clients: dict[str, Any],
                                             store: Store) -> None:
    """A job that adds no run (a retention decision, say) still drops the cached pages."""
    analyst, line = clients["analyst"], _top_line(store)
    first = analyst.get(f"/api/lines/{line}").json()["line"]["score"]
    store.execute("UPDATE lines SET score = score + 1 WHERE line_id = ?", [line])
    # the writer's own step after every job it commits (api/job_writer.py)
    app.state.jobs._after_commit()
    assert analyst.get(f"/api/lines/{line}").json()["line"]["score"] == \
        pytest.approx(first + 1)


def test_the_target_list_follows_a_new_run(clients: dict[str, Any], store: Store) -> None:
    analyst = clients["analyst"]
    first = analyst.get("/api/targets").json()["targets"]
    assert len(first) >= 2
    last = first[-1]["person_id"]
    with start_run(store, "score", {"test": "a supervisor's override, applied by a run"}):
        store.execute("DELETE FROM target_list WHERE person_id = ?", [last])
    shown = [t["person_id"] for t in analyst.get("/api/targets").json()["targets"]]
    assert last not in shown and len(shown) == len(first) - 1


def _entries(store: Store, user: str, action: str) -> list[tuple[Any, ...]]:
    return store.query("SELECT target, CAST(detail AS VARCHAR) FROM audit_log WHERE "
                       "user_name = ? AND action = ? ORDER BY seq", [user, action])


def test_every_read_of_a_cached_page_writes_its_audit_entry(clients: dict[str, Any],
                                                            store: Store,
                                                            ids: dict[str, Any]) -> None:
    supervisor = clients["supervisor"]
    for path, action in (("/api/safeguarding", "view_safeguarding"),
                         (f"/api/lines/{ids['line']}", "view_line"),
                         (f"/api/persons/{ids['controller']}", "view_person"),
                         (f"/api/phones/{ids['deal']}", "view_phone")):
        before = _entries(store, "supervisor", action)
        for _ in range(3):
            assert supervisor.get(path).status_code == 200
        after = _entries(store, "supervisor", action)
        assert len(after) == len(before) + 3, path
        assert len(set(after[len(before):])) == 1  # the same ids (or target) each time
    assert '"ids"' in _entries(store, "supervisor", "view_safeguarding")[-1][1]


def test_the_verified_chain_holds_after_cached_reads(clients: dict[str, Any],
                                                     store: Store) -> None:
    from linewatch.api import audit

    for _ in range(5):
        clients["analyst"].get("/api/lines")
    assert audit.verify(store).ok


def test_a_page_cached_for_an_analyst_reaches_a_partner_filtered(
        app: Any, clients: dict[str, Any]) -> None:
    from linewatch.api.role_filter import allowed_answer

    for route in ("/api/safeguarding", "/api/lines"):
        analyst = clients["analyst"].get(route).json()  # built and cached for the analyst
        partner = clients["partner"].get(route).json()
        assert partner != analyst
        assert partner == allowed_answer(app.state.ctx, "partner", route, analyst)


def test_an_unknown_line_is_not_cached_as_an_answer(clients: dict[str, Any]) -> None:
    for _ in range(2):
        assert clients["analyst"].get("/api/lines/NO-SUCH-LINE").status_code == 404


def test_the_cache_drops_the_least_recently_read_page_past_its_bounds() -> None:
    cache = PageCache(max_entries=2, max_bytes=10)
    cache.put("a", Page(b"1234", "view"))
    cache.put("b", Page(b"1234", "view"))
    assert cache.get("a") is not None  # "b" is now the least recently read
    cache.put("c", Page(b"1234", "view"))
    assert cache.get("b") is None and cache.get("a") and cache.get("c")
    cache.put("d", Page(b"123456789", "view"))  # past the bytes: all but "d" go
    assert cache.get("d") and cache.get("a") is None and cache.get("c") is None
    assert cache.size == 9


def test_group_commit_stores_concurrent_items_in_few_batches() -> None:
    batches: list[list[int]] = []
    entered = threading.Event()
    release = threading.Event()

    def store_items(items: list[int]) -> None:
        entered.set()
        release.wait(5)  # the first batch is slow: the others queue up meanwhile
        batches.append(items)

    group: GroupCommit[int] = GroupCommit(store_items)
    first = threading.Thread(target=group.put, args=(0,))
    first.start()
    entered.wait(5)
    others = [threading.Thread(target=group.put, args=(n,)) for n in range(1, 11)]
    for t in others:
        t.start()
    while len(group.pending) < 10:
        threading.Event().wait(0.01)
    release.set()
    for t in [first, *others]:
        t.join(5)
    assert sorted(i for b in batches for i in b) == list(range(11))
    assert batches[0] == [0] and len(batches) == 2


def test_group_commit_fails_every_waiter_of_a_failed_batch() -> None:
    def store_items(items: list[int]) -> None:
        raise RuntimeError("disk full")

    group: GroupCommit[int] = GroupCommit(store_items)
    tickets = [group.add(n) for n in range(3)]
    for ticket in tickets:
        with pytest.raises(RuntimeError, match="disk full"):
            group.wait(ticket)
    assert not group.errors


def test_line_activity_from_the_daily_summary_matches_the_call_records(
        store: Store, ids: dict[str, Any]) -> None:
    from linewatch.api.routes.lines import _activity

    numbers = ids["numbers"]
    expected = store.query_dicts("""
        SELECT CAST(date_trunc('day', start_time) AS DATE) AS day, number, count(*) AS n FROM (
          SELECT start_time, a_number AS number FROM cdr WHERE a_number IN
            (SELECT unnest(?::VARCHAR[]))
          UNION ALL SELECT start_time, b_number FROM cdr WHERE b_number IN
            (SELECT unnest(?::VARCHAR[])))
        GROUP BY ALL ORDER BY day, number""", [numbers, numbers])
    assert expected and _activity(store, numbers) == expected
