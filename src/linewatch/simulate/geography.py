"""Cell sites and addresses of a region.

Cells are dense in the hub districts, fewer in county towns and sparse along the roads and
railways between them. Cell ids look like operator cell global identities with random area
codes, so an id says nothing about where the cell is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from linewatch.simulate.names import STREET_KINDS, STREET_STEMS, inward_code
from linewatch.simulate.regions import Place

_KM_PER_DEG = 111.2
_SITE_KINDS = ("Rooftop", "Mast", "Streetworks", "Tower", "Monopole")
_MNCS = (10, 15, 20, 30)


@dataclass
class CellSites:
    """All cells. ``place`` is -1 for corridor (between towns) cells."""

    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    azimuth: np.ndarray
    site_names: list[str]
    area: list[str]
    place: np.ndarray
    place_ptr: np.ndarray
    place_cells: np.ndarray
    corridor_ptr: np.ndarray
    corridor_cells: np.ndarray
    county_cells: np.ndarray
    hub_cells: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def cells_of(self, place: int) -> np.ndarray:
        return self.place_cells[self.place_ptr[place]:self.place_ptr[place + 1]]

    def corridor_of(self, place: int) -> np.ndarray:
        """Cells on the way from the hub to county town ``place``, hub end first."""
        return self.corridor_cells[self.corridor_ptr[place]:self.corridor_ptr[place + 1]]

    def nearest(self, place: int, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """For points in ``place``, the index of the nearest cell of that place."""
        cells = self.cells_of(place)
        dlat = lat[:, None] - self.lat[cells][None, :]
        dlon = (lon[:, None] - self.lon[cells][None, :]) * math.cos(math.radians(float(lat[0])))
        return cells[np.argmin(dlat * dlat + dlon * dlon, axis=1)]


def _cell_id(rng: np.random.Generator, used: set[str]) -> str:
    while True:
        mnc = _MNCS[int(rng.integers(len(_MNCS)))]
        ident = f"234-{mnc:02d}-{int(rng.integers(1000, 65000))}-{int(rng.integers(10000, 65000))}"
        if ident not in used:
            used.add(ident)
            return ident


def build_cells(places: list[Place], per_hub_district: int, per_county_town: int,
                rng: np.random.Generator) -> CellSites:
    """Cell sites for every place plus corridor sites between the hub and each county town."""
    lat: list[float] = []
    lon: list[float] = []
    azimuth: list[int] = []
    ids: list[str] = []
    names: list[str] = []
    areas: list[str] = []
    place_of: list[int] = []
    used: set[str] = set()

    def add_site(site_lat: float, site_lon: float, area: str, place: int, sectors: int) -> None:
        site_name = f"{_SITE_KINDS[int(rng.integers(len(_SITE_KINDS)))]} {int(rng.integers(1000, 99999))}"
        start = int(rng.integers(0, 120))
        for sector in range(sectors):
            lat.append(round(site_lat, 6))
            lon.append(round(site_lon, 6))
            azimuth.append(-1 if sectors == 1 else (start + sector * 360 // sectors) % 360)
            ids.append(_cell_id(rng, used))
            names.append(site_name)
            areas.append(area)
            place_of.append(place)

    for place in places:
        if place.is_hub:
            sites, spread = per_hub_district, 0.011
        else:
            factor = math.sqrt(max(place.population, 10_000) / 60_000)
            sites, spread = max(2, round(per_county_town * factor)), 0.016
        cos_lat = math.cos(math.radians(place.lat))
        for _ in range(sites):
            offset = rng.normal(0.0, spread, size=2)
            add_site(place.lat + offset[0], place.lon + offset[1] / cos_lat, place.area,
                     place.index, 3 if rng.random() < 0.8 else 1)

    hub = [p for p in places if p.is_hub]
    hub_lat = float(np.mean([p.lat for p in hub]))
    hub_lon = float(np.mean([p.lon for p in hub]))
    hub_area = hub[0].area
    corridors: list[list[int]] = [[] for _ in places]
    for place in places:
        if place.is_hub:
            continue
        length = math.hypot((place.lat - hub_lat) * _KM_PER_DEG,
                            (place.lon - hub_lon) * _KM_PER_DEG * math.cos(math.radians(hub_lat)))
        steps = max(1, int(length // 11))
        for step in range(1, steps + 1):
            frac = step / (steps + 1)
            site_lat = hub_lat + frac * (place.lat - hub_lat) + float(rng.normal(0, 0.012))
            site_lon = hub_lon + frac * (place.lon - hub_lon) + float(rng.normal(0, 0.018))
            area = hub_area if frac * length < 12 else place.area
            first = len(ids)
            add_site(site_lat, site_lon, area, -1, 1 if rng.random() < 0.6 else 2)
            corridors[place.index].extend(range(first, len(ids)))

    place_arr = np.array(place_of, dtype=np.int32)
    order = np.argsort(place_arr, kind="stable")
    counts = np.bincount(place_arr[place_arr >= 0], minlength=len(places))
    place_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    place_cells = order[place_arr[order] >= 0].astype(np.int32)
    corridor_ptr = np.concatenate([[0], np.cumsum([len(c) for c in corridors])]).astype(np.int64)
    corridor_cells = np.array([c for cs in corridors for c in cs], dtype=np.int32)
    is_county = np.array([not places[p].is_hub if p >= 0 else False for p in place_of])
    is_hub = np.array([places[p].is_hub if p >= 0 else False for p in place_of])
    return CellSites(ids=ids, lat=np.array(lat), lon=np.array(lon),
                     azimuth=np.array(azimuth, dtype=np.int32), site_names=names, area=areas,
                     place=place_arr, place_ptr=place_ptr, place_cells=place_cells,
                     corridor_ptr=corridor_ptr, corridor_cells=corridor_cells,
                     county_cells=np.flatnonzero(is_county).astype(np.int32),
                     hub_cells=np.flatnonzero(is_hub).astype(np.int32))


@dataclass
class AddressBook:
    """Every address in the scenario (homes, businesses, empty flats)."""

    place: np.ndarray
    line1: list[str]
    postcode: list[str]
    lat: np.ndarray
    lon: np.ndarray
    cell: np.ndarray
    flags: list[set[str]]
    place_names: list[str]

    def __len__(self) -> int:
        return len(self.line1)

    def full(self, index: int) -> str:
        """``12 Example Road, Chatham``."""
        return f"{self.line1[index]}, {self.place_names[int(self.place[index])]}"

    def of_place(self, place: int) -> np.ndarray:
        return np.flatnonzero(self.place == place)


def build_addresses(places: list[Place], counts: list[int], cells: CellSites,
                    rng: np.random.Generator) -> AddressBook:
    """``counts[p]`` addresses in each place, on invented streets with invented postcodes."""
    place_of: list[int] = []
    line1: list[str] = []
    postcodes: list[str] = []
    lats: list[np.ndarray] = []
    lons: list[np.ndarray] = []
    cell_of: list[np.ndarray] = []
    flags: list[set[str]] = []
    for place, count in zip(places, counts, strict=True):
        n_streets = max(4, count // 14)
        stems = rng.permutation(len(STREET_STEMS))
        streets: list[tuple[str, list[str], float, float, bool]] = []
        cos_lat = math.cos(math.radians(place.lat))
        spread = 0.010 if place.is_hub else 0.014
        used_names: set[str] = set()
        for s in range(n_streets):
            stem = STREET_STEMS[int(stems[s % len(stems)])]
            kind = STREET_KINDS[int(rng.integers(len(STREET_KINDS)))]
            name = f"{stem} {kind}"
            if name in used_names:
                name = f"{stem} {STREET_KINDS[(s + 3) % len(STREET_KINDS)]}"
            used_names.add(name)
            outward = place.outward_codes[int(rng.integers(len(place.outward_codes)))]
            units = [f"{outward} {inward_code(rng)}" for _ in range(int(rng.integers(1, 4)))]
            off = rng.normal(0.0, spread, size=2)
            streets.append((name, units, place.lat + off[0], place.lon + off[1] / cos_lat,
                            bool(rng.random() < 0.2)))
        street_of = rng.integers(n_streets, size=count)
        next_number = [int(rng.integers(1, 8)) for _ in range(n_streets)]
        p_lat = np.empty(count)
        p_lon = np.empty(count)
        for i, s in enumerate(street_of):
            name, units, s_lat, s_lon, flats = streets[int(s)]
            number = next_number[int(s)]
            next_number[int(s)] += int(rng.integers(1, 3))
            if flats and rng.random() < 0.6:
                text = f"Flat {int(rng.integers(1, 12))}, {number} {name}"
            else:
                text = f"{number} {name}"
            line1.append(text)
            postcodes.append(units[min(len(units) - 1, number // 40)])
            p_lat[i] = s_lat + float(rng.normal(0, 0.0015))
            p_lon[i] = s_lon + float(rng.normal(0, 0.0015)) / cos_lat
            marks: set[str] = set()
            if flats and rng.random() < 0.55:
                marks.add("social_housing")
            if flats and rng.random() < 0.08:
                marks.add("hmo")
            flags.append(marks)
            place_of.append(place.index)
        lats.append(p_lat)
        lons.append(p_lon)
        cell_of.append(cells.nearest(place.index, p_lat, p_lon) if count else
                       np.empty(0, dtype=np.int32))
    return AddressBook(place=np.array(place_of, dtype=np.int32), line1=line1,
                       postcode=postcodes, lat=np.round(np.concatenate(lats), 6),
                       lon=np.round(np.concatenate(lons), 6),
                       cell=np.concatenate(cell_of).astype(np.int32), flags=flags,
                       place_names=[p.name for p in places])
