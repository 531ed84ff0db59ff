"""Build the per-version caches before the first analyst needs them.

The search index, the in-memory snapshot, the contact index, the intelligence texts, the
person-profile indexes and the per-day summaries of the call records (the line pages'
activity, the phone pages' movements) are built lazily, on the first request that needs each after a data
change: for the medium
scenario the contact index alone takes a few seconds. ``linewatch serve`` calls :func:`warm`
in a background thread at start-up so the first search, profile and link chart are fast; a
request that arrives while a cache is being built waits for that build (never a second one).
At start-up it also builds the text pipeline public tips are extracted with (once: the
server's writer, the only thread that extracts, waits for this build rather than starting
its own); the writer calls :func:`warm` again after each job commits.
"""

from __future__ import annotations

import logging
import threading
import time

from linewatch.api.contacts import contact_index
from linewatch.api.data import table_exists
from linewatch.api.profiles import intel_texts
from linewatch.api.search import entity_index, tip_texts
from linewatch.api.snapshot import (
    daily_activity_table,
    movements_table,
    refresh_now,
    settle,
    snapshot,
)
from linewatch.api.tips_intake import ensure_pipeline
from linewatch.storage import Store

log = logging.getLogger("linewatch.api")


def warm(store: Store, *, with_text: bool = False) -> float:
    """Build every cache for the store's current data (and, ``with_text``, the text pipeline
    the writer extracts public tips with); returns the seconds it took."""
    from linewatch.api.person_profile import person_profile
    from linewatch.errors import NotFound

    t0 = time.perf_counter()
    refresh_now(store).phone_attributes()
    entity_index(store)
    contact_index(store)
    daily_activity_table(store)  # the line pages' activity charts
    movements_table(store)  # the phone pages' maps
    if table_exists(store, "intel"):
        intel_texts(store)
    if table_exists(store, "tips"):
        tip_texts(store)
    some_person = next(iter(snapshot(store).person_label), None)
    if some_person is not None:
        try:
            person_profile(store, "admin", some_person)  # loads the per-person indexes
        except NotFound:
            pass
    if with_text:
        ensure_pipeline()  # public tips are extracted by the writer, never built twice
    settle()
    seconds = time.perf_counter() - t0
    log.info("caches built in %.1f s", seconds)
    return seconds


def warm_in_background(store: Store) -> threading.Thread:
    """Run :func:`warm` in a daemon thread (errors are logged, never raised)."""
    def run() -> None:
        try:
            warm(store, with_text=True)
        except Exception:  # warming is an optimisation; requests still work
            log.exception("building the caches failed; they will be built on first use")

    thread = threading.Thread(target=run, name="linewatch-warm", daemon=True)
    thread.start()
    return thread
