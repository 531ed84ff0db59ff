"""The substring index: exactly the positions ``bytes.find`` gives, never across parts."""

from __future__ import annotations

import random
import re

from linewatch.api.substring import SubstringIndex

DOCUMENTS = [["Zoë ÅBERG", "åberg", "zo"], ["dee smith", "smith", "dee", "D"],
             ["deedee smithson", "smithson"], ["andee jones", "jones", "dee"],
             ["447700900123", "07700900123"], ["1 dee road", "me4 4qu", "me44qu"], ["ab12cde"]]


def test_positions_are_exactly_where_the_bytes_occur() -> None:
    index = SubstringIndex(DOCUMENTS)
    rng = random.Random(7)
    text = index.text
    needles = {b"d", b"de", b"dee", b"smith", b"4qu", b"\xc3\xa5", "åberg".encode(), b"zzz",
               b"e sm", b"0090", b"7700900123", b"road"}
    for _ in range(40):  # random pieces of the text, separators taken out
        start = rng.randrange(len(text) - 6)
        piece = text[start:start + rng.randint(1, 6)].replace(b"\x00", b"").replace(b"\x01", b"")
        if piece:
            needles.add(piece)
    for needle in needles:
        expected = [m.start() for m in re.finditer(re.escape(needle), text)]
        assert sorted(index.positions(needle).tolist()) == expected, needle


def test_every_trigram_present_is_not_enough() -> None:
    index = SubstringIndex([["abcx", "bcdy", "zcdez"]])
    assert index.positions(b"abcd").size == 0
    assert index.positions(b"bcde").size == 0
    assert index.positions(b"cde").tolist() == [12]


def test_documents_holding_a_needle_whatever_its_case() -> None:
    index = SubstringIndex(DOCUMENTS)
    assert index.containing("DEE").tolist() == [1, 2, 3, 5]
    assert index.containing("Smith").tolist() == [1, 2]
    assert index.containing("smithsmith").tolist() == []  # never across two parts
    assert index.containing("").tolist() == []
    assert SubstringIndex([]).containing("x").tolist() == []
