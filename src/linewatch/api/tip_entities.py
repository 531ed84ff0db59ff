"""What the tips inbox shows of each tip's extraction: readable entity chips linked to the
matched person, phone or address, the extracted address, and an extraction status that is
true to the data.

Two sources say what a tip mentions: the ``text`` stage's ``text_mentions`` (tips ingested
with the data, matched to entities) and ``tip_extractions`` (public web tips, extracted on
arrival, matched here against the store's phones and addresses).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linewatch.api.data import rows
from linewatch.api.snapshot import memo
from linewatch.schema.types.match_keys import address_keys
from linewatch.storage import Store

#: extraction keys shown as chips, with the chip's kind
EXTRACTION_KINDS = (("persons", "person"), ("phones", "phone"), ("addresses", "address"),
                    ("postcodes", "postcode"), ("locations", "place"), ("vehicles", "vehicle"),
                    ("drugs", "drug"), ("weapons", "weapon"))
#: mention types whose match links to a page
LINKED = {"person": "person", "phone": "phone", "address": "address", "line": "line"}


def chip_text(value: Any) -> str:
    """A readable label for one extracted value, whatever its shape."""
    if isinstance(value, Mapping):
        name = next((str(value[k]) for k in ("name", "value", "plate", "e164", "text")
                     if value.get(k)), "")
        grade = value.get("class") or value.get("drug_class")
        quantity = value.get("quantity")
        extra = [f"class {grade}" if grade else "",
                 chip_text(quantity) if quantity and not isinstance(quantity, Mapping) else ""]
        extra = [e for e in extra if e]
        return f"{name} ({', '.join(extra)})" if extra and name else name
    return "" if value is None else str(value)


def _known(store: Store) -> tuple[frozenset[str], dict[str, str]]:
    """The store's phone numbers, and its addresses by match key (memoised)."""
    def load() -> tuple[frozenset[str], dict[str, str]]:
        phones = {r["number"] for r in rows(store, ["phone_roles"],
                                             "SELECT DISTINCT number FROM phone_roles")}
        phones |= {r["number"] for r in rows(store, ["persons"], "SELECT DISTINCT "
                                              "unnest(phones) AS number FROM persons")}
        places: dict[str, str] = {}
        for r in rows(store, ["addresses"], "SELECT DISTINCT address FROM addresses"):
            key = address_keys(r["address"])["addr_key"]
            if key:
                places.setdefault(key, r["address"])
        return frozenset(phones), places

    return memo(store, "tip_known_entities", load)


def _from_extraction(store: Store, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    phones, places = _known(store)
    chips = []
    for key, kind in EXTRACTION_KINDS:
        for value in data.get(key) or []:
            text = chip_text(value)
            if not text:
                continue
            chip: dict[str, Any] = {"kind": kind, "text": text}
            if kind == "phone" and text in phones:
                chip["entity"] = f"phone:{text}"
            elif kind == "address":
                found = places.get(address_keys(text)["addr_key"] or "")
                if found:
                    chip["entity"] = f"address:{found}"
            chips.append(chip)
    if data.get("operation_name"):
        chips.append({"kind": "operation", "text": str(data["operation_name"])})
    return chips


def _from_mentions(found: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    chips = []
    for m in found:
        text = str(m.get("value") or "")
        normal = m.get("normalised")
        if normal and str(normal).lower() != text.lower() and m.get("mention_type") == "drug":
            text = f"{text} ({normal})"
        chip: dict[str, Any] = {"kind": str(m.get("mention_type") or "mention"), "text": text}
        kind = LINKED.get(str(m.get("matched_type") or ""))
        if kind and m.get("matched_id"):
            chip["entity"] = f"{kind}:{m['matched_id']}"
        chips.append(chip)
    return chips


def add_entities(store: Store, tips: list[dict[str, Any]]) -> None:
    """Give each tip ``entities`` (chips), ``address`` and ``extraction_status``."""
    ids = [t["tip_id"] for t in tips]
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in rows(store, ["text_mentions"], """
            SELECT source_id, mention_type, value, normalised, matched_type, matched_id
            FROM text_mentions WHERE source_kind = 'tips' AND source_id IN
            (SELECT unnest(?::VARCHAR[])) ORDER BY source_id, span_start""", [ids]):
        mentions.setdefault(m["source_id"], []).append(m)
    for tip in tips:
        found = mentions.get(tip["tip_id"], [])
        data = tip.get("extraction") if isinstance(tip.get("extraction"), Mapping) else None
        chips = _from_mentions(found) if found else []
        if data:
            seen = {(c["kind"], c["text"].lower()) for c in chips}
            chips += [c for c in _from_extraction(store, data)
                      if (c["kind"], c["text"].lower()) not in seen]
        tip["entities"] = chips
        tip["address"] = next((c["text"] for c in chips if c["kind"] == "address"), None)
        if found:
            tip["extraction_status"] = (f"{len(found)} mention{'s' if len(found) != 1 else ''}"
                                        " found by the text stage")
        elif data is not None:
            tip["extraction_status"] = f"extracted on arrival: {len(chips)} found"
        else:
            tip["extraction_status"] = "not extracted yet (run 'linewatch analyse')"
