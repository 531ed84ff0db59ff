"""With the server holding the store, an import job raises the alerts (on the single writer,
in the job's transaction) and the watcher reads them through the API."""

from __future__ import annotations

import secrets
import warnings

from tests.job_helpers import wait_job

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user
from linewatch.storage import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

PASSWORD = "a long enough password " + secrets.token_hex(8)
CDR = ("start_time,a_number,b_number,event_type\n"
       "2026-02-01T10:00:00,07700900011,07700900012,sms\n")


def test_an_import_job_raises_the_alert_the_watcher_reads() -> None:
    store = Store.open(":memory:")
    add_user(store, "ann", "analyst", PASSWORD)
    add_user(store, "bob", "analyst", PASSWORD)
    app = create_app(Settings(secret_key=secrets.token_urlsafe(48), db=":memory:"),
                     store=store)
    try:
        clients = {}
        for name in ("ann", "bob"):
            clients[name] = client = TestClient(app)
            res = client.post("/api/auth/login", json={"name": name, "password": PASSWORD})
            assert res.status_code == 200, res.text
            client.headers["X-CSRF-Token"] = res.json()["csrf_token"]
        ann = clients["ann"]
        watch = ann.post("/api/watches", json={"kind": "phone", "value": "07700 900012"})
        assert watch.status_code == 200, watch.text
        job = ann.post("/api/jobs/import", files={"files": ("cdr.csv", CDR.encode())}).json()
        done = wait_job(ann, job["job_id"])
        assert done["state"] == "done", done
        assert done["result"]["alerts"]["raised"] == 1
        alerts = ann.get("/api/alerts").json()
        assert [a["watch_id"] for a in alerts["alerts"]] == [watch.json()["watch_id"]]
        assert alerts["alerts"][0]["batch_id"] == done["result"]["batch_id"]
        # another user's alerts are not theirs to read
        assert clients["bob"].get("/api/alerts").json()["alerts"] == []
        listed = ann.get("/api/watches").json()["watches"]
        assert listed[0]["alerts"] == 1
        removed = clients["bob"].delete(f"/api/watches/{listed[0]['watch_id']}")
        assert removed.status_code == 403
        assert ann.delete(f"/api/watches/{listed[0]['watch_id']}").status_code == 200
    finally:
        app.state.jobs.stop(grace_seconds=0)
        store.close()
