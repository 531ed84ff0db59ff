"""Home towns of the people a text describes (rule 2 of ``linking.py``).

"from X", "of X" (also "of 22 Some Road, X"), "originally from X", "lives ... in X", an address
"given as" a place, or "A Liverpool man". People listed together ("a 21-year-old woman and
40-year-old man from Chatham") share a town given after the last of them (``GroupLinks``).
"""

from __future__ import annotations

import re

from linewatch.text.gazetteer import Gazetteer
from linewatch.text.group_links import DECADE
from linewatch.text.model import Mention, Person, Span
from linewatch.text.persons import PersonMention
from linewatch.text.pipeline import Context
from linewatch.text.places import unknown_place

CUT = re.compile(r"\b(?:was|were|has|have|had|said|after|when|while|is\s+charged|will|are\s+"
                 r"charged|who|which|that)\b")
_STREET_TYPES = (r"(?:Road|Street|Lane|Avenue|Close|Way|Drive|Court|Crescent|Gardens|Place|"
                 r"Terrace|Rise|Walk|Grove|Hill|Mews|Row|Square|Parade|View|Green|Park|Vale|Rd|"
                 r"St|Ave)")
_TOWN = re.compile(r"\b(?P<lead>(?:(?:originally|believed|thought)\s+)?(?:both\s+|all\s+)?"
                   r"(?:from|of)|(?:both|all)\s+in|(?:lives|living|resides|residing|based)\s+"
                   r"(?:with\s+[\w\s']{1,30}?"
                   r"\s+)?in)\s+(?:the\s+)?(?:(?:flat|apartment)\s+\d+\w?,?\s+)?(?:(?:\d+\w?,?\s+)?"
                   rf"(?:[A-Z][\w'’]*\s+){{1,3}}{_STREET_TYPES},?\s+)?")
# "Stephen Hale, 32, Elm Crescent, Lancaster": an address right after the age, without "of"
_STREET_THEN_TOWN = re.compile(r"\s*(?:,\s*(?:aged\s+)?\d{1,2})?\s*,\s*(?:\d+\w?,?\s+)?"
                               rf"(?:[A-Z][\w'’]*\s+){{1,3}}{_STREET_TYPES},\s+")
_ADDRESS_GIVEN = re.compile(r"\s*,?\s*(?:whose|with\s+an?|his|her|their)\s+(?:home\s+)?address\s+"
                            r"(?:was\s+|is\s+|being\s+)?(?:given|listed|stated|recorded)\s+as\s+"
                            r"(?P<addr>[^.;\n]{1,60}?)(?=\s*[,.;\n]\s*(?:[a-z]|$)|\s*[.;\n]|\s+(?:and|who|was|is|has)\b)")
_MOVED = re.compile(r"\b(?:to|into|towards|back|out|away|moved|travelled|traveled|drove|"
                    r"driving|driven|taken|brought|sent|trafficked)\b", re.IGNORECASE)
_HOME_IN = re.compile(r"[^.;\n]{0,60}?\b(?:from|at|in|to)\s+(?:his|her|their)\s+(?:own\s+|family\s+)?"
                      r"(?:home|flat|house|bedsit)\s+in\s+", re.IGNORECASE)
# "travelled from their Walsall homes", "returned to his Ashby flat"
_HOME_OF = re.compile(r"[^.;\n]{0,60}?\b(?:from|at|in|to)\s+(?:his|her|their)\s+(?:own\s+)?"
                      r"(?=[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:homes?|flats?|houses?)\b)")
# "Njie, aged 34, had been living at addresses in Eastwood and Hucknall"
_LIVING = re.compile(r"\s*,?\s*(?:who\s+)?(?:had\s+been|has\s+been|was|is|were|are)\s+living\s+"
                     r"(?:at\s+(?:an?\s+|various\s+)?(?:address(?:es)?|propert(?:y|ies))\s+)?in\s+"
                     r"(?:the\s+)?")
# "The 25-year-old, who is from the Bristol area, was arrested"
_WHO_FROM = re.compile(r"\s*,?\s*who\s+(?:is|was|are|were|comes|came)\s+(?:originally\s+)?from\s+"
                       r"(?:the\s+)?")
_INSTITUTION_AFTER = re.compile(r"\s+(?:prison|jail|gaol|young\s+offenders|police\s+station|"
                                r"(?:railway\s+|train\s+|bus\s+)?station|crown\s+court|"
                                r"magistrates|court|hospital|airport)\b", re.IGNORECASE)
# "a 30-year-old man from the local area", "The boy, 15, who is from the local area"
_LOCAL_AFTER = re.compile(r"\s*(?:,\s*(?:aged\s+)?\d{1,2}\s*,?)?\s*(?:who\s+(?:is|was)\s+)?from\s+"
                          r"the\s+local\s+area\b", re.IGNORECASE)
_NAME_RUN = re.compile(r"[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){0,2}")
_DIRECTION = re.compile(r"(?:North|South|East|West|Central)(?:[ -](?:East|West))?\s+(?P<p>.+)")


class HomeTowns:
    """The home-town rules of :class:`~linewatch.text.linking.Linker` (its state below)."""

    ctx: Context
    gaz: Gazetteer
    places: list[Mention]
    of: dict[int, list[Person]]
    tail: dict[int, int]
    extra_places: list[Mention]
    blocked: list[Span]

    def towns(self, mentions: list[PersonMention]) -> None:
        for k, m in enumerate(mentions):
            _, s_end = self.ctx.sentence_of(m.start)
            limit = min(s_end, m.end + 90, *(n.start for n in mentions[k + 1:k + 2]))
            window = self.ctx.text[m.end:limit]
            given = _ADDRESS_GIVEN.match(window)
            home = _HOME_IN.match(window)
            who_from = _WHO_FROM.match(window)
            cut = CUT.search(window)
            window = window[:cut.start()] if cut else window
            self.tail[id(m)] = m.end
            town = self._given_address(m, given) if given else None
            town = town or self._town_in(m, window)
            if town is None and who_from:
                town = self._place_at(m.end + who_from.end())
            living = _LIVING.match(self.ctx.text, m.end)
            if town is None and living:
                town = self._place_at(living.end())
            home_of = _HOME_OF.match(self.ctx.text, m.end)
            if town is None and home_of and m.count > 1:  # "the youths ... from their Walsall homes"
                town = self._place_at(home_of.end())
            owner = not re.search(r"\bof\s+(?:[a-z]+\s+)?$",  # "a tenant of landlord X ..."
                                  self.ctx.text[max(0, m.start - 24):m.start])
            if town is None and home and owner:  # "was reported missing from his home in London"
                named = next((p for p in self.places if p.span.start == m.end + home.end()), None)
                town = (named.value, named.span.start, named.span.end) if named else None
                side = _DIRECTION.fullmatch(town[0]) if town else None
                if town and side and self.gaz.lookup(side.group("p")):  # "north east London"
                    town = (side.group("p"), town[1], town[2])
            if town is None and m.pre_town:
                place = self.gaz.lookup(m.pre_town[0])
                town = (place.name, m.pre_town[1], m.pre_town[2]) if place else None
            if town is None and m.kind != "named" and (_LOCAL_AFTER.match(self.ctx.text, m.end) or (
                    m.kind in {"aged", "noun_aged"} and re.search(
                        r"\blocal\b", self.ctx.text[m.start:m.end]))):
                town = self._local_town(m.start)  # "a man from the local area", "A local man, aged 38"
            if town is None:
                continue
            for p in self.of.get(id(m), []):
                p.town = p.town or town[0]

    def _local_town(self, pos: int) -> tuple[str, int, int] | None:
        """The town of "the local area": the nearest town (not a county or region) named
        before ``pos``."""
        for p in sorted(self.places, key=lambda q: q.span.start, reverse=True):
            place = self.gaz.lookup(p.value) if p.span.end <= pos else None
            if place is not None and place.kind == "gazetteer":
                return p.value, p.span.start, p.span.end
        return None

    def _town_after_street(self, pos: int) -> Mention | None:
        """"Elder Patch, Tibberton": the name of two or more words at ``pos`` is no place the
        gazetteer knows (a street written without "Road", "Lane", ...) and the name after the
        comma is: that town."""
        first = _NAME_RUN.match(self.ctx.text, pos)
        if first is None or " " not in first.group(0) or self.gaz.lookup(first.group(0)):
            return None  # one word ("of Anfield, Liverpool") is more often a district
        second = _NAME_RUN.match(self.ctx.text, first.end() + 2) \
            if self.ctx.text[first.end():first.end() + 2] == ", " else None
        place = self.gaz.lookup(second.group(0)) if second else None
        if second is None or place is None:
            return None
        known = next((p for p in self.places if p.span.start == second.start()), None)
        if known is not None:
            return known
        mention = Mention(place.name, Span(second.start(), second.end(), second.group(0),
                                           "person_home_after_street"))
        self.extra_places.append(mention)
        return mention

    def _place_at(self, pos: int) -> tuple[str, int, int] | None:
        place = next((p for p in self.places if p.span.start == pos), None)
        return (place.value, place.span.start, place.span.end) if place else None

    def _given_address(self, m: PersonMention, given: re.Match[str]
                       ) -> tuple[str, int, int] | None:
        """", whose address was given as Leeds,": the last place of the address given."""
        start, end = m.end + given.start("addr"), m.end + given.end("addr")
        inside = [p for p in self.places if start <= p.span.start < end]
        if not inside:
            return None
        place = inside[-1]
        return place.value, place.span.start, place.span.end

    def _town_in(self, m: PersonMention, window: str) -> tuple[str, int, int] | None:
        for t in _TOWN.finditer(window):
            pos = m.end + t.end()
            place = next((p for p in self.places if p.span.start == pos), None)
            prefix = window[:t.start()]
            adjacent = re.fullmatch(rf"[\s,]*(?:aged\s+)?(?:\d{{1,2}}\s*(?:yrs?|years?)?\s*,?\s*)?"
                                    rf"(?:{DECADE}\s*,?\s*)?", prefix) is not None
            if place is None and adjacent and not any(b.start <= pos < b.end
                                                      for b in self.blocked):
                place = self._town_after_street(pos)
                found = unknown_place(self.ctx, pos) if place is None else None
                if found:
                    place = Mention(found[0], Span(found[1], found[2], found[0],
                                                   "person_home_pattern"))
                    self.extra_places.append(place)
            elif adjacent:  # "of Barley Leys, Bishops Cleeve": a known word starts the street
                place = self._town_after_street(pos) or place
            if place is None or (t.group("lead").endswith("of") and not adjacent):
                continue
            if t.group("lead").endswith("from") and _MOVED.search(prefix):
                continue  # "driving the boy to Wales from London": a journey, not a home
            if _INSTITUTION_AFTER.match(self.ctx.text, place.span.end):
                continue  # "on video link from Norwich prison": a prison, not a home
            if adjacent:
                self.tail[id(m)] = self._after_places(place.span.end)
            return place.value, place.span.start, place.span.end
        street = _STREET_THEN_TOWN.match(window)
        if street is not None:
            pos = m.end + street.end()
            place = next((p for p in self.places if p.span.start == pos), None)
            if place is not None:
                self.tail[id(m)] = self._after_places(place.span.end)
                return place.value, place.span.start, place.span.end
        return None

    def _after_places(self, end: int) -> int:
        """The end of "Wallasey, Merseyside": a town followed by its county or region."""
        while True:
            gap = re.match(r",\s*", self.ctx.text[end:end + 4])
            nxt = next((p for p in self.places if gap and p.span.start == end + gap.end()), None)
            if nxt is None:
                return end
            end = nxt.span.end
