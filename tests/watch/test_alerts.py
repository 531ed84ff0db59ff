"""Alerts in the re-run world: one fires for each watched kind when the second delivery and
analysis touch it, and none reaches a user whose role may not see its sources."""

from __future__ import annotations

from typing import Any

from tests.watch.conftest import USERS

from linewatch.api.alerts import alerts_for
from linewatch.watch import list_alerts


def _alerts(world: Any, user: str, kind: str | None = None, value: str | None = None
            ) -> list[dict[str, Any]]:
    return [a for a in list_alerts(world.store, user, limit=10_000)
            if (kind is None or a["kind"] == kind) and (value is None or a["value"] == value)]


def test_a_watched_number_in_new_call_data_alerts_with_its_records(rerun_world: Any) -> None:
    watch = rerun_world.refs["watches"]["phone"]
    found = [a for a in _alerts(rerun_world, "ann", "phone", watch["value"])
             if a["batch_id"] == rerun_world.second["batch_id"]]
    assert len(found) == 1
    assert "new records in cdr" in found[0]["reason"]
    cdr = [e for e in found[0]["evidence"] if e["table"] == "cdr"]
    assert cdr and all(e["batch"] == rerun_world.second["batch_id"] for e in cdr)


def test_a_watched_plate_address_and_search_alert(rerun_world: Any) -> None:
    watches = rerun_world.refs["watches"]
    plate = _alerts(rerun_world, "ann", "plate", watches["plate"]["value"])
    assert any("anpr" in a["source_tables"] for a in plate)
    address = _alerts(rerun_world, "ann", "address", watches["address"]["value"])
    assert any("events" in a["source_tables"] for a in address)
    search = _alerts(rerun_world, "sue", "search")
    assert search and any(e["table"] == "intel" and e["key"] == "IR-TEST-000001"
                          for a in search for e in a["evidence"])


def test_a_line_reemerging_on_a_new_number_alerts(rerun_world: Any) -> None:
    line = rerun_world.refs["line"]
    added = sorted(rerun_world.second["lines"][line] - rerun_world.first["lines"][line])
    found = _alerts(rerun_world, "ann", "line", line)
    assert len(found) == 1
    assert f"new number(s) on the line: {', '.join(added)}" in found[0]["reason"]
    assert found[0]["run_id"] and found[0]["run_id"].startswith("safeguard-")
    assert any(e["table"] == "cdr" for e in found[0]["evidence"])


def test_every_watched_person_newly_flagged_for_safeguarding_alerts(rerun_world: Any) -> None:
    newly = (rerun_world.second["safeguarding"] - rerun_world.first["safeguarding"]) \
        & set(rerun_world.first["persons"])
    assert newly, "the second delivery flags nobody new: the world no longer tests this"
    for pid in sorted(newly):
        reasons = [a["reason"] for a in _alerts(rerun_world, "ann", "person", pid)]
        assert any("flagged: safeguarding list" in r for r in reasons), pid
    never = set(rerun_world.first["persons"]) - rerun_world.second["safeguarding"] - \
        {rerun_world.refs["merged_gone"]}
    for pid in sorted(never):
        assert not any("flagged: safeguarding list" in a["reason"]
                       for a in _alerts(rerun_world, "ann", "person", pid)), pid


def test_no_alert_reaches_a_role_that_may_not_see_its_source(rerun_world: Any) -> None:
    store = rerun_world.store
    raised = {name: _alerts(rerun_world, name) for name in USERS}
    shown = {name: {a["alert_id"] for a in alerts_for(store, name, role, limit=10_000,
                                                        audit_read=False)}
             for name, role in USERS.items()}
    secret = {name: [a["alert_id"] for a in raised[name] if a["kind"] == "search"]
              for name in USERS}
    assert all(secret.values()), "every user's search for the restricted report was raised"
    assert set(secret["sue"]) <= shown["sue"]  # supervisors only: the supervisor sees it
    for name in ("ann", "sam", "pat"):
        assert not set(secret[name]) & shown[name], name
    # call data never reaches a partner agency
    partner_phone = [a["alert_id"] for a in raised["pat"] if a["kind"] == "phone"]
    assert partner_phone and not set(partner_phone) & shown["pat"]
    # what a user is shown is always their own, and none rests on intelligence they may not see
    for name, role in USERS.items():
        own = {a["alert_id"]: a for a in raised[name]}
        assert shown[name] <= set(own)
        for alert_id in shown[name]:
            for source in own[alert_id]["evidence"]:
                if source["table"] == "intel" and source.get("handling_code") == "C":
                    assert role == "supervisor" or "supervisors only" not in \
                        str(source.get("handling_conditions")).lower()


def test_reading_alerts_is_audited_and_marks_them_read(rerun_world: Any) -> None:
    store = rerun_world.store
    shown = alerts_for(store, "ann", "analyst", limit=10_000)
    assert shown
    entry = store.query_one("SELECT target, CAST(detail AS VARCHAR) FROM audit_log "
                            "WHERE action = 'alerts_read' AND user_name = 'ann' "
                            "ORDER BY seq DESC LIMIT 1")
    assert entry is not None and entry[0] == "user:ann"
    assert all(a["alert_id"] in entry[1] for a in shown)
    unread = alerts_for(store, "ann", "analyst", unread=True, audit_read=False)
    assert unread == []
