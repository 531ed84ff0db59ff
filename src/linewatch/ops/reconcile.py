"""Reconcile a published press release with the operation's record.

The release is read with :func:`linewatch.text.extract` (rules only, every value with its
span); the record is :func:`linewatch.ops.summary.summary_facts`. Each field is compared and
classed as ``match``, ``conflict`` (both give a value and they differ), ``release_only``
(the release says something the record lacks) or ``record_only`` (the record holds
something the release does not say). A release that is silent on a field is not a conflict.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from linewatch.errors import InputError, NotFound
from linewatch.ops.summary import summary_facts
from linewatch.ops.tables import has
from linewatch.storage import Store


def _item(field: str, release: Any, record: Any, status: str, note: str = "") -> dict[str, Any]:
    return {"field": field, "release": release, "record": record, "status": status,
            "note": note}


def _number(field: str, release: float | int | None, record: float | int) -> dict[str, Any]:
    if release is None:
        return _item(field, None, record, "record_only" if record else "match",
                     "the release does not say" if record else "")
    if not record:
        return _item(field, release, record, "release_only", "not in the record")
    if float(release) == float(record):
        return _item(field, release, record, "match")
    return _item(field, release, record, "conflict",
                 "the release says more" if float(release) > float(record)
                 else "the release says less")


def _sets(field: str, release: set[str], record: set[str],
          same: Any = None) -> list[dict[str, Any]]:
    """Compare two sets of names; ``same(a, b)`` decides equality (default: equal text)."""
    same = same or (lambda a, b: a == b)
    out = []
    for r in sorted(release):
        match = next((x for x in record if same(r, x)), None)
        if match is None:
            out.append(_item(field, r, None, "release_only", "not in the record"))
        else:
            out.append(_item(field, r, match, "match"))
    for x in sorted(record):
        if not any(same(r, x) for r in release):
            out.append(_item(field, None, x, "record_only", "the release does not say"))
    return out


def _word_in(a: str, b: str) -> bool:
    """``knife`` and ``kitchen knife`` are the same weapon for this purpose."""
    a, b = a.lower().strip(), b.lower().strip()
    return a == b or bool(re.search(rf"\b{re.escape(a)}s?\b", b)) or bool(
        re.search(rf"\b{re.escape(b)}s?\b", a))


def article_text(store: Store, article_id: str) -> str:
    if not has(store, "articles"):
        raise NotFound("no articles ingested (linewatch ingest --kind articles)")
    text = store.scalar("SELECT text FROM articles WHERE article_id = ?", [article_id])
    if text is None:
        raise NotFound(f"no article '{article_id}'")
    return str(text)


def reconcile(store: Store, operation_id: str, *, text: str | None = None,
              article_id: str | None = None, path: str | Path | None = None) -> dict[str, Any]:
    """Differences between a release (text, article or file) and the record."""
    if article_id:
        text = article_text(store, article_id)
    elif path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"cannot read the release ({exc})", file=str(path)) from exc
    if not text or not text.strip():
        raise InputError("give the release as --article-id or --file")
    from linewatch.text import extract  # loads the language model: only when needed

    release = extract(text).to_contract()
    f = summary_facts(store, operation_id)
    items = [
        _number("warrants", release["warrants"], f["warrants"]),
        _number("arrests", release["arrests"], f["arrests"]),
        _number("cash_gbp", release["cash_gbp"], f["cash_gbp"]),
        _number("safeguarded", release["safeguarded"], f["safeguarded"]),
    ]
    items += _sets("drug_classes", {d["class"] for d in release["drugs"] if d["class"]},
                   set(f["drug_classes"]))
    items += _sets("drugs", {d["name"] for d in release["drugs"] if d["name"]},
                   {d["name"] for ds in f["drugs"].values() for d in ds if d["name"]}, _word_in)
    items += _sets("weapons", set(release["weapons"]), set(f["weapons"]), _word_in)
    items += _sets("forces", set(release["agencies"]), set(f["forces"]))
    items += _people(release["persons"], f["arrested_adults"])
    if release["operation_name"]:
        same = release["operation_name"].lower() in f["name"].lower()
        items.append(_item("operation_name", release["operation_name"], f["name"],
                           "match" if same else "conflict"))
    for item in items:
        if item["field"] == "forces" and item["status"] == "release_only":
            item["note"] = "agency named in the release but no warrant recorded in its area"
    return {"operation_id": operation_id, "source": article_id or (str(path) if path else
                                                                   "text"),
            "differences": [i for i in items if i["status"] != "match"],
            "matches": [i for i in items if i["status"] == "match"],
            "release": release, "record": f}


def _people(release: list[dict[str, Any]], record: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adults described by age and sex in the release against those in the record."""
    said = Counter((p["age"], p["sex"]) for p in release if p.get("age") is not None)
    held = Counter((p["age"], p["sex"]) for p in record if p.get("age") is not None)
    out = []
    for key in sorted(said | held, key=lambda k: (k[0], k[1] or "")):
        age, sex = key
        label = f"{age}-year-old {'man' if sex == 'M' else 'woman' if sex == 'F' else 'person'}"
        if said[key] and held[key]:
            out.append(_item("people", label, label, "match"))
        elif said[key]:
            out.append(_item("people", label, None, "release_only",
                             "no adult of that age and sex arrested in the record"))
    return out
