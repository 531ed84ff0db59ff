"""Lines are brands: deal-line numbers joined by continuity form one line.

When the number behind a brand changes, its customers move with it and the new number is
announced to them (domain notes). Resolution records that as ``number_links`` of type
``continuity`` (customer sets carried over) and ``shared_imei`` (one handset used with both
numbers); this module reads those links. Only when resolution has produced no links at all
does it fall back to a simple rule of its own over the detection candidates: two candidates
are linked when they share at least ``continuity_min_shared`` contacts and the shared part is
at least ``continuity_min_overlap`` of the smaller contact set, or when one handset (IMEI)
served both.

Numbers that end up flagged as deal lines are also grouped when they share one customer base
(the same overlap rule, ``shared_customers`` links): a brand's numbers serve the same
customers even when a switch is too blurred (customers still texting the old number) for a
continuity link. This groups numbers already flagged; it never flags a number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import pyarrow as pa
import pyarrow.compute as pc

from linewatch.detect.params import DetectParams
from linewatch.storage import Store

LINK_TYPES = ("continuity", "shared_imei")


@dataclass(frozen=True)
class Link:
    number_a: str
    number_b: str
    link_type: str
    confidence: float
    source: str
    evidence: Any = None


@dataclass
class Line:
    line_id: str
    numbers: list[str]
    links: list[Link] = field(default_factory=list)


def resolution_links(store: Store, numbers: Iterable[str]) -> list[Link] | None:
    """Continuity and shared-handset links touching ``numbers``; None if resolution has none."""
    if not store.table_exists("number_links") or store.count("number_links") == 0:
        return None
    wanted = sorted(set(numbers))
    rows = store.query(
        "SELECT number_a, number_b, link_type, confidence, CAST(evidence AS VARCHAR) "
        "FROM number_links WHERE list_contains(?, link_type) AND (list_contains(?, number_a) "
        "OR list_contains(?, number_b)) ORDER BY number_a, number_b, link_type",
        [list(LINK_TYPES), wanted, wanted])
    return [Link(a, b, t, float(c if c is not None else 1.0), "resolve",
                 _json(e)) for a, b, t, c, e in rows]


def _json(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def fallback_links(store: Store, edges: pa.Table | None, candidates: Iterable[str],
                   params: DetectParams) -> list[Link]:
    """This stage's own continuity rule, used only when resolution produced no links."""
    return (shared_customer_links(edges, candidates, params, link_type="continuity")
            + shared_handset_links(store, candidates))


def shared_customer_links(edges: pa.Table | None, numbers: Iterable[str],
                          params: DetectParams, *,
                          link_type: str = "shared_customers") -> list[Link]:
    """Pairs of ``numbers`` whose contact sets largely overlap (one customer base).

    Two numbers are linked when they share at least ``continuity_min_shared`` contacts and
    the shared part is at least ``continuity_min_overlap`` of the smaller contact set.
    Contacts in touch with more than 50 of the numbers are ignored (switchboards).
    """
    cands = sorted(set(numbers))
    if edges is None or len(cands) < 2:
        return []
    contacts = _contact_sets(edges, cands)
    holders: dict[str, list[str]] = {}
    for number, cs in contacts.items():
        for c in cs:
            holders.setdefault(c, []).append(number)
    shared: dict[tuple[str, str], int] = {}
    for group in holders.values():
        if len(group) > 50:
            continue
        group.sort()
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                shared[(a, b)] = shared.get((a, b), 0) + 1
    links = []
    for (a, b), k in sorted(shared.items()):
        smaller = min(len(contacts[a]), len(contacts[b]))
        if k >= params.continuity_min_shared and k / smaller >= params.continuity_min_overlap:
            links.append(Link(a, b, link_type, round(k / smaller, 4), "detect",
                              {"shared_contacts": k, "overlap_coefficient": round(k / smaller,
                                                                                    4)}))
    return links


def shared_handset_links(store: Store, numbers: Iterable[str]) -> list[Link]:
    """Pairs of ``numbers`` used in one handset (same IMEI as the calling side)."""
    cands = sorted(set(numbers))
    links: list[Link] = []
    if not cands:
        return links
    rows = store.query(
        "SELECT a_imei, list(DISTINCT a_number ORDER BY a_number) FROM cdr "
        "WHERE a_imei IS NOT NULL AND list_contains(?, a_number) GROUP BY a_imei "
        "HAVING count(DISTINCT a_number) > 1 ORDER BY a_imei", [cands])
    for imei, nums in rows:
        for x in nums[1:]:
            links.append(Link(nums[0], x, "shared_imei", 1.0, "detect", {"imei": imei}))
    return links


def _contact_sets(edges: pa.Table, numbers: list[str]) -> dict[str, set[str]]:
    wanted = pa.array(numbers)
    mask = pc.or_(pc.is_in(edges["number_a"], wanted), pc.is_in(edges["number_b"], wanted))
    sub = edges.filter(mask)
    out: dict[str, set[str]] = {}
    keep = set(numbers)
    for a, b in zip(sub["number_a"].to_pylist(), sub["number_b"].to_pylist(), strict=True):
        if a in keep:
            out.setdefault(a, set()).add(b)
        if b in keep:
            out.setdefault(b, set()).add(a)
    return out


def group_lines(deal_numbers: Iterable[str], links: Iterable[Link],
                first_seen: dict[str, Any]) -> list[Line]:
    """Connected groups of deal-line numbers; ids ``L1``, ``L2`` ... by first activity."""
    members = sorted(set(deal_numbers))
    index = {n: i for i, n in enumerate(members)}
    used = [lk for lk in links if lk.number_a in index and lk.number_b in index]
    graph = ig.Graph(n=len(members), edges=[(index[lk.number_a], index[lk.number_b])
                                            for lk in used], directed=False)
    groups = [[members[i] for i in sorted(part)]
              for part in graph.connected_components(mode="weak")]
    ordered = sorted(groups, key=lambda g: (min(_key(first_seen.get(n)) for n in g), g[0]))
    lines = []
    for i, nums in enumerate(ordered, start=1):
        inside = set(nums)
        lines.append(Line(f"L{i}", nums, [lk for lk in used if lk.number_a in inside]))
    return lines


def _key(value: Any) -> float:
    return float("inf") if value is None else float(value)


#: how much of the continuity weight a link type lends: a customer base carried over is the
#: brand itself; a shared handset says more about who holds the line than about the number
LINK_STRENGTH = {"continuity": 1.0, "shared_customers": 1.0, "shared_imei": 0.5}


def link_signal(link: Link) -> float:
    """The continuity signal a link lends to the number at its other end (0-1)."""
    return LINK_STRENGTH.get(link.link_type, 0.5) * max(0.0, min(1.0, link.confidence))


def linked_numbers(links: Iterable[Link], deal: set[str]) -> dict[str, list[Link]]:
    """Numbers outside ``deal`` that a link ties to a deal-line number, with those links."""
    out: dict[str, list[Link]] = {}
    for link in links:
        a_in, b_in = link.number_a in deal, link.number_b in deal
        if a_in and not b_in:
            out.setdefault(link.number_b, []).append(link)
        elif b_in and not a_in:
            out.setdefault(link.number_a, []).append(link)
    return out
