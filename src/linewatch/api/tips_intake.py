"""Storing a public tip: no IP address, user agent or cookie; then its text extraction.

The tip is written to ``tips`` (channel ``web``, a generated ``tip_id``, ``received_at`` now)
before anything else; :func:`extract_tip` then runs ``linewatch.text.extract`` (imported
when the first tip arrives; the tip is kept even when extraction fails) and stores its result in
``tip_extractions``.
"""

from __future__ import annotations

import json
import logging
import uuid

from linewatch.api.search import tips_changed
from linewatch.api.users import now
from linewatch.storage import Store

log = logging.getLogger("linewatch.api.tips")


def store_tip(store: Store, text: str) -> str:
    tip_id = f"W-{uuid.uuid4().hex[:12].upper()}"
    store.execute("INSERT INTO tips (tip_id, received_at, channel, text) VALUES (?, ?, 'web', ?)",
                  [tip_id, now().replace(microsecond=0), text])
    tips_changed(store)  # text search indexes the tips again
    return tip_id


def extract_tip(store: Store, tip_id: str, text: str) -> bool:
    """Run text extraction on a stored tip; ``False`` when it fails."""
    from linewatch.text import extract  # loads the language model: only when a tip arrives

    try:
        data = extract(text).to_dict()
    except Exception as exc:  # noqa: BLE001 - the tip is already safe; never lose it
        log.warning("text extraction failed for tip %s: %s", tip_id, type(exc).__name__)
        return False
    store.execute("INSERT INTO tip_extractions (tip_id, extraction, extracted_at) "
                  "VALUES (?, ?, ?)", [tip_id, json.dumps(data, default=str), now()])
    return True
