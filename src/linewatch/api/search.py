"""Ranked search across persons, phones, number plates, addresses, postcodes and free text.

Everything is searched in memory, so a search runs on the event loop (see
:mod:`linewatch.api.inline`); nothing is written to the store file.

* Entities: a substring index (:mod:`linewatch.api.search_index`) built from the store's
  tables once per data version (:func:`entity_index`).
* Intelligence text: the per-version index of report texts
  (:func:`linewatch.api.profiles.intel_texts`), filtered by the handling-code rule.
* Tip text: an index of the tips (:func:`tip_texts`), also rebuilt after the public form
  stores a tip (:func:`tips_changed`), since a new tip does not change the data version.

Ranking: a term equal to the query scores 1.0, a term starting with it 0.85, a word in a term
starting with it 0.75, containing it 0.6, and an entity whose terms hold every word of the query
0.5; a small boost lifts deal lines, high-priority and safeguarding-flagged people.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from linewatch.api.access import may_see_intel, may_see_text
from linewatch.api.ages import load_reference_time
from linewatch.api.data import rows, table_exists
from linewatch.api.memory import NotCached, answering_from_memory
from linewatch.api.profiles import grade, intel_texts
from linewatch.api.search_index import Entity, EntityIndex
from linewatch.api.snapshot import memo
from linewatch.api.substring import SubstringIndex
from linewatch.schema.types.dates import age_at
from linewatch.storage import Store

#: persons' searchable terms; ``{boost}`` is a fixed SQL expression chosen in :func:`_parts`.
PERSONS_SQL = """
    SELECT 'person' AS type, 'person:' || person_id AS id,
           coalesce(display_name, person_id) AS label,
           concat_ws(' · ', CAST(dob AS VARCHAR), nullif(array_to_string(nicknames, ', '), ''),
                     postcode) AS sub,
           unnest(list_concat([display_name, concat_ws(' ', forenames, surname), surname,
                               forenames, person_id], coalesce(nicknames, []))) AS term,
           {boost} AS boost
    FROM persons p"""
_PHONE_QUERY = re.compile(r"^[+\d][\d\s().\-/]{3,}$")


def _parts(store: Store) -> list[str]:
    """SELECTs (type, id, label, sub, term, boost) for each source table that exists."""
    has = lambda t: table_exists(store, t)  # noqa: E731
    parts = []
    if has("persons"):
        boost = "0.0"
        if has("person_priority"):
            boost = ("coalesce((SELECT least(0.1, priority / 10000.0) FROM person_priority pp "
                     "WHERE pp.person_id = p.person_id LIMIT 1), 0.0)")
        parts.append(PERSONS_SQL.format(boost=boost))
    phone_sources = []
    if has("phone_roles"):
        phone_sources.append("SELECT number, role FROM phone_roles")
    elif has("cdr"):
        phone_sources.append("SELECT DISTINCT a_number AS number, NULL AS role FROM cdr "
                             "UNION SELECT DISTINCT b_number, NULL FROM cdr")
    if has("subscribers"):
        phone_sources.append("SELECT number, NULL FROM subscribers")
    if has("persons"):
        phone_sources.append("SELECT unnest(phones), NULL FROM persons")
    if phone_sources:
        union = " UNION ALL ".join(phone_sources)
        parts.append(f"""
            SELECT 'phone', 'phone:' || number, number, role, unnest(terms),
                   CASE WHEN role = 'deal_line' THEN 0.08 ELSE 0.0 END
            FROM (SELECT number, coalesce(max(role), '') AS role,
                         [ltrim(number, '+'), CASE WHEN number LIKE '+44%'
                          THEN '0' || substr(number, 4) END] AS terms
                  FROM ({union}) AS ph(number, role) WHERE number IS NOT NULL
                  GROUP BY number)""")  # noqa: S608
    plates = []
    if has("anpr"):
        plates.append("SELECT vrm, 'ANPR' AS src FROM anpr")
    if has("seizures"):
        plates.append("SELECT vrm, 'seizure' FROM seizures WHERE vrm IS NOT NULL")
    if plates:
        parts.append(f"""
            SELECT 'vehicle', 'vehicle:' || vrm, vrm,
                   string_agg(DISTINCT src, ', ') || ' · ' || count(*) || ' records', lower(vrm),
                   0.0 FROM ({" UNION ALL ".join(plates)}) GROUP BY vrm""")  # noqa: S608
    addresses = []
    if has("addresses"):
        addresses.append("SELECT address, postcode FROM addresses")
    if has("persons"):
        addresses.append("SELECT address, postcode FROM persons")
    if has("line_addresses"):
        addresses.append("SELECT address, postcode FROM line_addresses")
    if has("address_cuckooing"):
        addresses.append("SELECT address, postcode FROM address_cuckooing")
    if addresses:
        parts.append(f"""
            SELECT 'address', 'address:' || address, address, postcode, unnest(terms), 0.0
            FROM (SELECT trim(address) AS address, coalesce(max(postcode), '') AS postcode,
                         [trim(address), max(postcode), replace(max(postcode), ' ', '')] AS terms
                  FROM ({" UNION ALL ".join(addresses)}) AS ad(address, postcode)
                  WHERE address IS NOT NULL GROUP BY trim(address))""")  # noqa: S608
    return parts


def entity_index(store: Store) -> EntityIndex:
    """The store's searchable entities, indexed once per data version."""
    return memo(store, "search_entities", lambda: EntityIndex(load_entities(store)))


def search_entities(store: Store, q: str, types: set[str] | None = None,
                    limit: int = 30) -> list[dict[str, Any]]:
    """Entities matching ``q``, best first (see the ranking in the module docstring)."""
    query = q.strip().lower()
    if _PHONE_QUERY.match(query) and sum(c.isdigit() for c in query) >= 4:
        query = re.sub(r"\D", "", query)
    return entity_index(store).search(query, query.split(), types, limit)


def load_entities(store: Store) -> list[Entity]:
    """Every searchable entity with its terms, from the tables the store has."""
    parts = _parts(store)
    if not parts:
        return []
    rows = store.query(f"""
        SELECT type, id, min(label), min(sub), list(DISTINCT term ORDER BY term), max(boost)
        FROM ({" UNION ALL ".join(f"({p})" for p in parts)}) AS u(type, id, label, sub, term, boost)
        WHERE term IS NOT NULL AND term <> ''
        GROUP BY type, id ORDER BY id""")  # noqa: S608
    dobs, reference = _person_dobs(store), load_reference_time(store)
    return [Entity(type=t, id=i, label=label, sub=_with_age(sub, dobs.get(i), reference),
                   terms=terms, boost=float(boost or 0.0))
            for t, i, label, sub, terms, boost in rows]


def _person_dobs(store: Store) -> dict[str, Any]:
    if not table_exists(store, "persons"):
        return {}
    return {f"person:{pid}": dob for pid, dob in store.query(
        "SELECT person_id, dob FROM persons WHERE dob IS NOT NULL")}


def _with_age(sub: str | None, dob: Any, reference: dt.datetime | None) -> str | None:
    """A person's sub-line starts with their date of birth: add the age at the reference
    time after it ("2008-03-01 (16)")."""
    if not sub or dob is None:
        return sub
    age = age_at(dob, reference)
    text = str(dob)
    return sub if age is None or not sub.startswith(text) else \
        f"{text} ({age}){sub[len(text):]}"


def search_text(store: Store, role: str, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Intelligence reports and tips whose text holds every word of ``q`` (role-filtered).

    Intelligence (first, newest first) from the in-memory index of report texts, filtered by
    the handling-code rule; then tips, newest first, from the in-memory index of tip texts.
    """
    if not may_see_text(role):
        return []
    tokens = [t for t in q.strip().lower().split() if t][:8]
    if not tokens or max(len(t) for t in tokens) < 3:
        return []
    hits: list[dict[str, Any]] = []
    if table_exists(store, "intel"):  # from memory, newest first
        texts = intel_texts(store)
        for i in texts.words.containing_all(tokens).tolist():
            r = texts.rows[i]
            if not may_see_intel(role, r["handling_code"], r["handling_conditions"]):
                continue
            hits.append({"type": "intel", "id": f"intel:{r['report_id']}",
                         "label": f"Intel {r['report_id']} ({grade(r)['code']})",
                         "sub": str(r["received_at"]), "snippet": snippet(r["text"], tokens),
                         "score": 0.55})
            if len(hits) == limit:
                return hits
    if table_exists(store, "tips"):  # newest first
        tips = tip_texts(store)
        for i in tips.words.containing_all(tokens)[:limit]:
            r = tips.rows[int(i)]
            hits.append({"type": "tip", "id": f"tip:{r['tip_id']}", "label": f"Tip {r['tip_id']}",
                         "sub": f"{r['channel'] or ''} · {r['received_at']}",
                         "snippet": snippet(r["text"], tokens), "score": 0.5})
    return hits[:limit]


def snippet(text: str | None, tokens: list[str], width: int = 160) -> str:
    if not text:
        return ""
    lower = text.lower()
    pos = min((lower.find(t) for t in tokens if lower.find(t) >= 0), default=0)
    start = max(0, pos - width // 3)
    piece = text[start:start + width].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


@dataclass
class TipTexts:
    """Every tip, newest first, with its text indexed for substring look-up."""

    rows: list[dict[str, Any]]
    words: SubstringIndex

    @classmethod
    def load(cls, store: Store) -> TipTexts:
        found = rows(store, ["tips"], """
            SELECT tip_id, received_at, channel, text FROM tips
            ORDER BY received_at DESC NULLS LAST, tip_id""")
        return cls(found, SubstringIndex([[r["text"] or ""] for r in found]))


class _TipCache:
    """The tip index of one data version, with the tips generation it was built for."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.built: tuple[int, TipTexts] | None = None  # replaced whole, never edited


_GENERATIONS: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


def tips_changed(store: Store) -> None:
    """Say that a tip was stored (the public form; an import changes the data version)."""
    _GENERATIONS[store] = _GENERATIONS.get(store, 0) + 1


def tip_texts(store: Store) -> TipTexts:
    """The store's tips and their text index: per data version, rebuilt after a new tip."""
    cache = memo(store, "tip_texts", _TipCache)
    # read before loading: a tip stored during the load makes the next search load again
    generation = _GENERATIONS.get(store, 0)
    built = cache.built
    if built is not None and built[0] >= generation:
        return built[1]
    if answering_from_memory():
        raise NotCached("tip texts")
    with cache.lock:
        built = cache.built
        if built is None or built[0] < generation:
            built = cache.built = (generation, TipTexts.load(store))
        return built[1]
