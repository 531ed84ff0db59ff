"""Entity search: which entities' terms hold a query, ranked as the search page ranks them.

The terms are held in a :class:`~linewatch.api.substring.SubstringIndex` (one entity, one
document; one term, one part). Ranking follows :mod:`linewatch.api.search`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from linewatch.api.substring import PART_SEP, SubstringIndex, clean

SCORE_EQUAL, SCORE_PREFIX, SCORE_WORD, SCORE_INSIDE, SCORE_ALL_WORDS = 1.0, 0.85, 0.75, 0.6, 0.5


@dataclass(frozen=True)
class Entity:
    type: str
    id: str
    label: str
    sub: str | None
    terms: list[str]
    boost: float


class EntityIndex:
    """Entities searchable by substring, ranked as the search page ranks them."""

    def __init__(self, entities: list[Entity]) -> None:
        self.types = sorted({e.type for e in entities})
        self.type_code = np.array([self.types.index(e.type) for e in entities], dtype=np.int8)
        self.ids = [e.id for e in entities]
        self.labels = [e.label for e in entities]
        self.subs = [e.sub for e in entities]
        self.kinds = [e.type for e in entities]
        self.boost = np.array([e.boost for e in entities], dtype=np.float64)
        by_name = sorted(range(len(entities)), key=lambda i: (self.labels[i], self.ids[i]))
        self.rank = np.empty(len(entities), dtype=np.int64)
        self.rank[by_name] = np.arange(len(entities))
        self.index = SubstringIndex([e.terms for e in entities])

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, tokens: list[str], types: set[str] | None,
               limit: int) -> list[dict[str, Any]]:
        """Entities whose terms hold every token, best first (score, then label, then id)."""
        if not len(self) or not tokens:
            return []
        index = self.index
        candidates = index.containing_all(tokens)
        if types is not None:
            wanted = [self.types.index(t) for t in types if t in self.types]
            candidates = candidates[np.isin(self.type_code[candidates], wanted)]
        if not candidates.size:
            return []
        score = np.full(candidates.size, SCORE_ALL_WORDS)
        needle = clean(query).encode()
        where = index.positions(needle)
        if where.size:
            slot = np.searchsorted(candidates, index.documents_at(where))
            inside = slot < candidates.size
            inside[inside] = candidates[slot[inside]] == index.documents_at(where[inside])
            where, slot = where[inside], slot[inside]
            before, after = index.bytes[where - 1], index.bytes[where + len(needle)]
            starts_term = before <= PART_SEP
            ends_term = after <= PART_SEP
            match_score = np.select(
                [starts_term & ends_term, starts_term, before == ord(" ")],
                [SCORE_EQUAL, SCORE_PREFIX, SCORE_WORD], SCORE_INSIDE)
            np.maximum.at(score, slot, match_score)
        score = np.round(score + self.boost[candidates], 3)
        best = candidates[np.lexsort((self.rank[candidates], -score))[:limit]]
        score_of = dict(zip(candidates.tolist(), score.tolist(), strict=True))
        return [{"type": self.kinds[i], "id": self.ids[i], "label": self.labels[i],
                 "sub": self.subs[i], "score": score_of[i]} for i in best.tolist()]
