"""The simulated world: people, phones, handsets and where each phone is.

Large per-entity data lives in numpy arrays so the traffic generators can work on whole days
at once. The builders append to Python lists; :meth:`PhoneBook.freeze` turns them into arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from linewatch.simulate.config import ScenarioConfig
from linewatch.simulate.geography import AddressBook, CellSites
from linewatch.simulate.regions import Place, RegionSpec

PERSON_ROLES: tuple[str, ...] = (
    "none", "customer", "associate", "trap_occupant", "runner", "controller")
PHONE_ROLES: tuple[str, ...] = ("other", "customer", "trap", "runner", "controller", "deal_line")
PERSON_ROLE = {name: i for i, name in enumerate(PERSON_ROLES)}
PHONE_ROLE = {name: i for i, name in enumerate(PHONE_ROLES)}
SEGMENTS = 6  # 00-07, 07-09, 09-17, 17-19, 19-22, 22-24 local time
HOUR_SEGMENT = np.array([0] * 7 + [1] * 2 + [2] * 8 + [3] * 2 + [4] * 3 + [5] * 2, dtype=np.int8)
ROAM = -3  # segment cell meaning "anywhere in the county towns"


class PhoneKind(IntEnum):
    PERSONAL = 0
    RUNNER_WORK = 1
    DEAL_LINE = 2
    GP_SURGERY = 3
    TAXI = 4
    TAKEAWAY = 5
    SCHOOL = 6


class Mobility(IntEnum):
    HOME = 0
    COMMUTER = 1
    DRIVER = 2
    FIXED = 3
    SCRIPTED = 4


@dataclass
class Persons:
    """Everyone in the scenario, indexed 0..n-1."""

    place: np.ndarray
    address: np.ndarray
    age: np.ndarray
    female: np.ndarray
    dob: np.ndarray
    forename: list[str]
    surname: list[str]
    household: np.ndarray
    phone: np.ndarray
    role: np.ndarray
    flags: list[set[str]]
    nicknames: dict[int, list[str]] = field(default_factory=dict)
    exploitation: dict[int, str] = field(default_factory=dict)
    line_of: dict[int, set[str]] = field(default_factory=dict)
    former_surname: dict[int, str] = field(default_factory=dict)
    previous_address: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.forename)

    def set_role(self, person: int, role: str) -> None:
        """Raise ``person``'s role to ``role`` if it ranks higher than the current one."""
        self.role[person] = max(int(self.role[person]), PERSON_ROLE[role])


@dataclass
class PhoneBook:
    """Every phone number. Lists while building, arrays after :meth:`freeze`."""

    number: list[str] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    role: list[int] = field(default_factory=list)
    line: list[int] = field(default_factory=list)
    home_cell: list[int] = field(default_factory=list)
    work_cell: list[int] = field(default_factory=list)
    mobility: list[int] = field(default_factory=list)
    rate: list[float] = field(default_factory=list)
    p_voice: list[float] = field(default_factory=list)
    active_from: list[int] = field(default_factory=list)
    active_to: list[int] = field(default_factory=list)
    successor: list[int] = field(default_factory=list)
    jitter: list[float] = field(default_factory=list)
    basic_handset: list[bool] = field(default_factory=list)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def add(self, *, kind: PhoneKind, owner: int, home_cell: int, work_cell: int = -1,
            mobility: Mobility = Mobility.HOME, rate: float = 0.0, p_voice: float = 0.5,
            active_from: int = -10_000, active_to: int = 10_000, jitter: float = 0.25,
            role: str = "other", line: int = -1, basic_handset: bool = False) -> int:
        """Append a phone (its number is given later) and return its index."""
        self.kind.append(int(kind))
        self.owner.append(owner)
        self.role.append(PHONE_ROLE[role])
        self.line.append(line)
        self.home_cell.append(home_cell)
        self.work_cell.append(home_cell if work_cell < 0 else work_cell)
        self.mobility.append(int(mobility))
        self.rate.append(rate)
        self.p_voice.append(p_voice)
        self.active_from.append(active_from)
        self.active_to.append(active_to)
        self.successor.append(-1)
        self.jitter.append(jitter)
        self.basic_handset.append(basic_handset)
        return len(self.kind) - 1

    def __len__(self) -> int:
        return len(self.kind)

    def freeze(self) -> None:
        """Copy the per-phone lists into numpy arrays (``self.arrays``)."""
        self.arrays = {
            "kind": np.array(self.kind, dtype=np.int8),
            "owner": np.array(self.owner, dtype=np.int32),
            "role": np.array(self.role, dtype=np.int8),
            "line": np.array(self.line, dtype=np.int32),
            "home_cell": np.array(self.home_cell, dtype=np.int32),
            "work_cell": np.array(self.work_cell, dtype=np.int32),
            "mobility": np.array(self.mobility, dtype=np.int8),
            "rate": np.array(self.rate, dtype=np.float64),
            "p_voice": np.array(self.p_voice, dtype=np.float64),
            "active_from": np.array(self.active_from, dtype=np.int32),
            "active_to": np.array(self.active_to, dtype=np.int32),
            "successor": np.array(self.successor, dtype=np.int32),
            "jitter": np.array(self.jitter, dtype=np.float64),
        }

    def a(self, name: str) -> np.ndarray:
        return self.arrays[name]


@dataclass
class Contacts:
    """Who a phone calls, as CSR rows with cumulative weights offset by the row number.

    ``cum[k]`` lies in ``(row, row + 1]`` for the contacts of ``row``, so a uniform draw ``u``
    in ``[0, 1)`` for row ``r`` selects ``searchsorted(cum, r + u, "right")`` in one call.
    """

    ptr: np.ndarray
    target: np.ndarray
    cum: np.ndarray

    @classmethod
    def from_edges(cls, n: int, src: np.ndarray, dst: np.ndarray,
                   weight: np.ndarray) -> Contacts:
        if len(src) == 0:
            return cls(ptr=np.zeros(n + 1, dtype=np.int64), target=np.zeros(0, dtype=np.int32),
                       cum=np.zeros(0))
        order = np.lexsort((dst, src))
        src, dst, weight = src[order], dst[order], weight[order]
        keep = np.ones(len(src), dtype=bool)
        keep[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
        src, dst, weight = src[keep], dst[keep], weight[keep]
        counts = np.bincount(src, minlength=n)
        ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        running = np.cumsum(weight)
        row_start = np.repeat(running[ptr[:-1] - 1] * (ptr[:-1] > 0), counts)
        row_total = np.repeat(np.add.reduceat(weight, ptr[:-1][counts > 0]), counts[counts > 0])
        within = (running - row_start) / row_total
        within[np.r_[ptr[1:][counts > 0] - 1]] = 1.0
        return cls(ptr=ptr, target=dst.astype(np.int32), cum=src + within)

    def degree(self) -> np.ndarray:
        return np.diff(self.ptr)

    def choose(self, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A weighted random contact of each row (rows must have at least one contact)."""
        pos = np.searchsorted(self.cum, rows + u, side="right")
        return self.target[np.minimum(pos, len(self.target) - 1)]


@dataclass
class Handsets:
    """Handsets (IMEI) and SIMs (IMSI) of each phone over time.

    Handsets and SIMs are integer ids while the world is built; :meth:`issue` gives them their
    15-digit strings at the end. A change applies from the start of its day.
    """

    basic: list[bool] = field(default_factory=list)
    sim_count: int = 0
    first_imei: dict[int, int] = field(default_factory=dict)
    first_imsi: dict[int, int] = field(default_factory=dict)
    changes: list[tuple[int, int, int, int]] = field(default_factory=list)
    imeis: list[str] = field(default_factory=list)
    imsis: list[str] = field(default_factory=list)

    def new_handset(self, basic: bool) -> int:
        self.basic.append(basic)
        return len(self.basic) - 1

    def new_sim(self) -> int:
        self.sim_count += 1
        return self.sim_count - 1

    def start(self, phone: int, imei: int, imsi: int) -> None:
        self.first_imei[phone] = imei
        self.first_imsi[phone] = imsi

    def change(self, day: int, phone: int, imei: int, imsi: int) -> None:
        self.changes.append((day, phone, imei, imsi))

    def histories(self) -> dict[int, list[tuple[int, int, int]]]:
        """Phone -> [(from_day, imei, imsi), ...]; the first entry is from day -10000."""
        rows = {p: [(-10_000, i, self.first_imsi[p])] for p, i in self.first_imei.items()}
        for day, phone, imei, imsi in sorted(self.changes):
            rows[phone].append((day, imei, imsi))
        return rows

    def imei_on(self, phone: int, day: int) -> str:
        """The IMEI string ``phone`` used on ``day``."""
        imei, latest = self.first_imei[phone], -10_001
        for change_day, changed, new_imei, _ in self.changes:
            if changed == phone and latest < change_day <= day:
                imei, latest = new_imei, change_day
        return self.imeis[imei]


@dataclass
class Script:
    """Day-by-day segment cells for phones whose whereabouts a storyline decides."""

    rows: dict[int, list[tuple[int, list[int]]]] = field(default_factory=dict)

    def place(self, day: int, phone: int, segments: list[int]) -> None:
        self.rows.setdefault(day, []).append((phone, segments))


@dataclass
class World:
    """Everything generated before traffic: the model the writers and truth read from."""

    config: ScenarioConfig
    region: RegionSpec
    places: list[Place]
    cells: CellSites
    addresses: AddressBook
    persons: Persons
    phones: PhoneBook
    contacts: Contacts | None = None
    handsets: Handsets = field(default_factory=Handsets)
    script: Script = field(default_factory=Script)
    businesses: list[Business] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    start_epoch: int = 0

    @property
    def days(self) -> int:
        return self.config.days

    def hub_places(self) -> list[Place]:
        return [p for p in self.places if p.is_hub]

    def county_places(self) -> list[Place]:
        return [p for p in self.places if not p.is_hub]


@dataclass
class Business:
    """An organisation that texts many people legitimately (a hard negative)."""

    name: str
    kind: PhoneKind
    phone: int
    place: int
    address: int
    audience: np.ndarray
    account_type: str


@dataclass
class Vehicle:
    """A car or van and who drives it; ``trips`` are (day, place, outbound) runs on the route."""

    vrm: str
    driver: int
    line_id: str | None
    trips: list[tuple[int, int, bool]] = field(default_factory=list)
