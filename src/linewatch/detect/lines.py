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

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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
    confidence: float = 1.0  # the weakest link that joined its numbers
    refused: list[dict[str, Any]] = field(default_factory=list)  # links kept apart, and why


def resolution_links(store: Store, numbers: Iterable[str], *, hops: int = 25
                     ) -> list[Link] | None:
    """Continuity and shared-handset links touching ``numbers`` and, up to ``hops`` links
    away, the numbers those reach: a line that changes number every day or two is a chain
    whose later numbers score nothing on their own. None if resolution has no links."""
    if not store.table_exists("number_links") or store.count("number_links") == 0:
        return None
    reached, frontier = set(numbers), set(numbers)
    found: dict[tuple[str, str, str], Link] = {}
    for _ in range(hops):
        if not frontier:
            break
        wanted = pa.table({"number": pa.array(sorted(frontier), pa.string())})
        with store.registered("lw_link_frontier", wanted):
            rows = store.query(
                "SELECT number_a, number_b, link_type, confidence, CAST(evidence AS VARCHAR) "
                "FROM number_links WHERE list_contains(?, link_type) AND (number_a IN "
                "(SELECT number FROM lw_link_frontier) OR number_b IN "
                "(SELECT number FROM lw_link_frontier))", [list(LINK_TYPES)])
        for a, b, t, c, e in rows:
            found.setdefault((a, b, t), Link(a, b, t, float(c if c is not None else 1.0),
                                             "resolve", _json(e)))
        frontier = {n for a, b, _, _, _ in rows for n in (a, b)} - reached
        reached |= frontier
    return [found[k] for k in sorted(found)]


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
    Contacts in touch with more than ``shared_contact_max_fanout`` of the numbers are ignored
    (switchboards).
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
        if len(group) > params.shared_contact_max_fanout:
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


def shared_staff_links(store: Store, edges: pa.Table | None, numbers: Iterable[str],
                       params: DetectParams) -> list[Link]:
    """Pairs of flagged ``numbers`` where one took over from the other with the same crew.

    When a line moves to a new market its customers change, but the people who take its
    orders do not: the old number's heaviest relay contact (a runner or the controller, at
    least ``staff_min_events`` events and ``staff_min_share`` of each number's traffic, and
    not itself one of ``numbers``) is a heavy contact of the new number too, and the new
    number starts sending within ``staff_max_gap_days`` of the old one's last sending, after
    the old one started. Groups numbers already flagged; two numbers run side by side are
    still kept apart by ``concurrent_pairs``.
    """
    cands = sorted(set(numbers))
    if edges is None or len(cands) < 2:
        return []
    keep = set(cands)
    by_number: dict[str, dict[str, int]] = {}
    for a, b, n in zip(edges["number_a"].to_pylist(), edges["number_b"].to_pylist(),
                       edges["n"].to_pylist(), strict=True):
        if a in keep and b not in keep:
            by_number.setdefault(a, {})[b] = int(n)
        if b in keep and a not in keep:
            by_number.setdefault(b, {})[a] = int(n)
    relays: dict[str, dict[str, float]] = {}
    for number, contacts in by_number.items():
        total = sum(contacts.values())
        for contact, n in contacts.items():
            if n >= params.staff_min_events and n / total >= params.staff_min_share:
                relays.setdefault(contact, {})[number] = n / total
    spans = {number: (first, last) for number, first, last in store.query(
        "SELECT a_number, min(start_time), max(start_time) FROM cdr "
        "WHERE list_contains(?, a_number) GROUP BY a_number", [cands])}
    gap = dt.timedelta(days=params.staff_max_gap_days)
    best: dict[tuple[str, str], Link] = {}
    for contact, shares in sorted(relays.items()):
        for old, new in itertools.permutations(sorted(shares), 2):
            if old not in spans or new not in spans:
                continue
            (old_first, old_last), (new_first, _) = spans[old], spans[new]
            if not (old_first < new_first and old_last - dt.timedelta(days=1) <= new_first
                    <= old_last + gap):
                continue
            # full confidence when the relay carries twice the least share of both numbers
            strength = round(min(1.0, min(shares[old], shares[new])
                                 / (2 * params.staff_min_share)), 4) if params.staff_min_share else 1.0
            link = Link(old, new, "shared_staff", strength, "detect",
                        {"relay_contact": contact,
                         "share_of_old_traffic": round(shares[old], 4),
                         "share_of_new_traffic": round(shares[new], 4),
                         "old_last_sent": str(old_last), "new_first_sent": str(new_first)})
            if (old, new) not in best or best[(old, new)].confidence < strength:
                best[(old, new)] = link
    return sorted(best.values(), key=lambda k: (k.number_a, k.number_b))


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


def concurrent_pairs(store: Store, numbers: Iterable[str], params: DetectParams
                     ) -> dict[frozenset[str], int]:
    """Pairs of ``numbers`` that both called or texted out on many of the same days.

    A brand's numbers follow one another: the old number falls silent within days of the new
    one starting. Two numbers that both kept sending on at least ``distinct_min_shared_days``
    days, making at least ``distinct_min_shared_share`` of the quieter one's sending days,
    were run side by side: two lines, whatever customers they share. Returns each such pair
    with its count of shared sending days.
    """
    wanted = sorted(set(numbers))
    if len(wanted) < 2:
        return {}
    days: dict[str, set[Any]] = {
        number: set(dates) for number, dates in store.query(
            "SELECT a_number, list(DISTINCT CAST(start_time AS DATE)) FROM cdr "
            "WHERE list_contains(?, a_number) GROUP BY a_number ORDER BY a_number", [wanted])}
    out: dict[frozenset[str], int] = {}
    active = sorted(days)
    for i, a in enumerate(active):
        for b in active[i + 1:]:
            both = len(days[a] & days[b])
            quieter = min(len(days[a]), len(days[b]))
            if (both >= params.distinct_min_shared_days
                    and both >= params.distinct_min_shared_share * quieter):
                out[frozenset((a, b))] = both
    return out


def group_lines(deal_numbers: Iterable[str], links: Iterable[Link],
                first_seen: dict[str, Any],
                distinct: dict[frozenset[str], int] | None = None,
                params: DetectParams | None = None) -> list[Line]:
    """Groups of deal-line numbers joined by links, by first activity; ids from ``line_id_for``.

    Links are taken strongest first (``link_signal``, then the pair); a link that would put
    two numbers listed in ``distinct`` (run side by side, see ``concurrent_pairs``) into one
    line is refused and kept as ``Line.refused`` evidence on both sides. Each line's
    ``confidence`` is its weakest joining link's signal (1.0 for a line of one number).
    """
    p = params or DetectParams()
    members = sorted(set(deal_numbers))
    apart = distinct or {}
    group_of = {n: n for n in members}
    groups: dict[str, set[str]] = {n: {n} for n in members}
    used: list[Link] = []
    joining: dict[str, list[Link]] = {}
    refused: list[tuple[Link, list[tuple[str, str, int]]]] = []
    ordered_links = sorted((k for k in links if k.number_a in group_of and k.number_b in group_of),
                           key=lambda k: (-link_signal(k, p), k.number_a, k.number_b, k.link_type))
    for link in ordered_links:
        ga, gb = group_of[link.number_a], group_of[link.number_b]
        if ga == gb:
            used.append(link)
            continue
        clashes = [(a, b, apart[frozenset((a, b))]) for a in sorted(groups[ga])
                   for b in sorted(groups[gb]) if frozenset((a, b)) in apart]
        if clashes:
            refused.append((link, clashes))
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for n in groups[gone]:
            group_of[n] = keep
        groups[keep] |= groups.pop(gone)
        joining[keep] = joining.get(keep, []) + joining.pop(gone, []) + [link]
        used.append(link)
    ordered = sorted((sorted(g) for g in groups.values()),
                     key=lambda g: (min(_key(first_seen.get(n)) for n in g), g[0]))
    lines = []
    taken: set[str] = set()
    for nums in ordered:
        inside = set(nums)
        chain = joining.get(group_of[nums[0]], [])
        lines.append(Line(
            line_id_for(nums, first_seen, taken), nums, [lk for lk in used if lk.number_a in inside],
            confidence=round(min((link_signal(k, p) for k in chain), default=1.0), 4),
            refused=[{"a": lk.number_a, "b": lk.number_b, "type": lk.link_type,
                      "confidence": lk.confidence,
                      "reason": "numbers run side by side: "
                                + "; ".join(f"{a} and {b} both sending on {d} days"
                                            for a, b, d in clashes[:3])}
                     for lk, clashes in refused
                     if lk.number_a in inside or lk.number_b in inside]))
    return lines


#: hex digits of a line id's hash; more are taken only when two lines would share an id
LINE_ID_DIGITS = 8


def line_id_for(numbers: list[str], first_seen: dict[str, Any], taken: set[str]) -> str:
    """A line's stable id: ``L`` and a hash of its founding number (the earliest active, then
    the lowest), so new numbers joining the line later never change it."""
    founder = min(numbers, key=lambda n: (_key(first_seen.get(n)), n))
    digest = hashlib.sha256(founder.encode("utf-8")).hexdigest().upper()
    size = LINE_ID_DIGITS
    while f"L{digest[:size]}" in taken and size < len(digest):
        size += 2
    taken.add(f"L{digest[:size]}")
    return f"L{digest[:size]}"


def _key(value: Any) -> float:
    return float("inf") if value is None else float(value)


#: how much of the continuity weight a link type lends: a customer base carried over is the
#: brand itself; a shared handset says more about who holds the line than about the number
#: links that carry a customer base over lend their full confidence; any other link (a shared
#: handset) lends ``handset_link_strength`` of it
FULL_STRENGTH_LINKS = ("continuity", "shared_customers")


def link_signal(link: Link, params: DetectParams) -> float:
    """The continuity signal a link lends to the number at its other end (0-1)."""
    strength = (1.0 if link.link_type in FULL_STRENGTH_LINKS
                else params.handset_link_strength)
    return strength * max(0.0, min(1.0, link.confidence))


def linked_numbers(links: Iterable[Link], deal: set[str]) -> dict[str, list[Link]]:
    """Numbers that a link ties to a deal-line number, with those links. A deal-line number
    tied to another one is included too: a weak line number next to a confident one in a
    chain of switches takes its confidence, and can then lend it to the number before it."""
    out: dict[str, list[Link]] = {}
    for link in links:
        if link.number_a == link.number_b:
            continue
        if link.number_a in deal:
            out.setdefault(link.number_b, []).append(link)
        if link.number_b in deal:
            out.setdefault(link.number_a, []).append(link)
    return out
