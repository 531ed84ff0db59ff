"""Lending a line's confidence along links: a chain of switches is followed from its
confident end, however weak the numbers before it are on their own; a false positive cannot
pass itself on."""

from __future__ import annotations

import numpy as np

from linewatch.detect.lending import lend_continuity
from linewatch.detect.lines import Link
from linewatch.detect.params import DetectParams

P = DetectParams()
OLD, WEAK, MIDDLE, STRONG = "n0", "n1", "n2", "n3"


def _scorer(base: dict[str, float], numbers: list[str]):
    """A stand-in for the deal-line score: the base plus a share of the lent signals."""
    start = np.array([base[n] for n in numbers])

    def score(continuity: np.ndarray, takeover: np.ndarray) -> np.ndarray:
        return np.minimum(1.0, start + 0.35 * continuity + 0.35 * takeover)
    return score


def _chain(base: dict[str, float], confidence: float = 0.99
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    numbers = [OLD, WEAK, MIDDLE, STRONG]
    links = [Link(a, b, "continuity", confidence, "resolve", None)
             for a, b in ((OLD, WEAK), (WEAK, MIDDLE), (MIDDLE, STRONG))]
    return lend_continuity(_scorer(base, numbers), numbers, links, P)


def test_a_chain_is_followed_from_its_confident_end_through_weak_flagged_numbers() -> None:
    # the first number scores almost nothing (a day of data), the next two are flagged but
    # not confidently, the last is a confident line: confidence reaches back along the chain
    continuity, takeover, scores = _chain({OLD: 0.01, WEAK: 0.52, MIDDLE: 0.88, STRONG: 0.99})
    assert scores[0] >= P.threshold
    assert takeover[0] >= P.continuity_strong_link
    assert takeover[1] >= P.continuity_strong_link and takeover[2] >= P.continuity_strong_link


def test_weak_links_or_no_confident_number_lend_no_takeover() -> None:
    _, takeover, scores = _chain({OLD: 0.01, WEAK: 0.52, MIDDLE: 0.88, STRONG: 0.99},
                                 confidence=0.8)
    assert not takeover.any() and scores[0] < P.threshold
    # a flagged but unconfident chain (a false positive, say) cannot pass itself on
    _, takeover, scores = _chain({OLD: 0.01, WEAK: 0.52, MIDDLE: 0.55, STRONG: 0.6})
    assert not takeover.any() and scores[0] < P.threshold
