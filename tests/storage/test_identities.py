"""Redirects between runs: a rename, a merge and a split of lines, chains of redirects, and
ids that exist now always meaning themselves."""

from __future__ import annotations

from linewatch.storage import Store, identities


def _run(store: Store, members: dict[str, set[str]], run_id: str) -> list[tuple[str, str, str]]:
    rows = identities.record_members(store, "line", members, run_id)
    return [(r["old_id"], r["new_id"], r["reason"]) for r in rows]


def test_first_run_redirects_nothing(memory_store: Store) -> None:
    assert _run(memory_store, {"LA": {"1", "2"}}, "r1") == []
    assert identities.current_id(memory_store, "line", "LA") == "LA"


def test_merge_split_and_rename(memory_store: Store) -> None:
    _run(memory_store, {"LA": {"1", "2"}, "LB": {"3"}, "LC": {"4", "5", "6"}, "LD": {"7"}},
         "r1")
    changes = _run(memory_store, {"LA": {"1", "2", "3"},           # LB merged into LA
                                  "LC": {"4"}, "LE": {"5", "6"},   # LC split: LE took two
                                  "LF": {"7"}}, "r2")              # LD renamed LF
    assert sorted(changes) == [("LB", "LA", "merged"), ("LC", "LE", "split"),
                               ("LD", "LF", "renamed")]
    assert identities.current_id(memory_store, "line", "LB") == "LA"
    assert identities.current_id(memory_store, "line", "LC") == "LC"  # it still exists
    assert identities.current_id(memory_store, "line", "LD") == "LF"
    assert identities.aliases(memory_store, "line", "LA") == ["LA", "LB"]
    history = identities.redirects(memory_store, "line", "LB")
    assert [(h["run_id"], h["reason"]) for h in history] == [("r2", "merged")]


def test_chains_end_at_an_id_that_exists(memory_store: Store) -> None:
    _run(memory_store, {"LA": {"1"}, "LB": {"2"}}, "r1")
    _run(memory_store, {"LB": {"1", "2"}}, "r2")        # LA -> LB
    _run(memory_store, {"LC": {"1", "2", "3"}}, "r3")   # LB -> LC
    assert identities.redirect_map(memory_store, "line") == {"LA": "LC", "LB": "LC"}


def test_an_id_that_comes_back_means_itself_again(memory_store: Store) -> None:
    _run(memory_store, {"LA": {"1"}, "LB": {"2"}}, "r1")
    _run(memory_store, {"LA": {"1", "2"}}, "r2")        # LB merged into LA
    _run(memory_store, {"LA": {"1"}, "LB": {"2"}}, "r3")  # an analyst split them again
    assert identities.current_id(memory_store, "line", "LB") == "LB"


def test_a_split_spread_evenly_goes_to_the_lowest_id(memory_store: Store) -> None:
    _run(memory_store, {"LA": {"1", "2"}}, "r1")
    assert _run(memory_store, {"LX": {"1"}, "LY": {"2"}}, "r2") == [("LA", "LX", "split")]


def test_a_store_analysed_before_identities_were_kept_is_seeded(memory_store: Store) -> None:
    memory_store.execute("CREATE TABLE line_numbers (line_id VARCHAR, number VARCHAR)")
    memory_store.execute("INSERT INTO line_numbers (line_id, number) VALUES "
                         "('L1', '+447700900001'), ('L1', '+447700900002')")
    identities.remember_current(memory_store, "line")
    changes = _run(memory_store, {"L3F2A9C01": {"+447700900001", "+447700900002"}}, "r2")
    assert changes == [("L1", "L3F2A9C01", "renamed")]


def test_exists_answers_for_the_latest_analysis_only(memory_store: Store) -> None:
    assert identities.exists(memory_store, "line", "LZ")  # nothing analysed: cannot tell
    _run(memory_store, {"LA": {"1"}}, "r1")
    assert identities.exists(memory_store, "line", "LA")
    assert not identities.exists(memory_store, "line", "LZ")
