"""The per-version caches behind the pages: same answers as the tables, rebuilt on change."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import time
from typing import Any

import pytest

from linewatch.api import snapshot as snapshot_module
from linewatch.api.contacts import contact_index
from linewatch.api.graph import Window
from linewatch.api.person_profile import person_profile
from linewatch.api.profiles import phone_profile
from linewatch.api.responses import dumps
from linewatch.api.warmup import warm
from linewatch.storage import Store
from linewatch.storage.runs import start_run


@pytest.fixture
def store(world_store: Store) -> Store:
    """A private copy of the analysed world (the tests add runs and rows to it)."""
    return world_store


def _deal_numbers(store: Store) -> list[str]:
    return [r[0] for r in store.query("SELECT number FROM line_numbers ORDER BY number")]


def _probe_words(store: Store, table: str) -> list[str]:
    """A spread of words (five letters or more) and one two-word phrase from ``table``'s text."""
    texts = [r[0] for r in store.query(f"SELECT text FROM {table} WHERE text IS NOT NULL "
                                       "ORDER BY 1")]
    words = sorted({w for t in texts for w in re.findall(r"[A-Za-z]{5,}", t)})
    assert len(words) >= 4, texts
    first = texts[0].split()
    return [*words[:: len(words) // 4][:4], " ".join(first[1:3])]


def test_contact_index_agrees_with_the_call_records(store: Store) -> None:
    index = contact_index(store)
    assert index is not None
    for number in _deal_numbers(store)[:2]:
        expected = store.query(
            "SELECT other, count(*) AS n FROM (SELECT b_number AS other FROM cdr WHERE "
            "a_number = ? UNION ALL SELECT a_number FROM cdr WHERE b_number = ?) "
            "GROUP BY other ORDER BY n DESC, other LIMIT 3", [number, number])
        got = [(other, n) for _me, other, n, *_rest in index.top([number], 3)]
        assert got == expected
        total = store.scalar("SELECT count(*) FROM cdr WHERE a_number = ? OR b_number = ?",
                             [number, number])
        assert index.activity(number).n == total


def test_phone_page_summaries_match_a_windowed_read_of_the_call_records(store: Store) -> None:
    number = _deal_numbers(store)[0]
    fast = phone_profile(store, "analyst", number, Window())
    slow = phone_profile(store, "analyst", number,
                         Window(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)))
    key = lambda c: (c["other"], c["n"], c["calls"], c["texts"], c["outgoing"])  # noqa: E731
    assert fast["contacts"] and [key(c) for c in fast["contacts"]] == \
        [key(c) for c in slow["contacts"]]
    assert fast["movements"] == slow["movements"]
    assert fast["activity"]["n"] >= sum(c["n"] for c in fast["contacts"])


def test_person_page_follows_a_new_analysis_run(store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot_module, "REFRESH_SECONDS", 0.0)
    person = store.scalar("SELECT person_id FROM person_priority ORDER BY person_id LIMIT 1")
    before = person_profile(store, "analyst", person)["scores"]["priority"]["harm_score"]
    with start_run(store, "score", {"test": "new scores"}):  # a finished run: a new version
        store.execute("UPDATE person_priority SET harm_score = harm_score + 1000 "
                      "WHERE person_id = ?", [person])
    after = person_profile(store, "analyst", person)["scores"]["priority"]["harm_score"]
    assert after == pytest.approx(before + 1000)


def test_profile_rows_are_copies_the_caller_may_change(store: Store) -> None:
    person = store.scalar("SELECT person_id FROM persons ORDER BY person_id LIMIT 1")
    first = person_profile(store, "analyst", person)
    first["person"]["display_name"] = "changed by a caller"
    for phone in first["phones"]:
        phone["number"] = "changed"
    second = person_profile(store, "analyst", person)
    assert second["person"]["display_name"] != "changed by a caller"
    assert all(p["number"] != "changed" for p in second["phones"])


def test_warm_builds_the_caches_once(store: Store) -> None:
    warm(store)
    index = contact_index(store)
    warm(store)
    assert contact_index(store) is index


def test_json_body_writes_iso_dates_and_plain_values() -> None:
    body = json.loads(dumps({"at": dt.datetime(2024, 1, 3, 9, 5), "day": dt.date(2024, 1, 3),
                             "tags": {"b", "a"}, "amount": decimal.Decimal("2.5"),
                             "nan": float("nan"), 3: "three"}))
    assert body == {"at": "2024-01-03T09:05:00", "day": "2024-01-03", "tags": ["a", "b"],
                    "amount": 2.5, "nan": None, "3": "three"}


def test_search_results_with_equal_scores_and_names_come_in_id_order(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from linewatch.api.search import search_entities

    monkeypatch.setattr(snapshot_module, "REFRESH_SECONDS", 0.0)
    with start_run(store, "resolve", {"test": "three namesakes"}):
        for pid in ("PZ2", "PZ1", "PZ3"):
            store.execute("INSERT INTO persons (person_id, display_name, surname) "
                          "VALUES (?, ?, ?)", [pid, "Quentin ZEBEDEE", "ZEBEDEE"])
    for _ in range(3):
        found = [r["id"] for r in search_entities(store, "zebedee", {"person"})]
        assert found == ["person:PZ1", "person:PZ2", "person:PZ3"]


def test_call_labels_give_counts_and_the_span_of_days() -> None:
    from linewatch.api.graph import call_label

    day = dt.datetime
    assert call_label({"voice": 1, "count": 3, "first": day(2024, 1, 3, 9),
                       "last": day(2024, 2, 9, 10)}) == "1 call, 2 texts, 3 Jan 2024 – 9 Feb 2024"
    assert call_label({"voice": 0, "count": 1, "first": day(2024, 1, 3, 9),
                       "last": day(2024, 1, 3, 22)}) == "1 text, 3 Jan 2024"
    assert call_label({"voice": 4, "count": 4, "first": None, "last": None}) == "4 calls, "


def test_in_memory_only_mode_the_caches_never_build_check_or_query(store: Store) -> None:
    from linewatch.api.data import rows
    from linewatch.api.memory import NotCached, memory_only
    from linewatch.api.snapshot import memo, snapshot

    with memory_only(), pytest.raises(NotCached):
        snapshot(store)  # nothing built yet
    warm(store)
    built: list[str] = []
    with memory_only():
        assert snapshot(store) is snapshot_module._HOLDERS[store].snapshot
        assert contact_index(store) is not None
        with pytest.raises(NotCached):
            memo(store, "never_built", lambda: built.append("x"))
        with pytest.raises(NotCached):
            rows(store, ["persons"], "SELECT * FROM persons")
    assert built == []
    holder = snapshot_module._HOLDERS[store]
    holder.building = True  # a new snapshot is being loaded
    with memory_only(), pytest.raises(NotCached):
        snapshot(store)
    holder.building = False
    with holder.lock, memory_only():  # a check under way: the snapshot still answers
        assert snapshot(store) is holder.snapshot
    holder.checked -= snapshot_module.REFRESH_SECONDS + 1.0  # the check is overdue
    with memory_only(), pytest.raises(NotCached):
        snapshot(store)


def test_a_busy_server_checks_the_data_version_in_the_background_before_it_is_due(
        store: Store) -> None:
    from linewatch.api.memory import memory_only
    from linewatch.api.snapshot import snapshot

    warm(store)
    holder = snapshot_module._HOLDERS[store]
    old = holder.snapshot
    with start_run(store, "score", {"test": "a new version"}):
        pass
    holder.checked -= snapshot_module.REFRESH_SECONDS * 0.75  # past half-time, not due
    with memory_only():
        assert snapshot(store) is old  # answered from memory at once...
    assert holder.checker is not None
    holder.checker.join(timeout=60)  # ...while a thread checks the version and rebuilds
    assert not holder.checker.is_alive()
    assert time.monotonic() - holder.checked < snapshot_module.REFRESH_SECONDS / 2
    with memory_only():
        assert snapshot(store) is not old


def test_work_runs_on_the_event_loop_only_when_what_it_reads_is_in_memory(
        store: Store) -> None:
    import asyncio
    import threading

    from linewatch.api.inline import from_memory
    from linewatch.api.snapshot import memo

    def on_loop(work: Any, inline: bool = True) -> bool:
        async def run() -> bool:
            here = threading.get_ident()
            return await from_memory(lambda: (work(), threading.get_ident())[1],
                                     inline=inline) == here
        return bool(asyncio.run(run()))

    index = lambda: contact_index(store)  # noqa: E731
    assert not on_loop(index)  # nothing built yet: built in the thread pool
    assert on_loop(index)  # now in memory
    assert not on_loop(index, inline=False)
    assert not on_loop(lambda: memo(store, "built_in_a_thread", lambda: 1))
    assert on_loop(lambda: memo(store, "built_in_a_thread", lambda: 1))


def test_only_small_neighbourhoods_without_a_time_window_are_built_on_the_event_loop() -> None:
    from linewatch.api.routes.graph import answers_inline

    assert answers_inline(Window(), 2, 500, 50)
    assert answers_inline(Window(), 1, 500, 500)
    assert not answers_inline(Window(dt.datetime(2024, 1, 1)), 1, 100, 10)
    assert not answers_inline(Window(), 3, 500, 50)  # 127,550 contacts at most
    assert not answers_inline(Window(), 2, 5000, 50)
    assert not answers_inline(Window(), 2, 500, 200)


def test_intel_mentions_agree_with_a_scan_of_the_reports(store: Store) -> None:
    from linewatch.api.access import may_see_intel
    from linewatch.api.profiles import intel_mentioning

    def scanned(role: str, terms: list[str]) -> list[str]:
        words = [t.lower() for t in terms if len(t) >= 3]
        digits = [re.sub(r"\D", "", t)[-10:] for t in terms if t.startswith("+")]
        ors = ["contains(lower(text), ?)"] * len(words) + \
            ["contains(regexp_replace(text, '[^0-9]', '', 'g'), ?)"] * len(digits)
        found = store.query_dicts(
            f"SELECT report_id, handling_code, handling_conditions FROM intel WHERE "
            f"{' OR '.join(ors)} ORDER BY received_at DESC NULLS LAST, report_id",
            [*words, *digits])
        return [r["report_id"] for r in found
                if may_see_intel(role, r["handling_code"], r["handling_conditions"])]

    word, other, *_rest, phrase = _probe_words(store, "intel")
    deal, second = _deal_numbers(store)[:2]
    probes = [[word], [other.upper()], [deal], [word, second], [phrase.lower()],
              ["no such words"], [f"{deal[:3]} {deal[3:7]} {deal[7:]}"]]
    seen = 0
    for role in ("analyst", "supervisor", "safeguarding"):
        for terms in probes:
            got = [r["report_id"] for r in intel_mentioning(store, role, terms)]
            assert got == scanned(role, terms), (role, terms)
            seen += len(got)
    assert seen > 0
    assert len(intel_mentioning(store, "supervisor", [word, other], limit=1)) == 1


def test_text_search_finds_the_reports_a_scan_finds_for_each_role(store: Store) -> None:
    from linewatch.api.access import may_see_intel
    from linewatch.api.search import search_text

    word, other, third, _, phrase = _probe_words(store, "intel")
    seen = 0
    for q in (word, f"{other} {third}", third.upper(), phrase, "zzz nothing"):
        tokens = q.lower().split()
        for role in ("analyst", "supervisor", "safeguarding"):
            found = store.query_dicts(
                "SELECT report_id, handling_code, handling_conditions FROM intel WHERE "
                + " AND ".join(["contains(lower(text), ?)"] * len(tokens))
                + " ORDER BY received_at DESC NULLS LAST, report_id", tokens)
            expected = [f"intel:{r['report_id']}" for r in found
                        if may_see_intel(role, r["handling_code"], r["handling_conditions"])]
            got = [h["id"] for h in search_text(store, role, q) if h["type"] == "intel"]
            assert got == expected, (q, role)
            seen += len(got)
    assert seen > 0
    assert search_text(store, "partner", word) == []


def test_text_search_finds_the_tips_a_scan_finds(store: Store) -> None:
    from linewatch.api.search import search_text

    store.execute("INSERT INTO tips (tip_id, received_at, channel, text) VALUES "
                  "('T-X2', TIMESTAMP '2024-02-01 10:00', 'web', 'A lad called DEEZY at No 12'), "
                  "('T-X3', NULL, 'email', NULL)")
    word, other, third, _, phrase = _probe_words(store, "tips")
    seen = 0
    for q in (word, phrase, third.upper(), "lad", f"{other[:4]} {other[1:]}", "called deezy 12",
              "zzz nothing"):
        tokens = q.lower().split()
        found = store.query("SELECT tip_id FROM tips WHERE "
                            + " AND ".join(["contains(lower(text), ?)"] * len(tokens))
                            + " ORDER BY received_at DESC NULLS LAST, tip_id", tokens)
        got = [h["id"] for h in search_text(store, "analyst", q) if h["type"] == "tip"]
        assert got == [f"tip:{r[0]}" for r in found], q
        seen += len(got)
    assert seen >= 4  # each derived query finds its own tip at least


def test_only_searches_whose_words_use_the_trigram_index_run_on_the_event_loop() -> None:
    from linewatch.api.routes.search import answers_inline

    assert answers_inline("dee") and answers_inline("07700 900123")
    assert answers_inline("Example Road")
    assert not answers_inline("d") and not answers_inline("dee ro") and not answers_inline("  ")
