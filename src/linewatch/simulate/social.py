"""Who knows whom: the contact graph between personal phones.

Edges are undirected and weighted: household members talk most, then friends (grouped by town
and age band, so teenagers know teenagers), workmates, extended family elsewhere in the region,
and a few random acquaintances. Storylines add their own edges before the graph is frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from linewatch.simulate.world import Contacts, Mobility, Persons, PhoneBook


@dataclass
class EdgeList:
    """Undirected weighted edges between phones, collected before building :class:`Contacts`."""

    src: list[np.ndarray] = field(default_factory=list)
    dst: list[np.ndarray] = field(default_factory=list)
    weight: list[np.ndarray] = field(default_factory=list)

    def add(self, a: np.ndarray, b: np.ndarray, weight: np.ndarray | float) -> None:
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        keep = a != b
        w = np.broadcast_to(np.asarray(weight, dtype=np.float64), a.shape)[keep]
        self.src.append(a[keep])
        self.dst.append(b[keep])
        self.weight.append(w)

    def add_pair(self, a: int, b: int, weight: float) -> None:
        self.add(np.array([a]), np.array([b]), weight)

    def build(self, n_phones: int) -> Contacts:
        """Symmetric contacts; a repeated edge keeps its first weight."""
        if not self.src:
            return Contacts.from_edges(n_phones, np.zeros(0, np.int64), np.zeros(0, np.int64),
                                       np.zeros(0))
        src = np.concatenate(self.src)
        dst = np.concatenate(self.dst)
        weight = np.concatenate(self.weight)
        return Contacts.from_edges(n_phones, np.concatenate([src, dst]),
                                   np.concatenate([dst, src]), np.concatenate([weight, weight]))


def _age_band(age: np.ndarray) -> np.ndarray:
    return np.digitize(age, [18, 30, 50])


def _group_links(keys: np.ndarray, members: np.ndarray, group_size: int, links: tuple[int, int],
                 weight: tuple[float, float], rng: np.random.Generator, edges: EdgeList) -> None:
    """Split ``members`` into groups of about ``group_size`` sharing a key; link within groups."""
    if len(members) < 2:
        return
    order = np.lexsort((rng.random(len(members)), keys))
    keys, members = keys[order], members[order]
    run_start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    run_len = np.diff(np.r_[run_start, len(keys)])
    run_of = np.repeat(np.arange(len(run_start)), run_len)
    rank = np.arange(len(keys)) - run_start[run_of]
    group_start = run_start[run_of] + (rank // group_size) * group_size
    group_len = np.minimum(group_size, run_start[run_of] + run_len[run_of] - group_start)
    per_member = rng.integers(links[0], links[1] + 1, size=len(members))
    src_pos = np.repeat(np.arange(len(members)), per_member)
    dst_pos = group_start[src_pos] + rng.integers(0, 1 << 30, size=len(src_pos)) % group_len[src_pos]
    w = rng.gamma(2.0, (weight[0] + weight[1]) / 4.0, size=len(src_pos))
    edges.add(members[src_pos], members[dst_pos], np.clip(w, weight[0] * 0.5, weight[1] * 2))


def ordinary_edges(persons: Persons, phones: PhoneBook, cell_place: np.ndarray,
                   rng: np.random.Generator) -> EdgeList:
    """Family, friends, work and random contacts of everyone with a personal phone."""
    edges = EdgeList()
    owners = np.flatnonzero(persons.phone >= 0)
    phone = persons.phone[owners].astype(np.int64)
    household = persons.household[owners]
    order = np.argsort(household, kind="stable")
    hh_sorted, ph_sorted = household[order], phone[order]
    same = hh_sorted[1:] == hh_sorted[:-1]
    edges.add(ph_sorted[:-1][same], ph_sorted[1:][same], rng.uniform(4, 9, size=int(same.sum())))
    same2 = hh_sorted[2:] == hh_sorted[:-2]
    edges.add(ph_sorted[:-2][same2], ph_sorted[2:][same2], rng.uniform(3, 7, size=int(same2.sum())))
    same3 = hh_sorted[3:] == hh_sorted[:-3]
    edges.add(ph_sorted[:-3][same3], ph_sorted[3:][same3], rng.uniform(2, 5, size=int(same3.sum())))

    kin = rng.integers(0, len(phone), size=len(phone))
    edges.add(phone, phone[kin], rng.uniform(1.0, 3.0, size=len(phone)))
    age = persons.age[owners].astype(np.int64)
    place = persons.place[owners].astype(np.int64)
    young = age < 18
    _group_links(place * 8 + _age_band(age), phone, 14, (2, 6), (0.6, 3.0), rng, edges)
    _group_links(place[young], phone[young], 25, (1, 3), (0.5, 2.0), rng, edges)
    mobility = np.array([phones.mobility[int(p)] for p in phone])
    workers = mobility == int(Mobility.COMMUTER)
    work_place = cell_place[np.array([phones.work_cell[int(p)] for p in phone[workers]],
                                     dtype=np.int64)] if workers.any() else np.zeros(0, np.int64)
    _group_links(work_place.astype(np.int64), phone[workers], 10, (1, 4), (0.4, 1.5), rng, edges)
    stranger = rng.integers(0, len(phone), size=len(phone))
    edges.add(phone, phone[stranger], rng.uniform(0.1, 0.5, size=len(phone)))
    return edges
