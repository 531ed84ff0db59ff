"""Line ids come from the founding number, so they survive new numbers and re-runs."""

from __future__ import annotations

from linewatch.detect.lines import line_id_for


def test_the_id_follows_the_earliest_number_not_the_order() -> None:
    first_seen = {"+447700900001": 200.0, "+447700900002": 100.0, "+447700900003": 300.0}
    one = line_id_for(["+447700900001", "+447700900002"], first_seen, set())
    more = line_id_for(["+447700900001", "+447700900002", "+447700900003"], first_seen, set())
    assert one == more  # a number joining later keeps the id
    assert one == line_id_for(["+447700900002"], first_seen, set())
    assert one != line_id_for(["+447700900001"], first_seen, set())


def test_a_clash_takes_more_digits() -> None:
    taken: set[str] = set()
    a = line_id_for(["+447700900001"], {}, taken)
    b = line_id_for(["+447700900001"], {}, taken)  # the same founder twice cannot happen in
    assert a != b and b.startswith(a)              # one run, but the rule must still hold
    assert len(a) == 9 and a.startswith("L")
