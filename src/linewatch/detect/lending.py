"""Lending a deal line's confidence along continuity and shared-handset links.

A number linked to a flagged deal line takes ``line_continuity`` (the link's signal); a
near-certain link (``continuity_strong_link``) from a number confidently a deal line (scoring
``takeover_min_lender_score``, or the line itself by such a takeover) adds ``line_takeover``:
a number used for a day or two that took over a line's customers is that line. A false
positive cannot pass itself on, since only a confident lender lends a takeover; a number that
is the line by a takeover lends in turn, and a weak line number beside a confident one takes
its confidence too (from a confident one only: two weak numbers never lift each other), so
a chain of switches is followed from its confident end however weak its other numbers are on
their own. Rounds continue until nothing changes
(``continuity_rounds`` at most).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from linewatch.detect import lines as ln
from linewatch.detect.params import DetectParams

#: (continuity signal, takeover signal) per number -> deal-line score per number
ScoreFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def lend_continuity(score: ScoreFn, numbers: Sequence[str], links: list[ln.Link],
                    p: DetectParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The continuity and takeover signals of every number, and the scores they give."""
    index = {n: i for i, n in enumerate(numbers)}
    continuity = np.zeros(len(numbers))
    takeover = np.zeros(len(numbers))
    scores = score(continuity, takeover)
    base = scores.copy()
    score_of: dict[str, float] = {}

    def confident(other: str) -> bool:
        j = index.get(other)
        return (score_of.get(other, 0.0) >= p.takeover_min_lender_score
                or (j is not None and takeover[j] >= p.continuity_strong_link))

    def other(link: ln.Link, number: str) -> str:
        return link.number_b if link.number_a == number else link.number_a

    def lend(number: str, ties: list[ln.Link]) -> bool:
        i = index.get(number)
        if number in score_of:
            # a flagged number takes confidence only from a confident one: two weak numbers
            # (false positives, say) never lift each other
            ties = [t for t in ties if confident(other(t, number))]
        if i is None or not ties:
            return False
        signal = max(ln.link_signal(t, p) for t in ties)
        strong = max((ln.link_signal(t, p) for t in ties if confident(other(t, number))),
                     default=0.0)
        strong = strong if strong >= p.continuity_strong_link else 0.0
        if signal <= continuity[i] + 1e-9 and strong <= takeover[i] + 1e-9:
            return False
        if base[i] < p.continuity_min_score and not strong:
            return False
        continuity[i], takeover[i] = max(continuity[i], signal), max(takeover[i], strong)
        return True

    for _ in range(p.continuity_rounds):
        score_of = {n: float(s) for n, s in zip(numbers, scores, strict=True)
                    if s >= p.threshold}
        changed = False
        for number, ties in ln.linked_numbers(links, set(score_of)).items():
            changed |= lend(number, ties)
        if not changed:
            break
        scores = score(continuity, takeover)
    return continuity, takeover, scores
