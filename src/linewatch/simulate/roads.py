"""ANPR cameras on the routes between the hub and the county towns, and the reads they make.

Line cars drive out to the market town and back; commuters drive to the hub on weekdays;
delivery vans go from town to town; other traffic passes at random.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from linewatch.simulate.batch import Clock
from linewatch.simulate.names import plate
from linewatch.simulate.world import Mobility, Vehicle, World

_SPEED_KMH = 70.0


@dataclass
class Camera:
    camera_id: str
    lat: float
    lon: float
    place: int  # county town whose route it watches
    fraction: float  # 0 at the hub, 1 at the town


def build_cameras(world: World, rng: np.random.Generator) -> list[Camera]:
    hub = world.hub_places()
    hub_lat = float(np.mean([p.lat for p in hub]))
    hub_lon = float(np.mean([p.lon for p in hub]))
    cameras: list[Camera] = []
    used: set[str] = set()
    for town in world.county_places():
        for fraction in (0.08, 0.35, 0.65, 0.93):
            camera_id = f"ANPR{int(rng.integers(10_000, 99_999))}"
            while camera_id in used:
                camera_id = f"ANPR{int(rng.integers(10_000, 99_999))}"
            used.add(camera_id)
            lat = hub_lat + fraction * (town.lat - hub_lat) + float(rng.normal(0, 0.003))
            lon = hub_lon + fraction * (town.lon - hub_lon) + float(rng.normal(0, 0.004))
            cameras.append(Camera(camera_id, round(lat, 5), round(lon, 5), town.index, fraction))
    return cameras


def _route_km(world: World, place: int) -> float:
    hub = world.hub_places()
    town = world.places[place]
    dlat = (town.lat - float(np.mean([p.lat for p in hub]))) * 111.2
    dlon = (town.lon - float(np.mean([p.lon for p in hub]))) * 111.2 * 0.62
    return float(np.hypot(dlat, dlon))


def _utc_strings(stamps: np.ndarray) -> list[str]:
    text = np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s")
    return [f"{t}Z" for t in text.tolist()]


def commuter_vehicles(world: World, rng: np.random.Generator) -> None:
    """Cars for some commuters (daily weekday runs) and vans for delivery drivers."""
    phones, persons = world.phones, world.persons
    for phone in range(len(phones)):
        if phones.owner[phone] < 0 or phones.successor[phone] >= 0:
            continue
        mobility = phones.mobility[phone]
        person = phones.owner[phone]
        place = int(persons.place[person])
        if mobility == int(Mobility.COMMUTER) and not world.places[place].is_hub \
                and rng.random() < 0.25:
            vehicle = Vehicle(vrm=plate(rng), driver=person, line_id=None)
            for day in range(world.days):
                weekday = (world.config.start + dt.timedelta(days=day)).weekday() < 5
                if weekday and rng.random() < 0.7:
                    vehicle.trips += [(day, place, False), (day, place, True)]
            world.vehicles.append(vehicle)
        elif mobility == int(Mobility.DRIVER):
            vehicle = Vehicle(vrm=plate(rng), driver=person, line_id=None)
            for day in range(world.days):
                if rng.random() < 0.7:
                    towns = world.county_places()
                    vehicle.trips.append((day, towns[int(rng.integers(len(towns)))].index, True))
            world.vehicles.append(vehicle)


def anpr_rows(world: World, clock: Clock, cameras: list[Camera],
              rng: np.random.Generator) -> Iterator[dict[str, str]]:
    """Reads of every vehicle trip past the cameras on its route, plus passing traffic.

    Yields one day at a time, in time order, so memory does not grow with the days.
    """
    by_place: dict[int, list[Camera]] = {}
    for camera in cameras:
        by_place.setdefault(camera.place, []).append(camera)
    hours_to = {p.index: _route_km(world, p.index) / _SPEED_KMH for p in world.county_places()}
    routes = {p: sorted(cams, key=lambda c: c.fraction) for p, cams in by_place.items()}
    trips_on: dict[int, list[tuple[Vehicle, int, bool]]] = {}
    for vehicle in world.vehicles:
        for day, place, outbound in vehicle.trips:
            trips_on.setdefault(day, []).append((vehicle, place, outbound))
    passing = max(3, len(world.persons) // 150)
    for day in range(world.days):
        reads: list[tuple[float, str, Camera]] = []
        for vehicle, place, outbound in trips_on.get(day, []):
            route = routes.get(place, [])
            hours = hours_to[place]
            if vehicle.line_id is not None:
                depart = float(rng.uniform(10, 13) if outbound else rng.uniform(17, 21))
            elif outbound:
                depart = float(rng.uniform(16.5, 18.5))
            else:
                depart = float(rng.uniform(6.0, 7.5))
            for camera in route if outbound else route[::-1]:
                if rng.random() < 0.1:
                    continue
                progress = camera.fraction if outbound else 1 - camera.fraction
                at = (depart + progress * hours) * 3_600 + float(rng.normal(0, 120))
                reads.append((at, vehicle.vrm, camera))
        for _ in range(passing):
            camera = cameras[int(rng.integers(len(cameras)))]
            reads.append((float(rng.uniform(0, 86_399)), plate(rng), camera))
        reads.sort(key=lambda r: (r[0], r[1]))
        midnight = clock.local_midnight(day)
        stamps = np.array([midnight + int(at) for at, _, _ in reads], dtype=np.int64)
        for when, (_, vrm, camera) in zip(_utc_strings(stamps), reads, strict=True):
            yield {"read_at": when, "vrm": vrm, "camera_id": camera.camera_id,
                   "lat": f"{camera.lat:.5f}", "lon": f"{camera.lon:.5f}"}
