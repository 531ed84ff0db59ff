"""Counts of separate events given side by side, and whether a count is a part of another.

"Two arrests were made at Basingstoke and three at Andover" reports five arrests: two counts
joined by "and" (or a comma) in one sentence, with nothing saying one is inside the other, are
separate events and are added. "50 arrests, including 12 in Kent", "of which 12 ...", "among
them ...", "12 of those ..." keep the largest (the total), as ``measures.count_rules`` does.
"""

from __future__ import annotations

import re

from linewatch.text.numbers import NUM, parse_int
from linewatch.text.pipeline import Context

_PART = re.compile(r"\b(?:including|includ(?:ed|es)|of\s+(?:which|whom|those|them|these)|among|"
                   r"amongst|out\s+of|total|in\s+all|altogether|overall|such\s+as|with)\b",
                   re.IGNORECASE)
# "two arrests were made at X", "three (more) arrests at Y", and a bare "three at Y" after one
_ARRESTS = re.compile(rf"\b(?P<n>{NUM})[ \t]+(?:more[ \t]+|further[ \t]+)?(?:[a-z]+-[a-z]+[ \t]+)?"
                      r"arrests\b", re.IGNORECASE)
_BARE = re.compile(rf"[\s,]+(?:and|while)\s+(?P<n>{NUM})\s+(?:more\s+)?(?:at|in|on|from)\s+"
                   r"(?:the\s+)?[A-Z]")


def _value(raw: str) -> int | None:
    if re.fullmatch(r"(?:19|20)\d\d", raw.strip()):
        return None  # a year
    return parse_int(raw)


def coordinated_arrests(ctx: Context) -> int | None:
    """The largest sum of arrest counts given side by side in one sentence (None if none)."""
    if "arrests" not in ctx.text.lower():
        return None
    best: int | None = None
    for s_start, s_end in ctx.sentences:
        sentence = ctx.text[s_start:s_end]
        found = [(m.start(), m.end(), _value(m.group("n"))) for m in _ARRESTS.finditer(sentence)
                 if not ctx.in_speech(s_start + m.start(), s_start + m.end())]
        found = [(a, b, v) for a, b, v in found if v is not None]
        if not found:
            continue
        bare = _BARE.search(sentence[found[-1][1]:])
        if len(found) == 1 and bare is None:
            continue
        total, ok = found[0][2] or 0, True
        for (_, end, _), (start, _, value) in zip(found, found[1:], strict=False):
            between = sentence[end:start]
            if _PART.search(between) or not re.search(r"\band\b|,", between):
                ok = False
                break
            total += value or 0
        if not ok:
            continue
        if bare is not None:
            between = sentence[found[-1][1]:found[-1][1] + bare.start()]
            if _PART.search(between):
                continue
            total += parse_int(bare.group("n")) or 0
        best = total if best is None else max(best, total)
    return best
