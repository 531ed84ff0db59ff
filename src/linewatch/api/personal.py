"""Which response fields carry personal data, tagged on the routes' response models.

A field typed with one of the aliases below (``PersonName``, ``DateOfBirth``, ``Address``,
...) carries ``"x-personal": "<what it is>"`` in the OpenAPI schema. A route that declares
a model holding such a field returns personal data, and must write an audit entry on every
call: ``tests/api/test_personal_audit.py`` finds those routes from the tags in the
published schema (``/api/openapi.json``) and fails for any that does not. A list route's
entry names the ids it showed (:func:`shown_ids`), never names or other details.

The models describe the fields that matter here and allow the others (``extra="allow"``);
routes declare them with ``responses={200: {"model": ...}}``, which documents the response
without re-validating it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

PERSONAL = "x-personal"


def personal(kind: str) -> Any:
    """A ``Field`` tagging its value as personal data of kind ``kind``."""
    return Field(default=None, json_schema_extra={PERSONAL: kind})


PersonName = Annotated[str | None, personal("name")]
Nicknames = Annotated[list[str] | None, personal("nickname")]
DateOfBirth = Annotated[dt.date | None, personal("date of birth")]
Address = Annotated[str | None, personal("address")]
Postcode = Annotated[str | None, personal("postcode")]
PhoneNumber = Annotated[str | None, personal("phone number")]
PhoneNumbers = Annotated[list[str] | None, personal("phone number")]
VehicleMark = Annotated[str | None, personal("vehicle registration")]
Flags = Annotated[list[str] | None, personal("warning flags")]
FreeText = Annotated[str | None, personal("free text about people")]
StaffName = Annotated[str | None, personal("staff user name")]


def routes(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route returning ``model``."""
    return {200: {"model": model}}


def shown_ids(rows: Iterable[dict[str, Any]], key: str) -> list[str]:
    """The distinct ids (``key``) of ``rows``, in the order shown, for a list's audit entry."""
    return list(dict.fromkeys(str(r[key]) for r in rows if r.get(key) is not None))


class Listed(BaseModel):
    model_config = ConfigDict(extra="allow")


class PersonRow(Listed):
    person_id: str
    display_name: PersonName
    dob: DateOfBirth


class TargetRow(PersonRow):
    nicknames: Nicknames


class TargetList(Listed):
    targets: list[TargetRow]
    held_back: list[PersonRow]


class AddressRow(Listed):
    address: Address
    postcode: Postcode
    flags: Flags


class SafeguardingRow(PersonRow):
    address: Address
    postcode: Postcode
    flags: Flags


class SafeguardingList(Listed):
    people: list[SafeguardingRow]
    cuckooed_addresses: list[AddressRow]


class LineRow(Listed):
    line_id: str
    numbers: PhoneNumbers
    current_number: PhoneNumber


class LineList(Listed):
    lines: list[LineRow]


class LineNumber(Listed):
    number: PhoneNumber


class LineProfile(Listed):
    numbers: list[LineNumber]
    people: list[PersonRow]
    trap_addresses: list[AddressRow]


class MapLineTrack(Listed):
    line_id: str
    number: PhoneNumber


class MapRead(Listed):
    vrm: VehicleMark


class MapEvent(Listed):
    address: Address


class MapLayers(Listed):
    addresses: list[AddressRow]
    lines: list[MapLineTrack]
    reads: list[MapRead]
    events: list[MapEvent]


class Movement(Listed):
    number: PhoneNumber


class VehicleReads(Listed):
    vrm: VehicleMark


class OperationRow(Listed):
    operation_id: str
    created_by: StaffName
    approved_by: StaffName


class OperationList(Listed):
    data: list[OperationRow]


class TextRow(Listed):
    text: FreeText


class TipList(Listed):
    tips: list[TextRow]


class IntelList(Listed):
    intel: list[TextRow]


class SearchHit(Listed):
    id: str
    label: FreeText


class SearchResults(Listed):
    results: list[SearchHit]


class PersonProfile(Listed):
    person: PersonRow


class PhoneProfile(Listed):
    number: PhoneNumber


class AddressProfile(Listed):
    address: Address
    postcode: Postcode


class TimelineItem(Listed):
    label: FreeText
    text: FreeText
    address: Address


class Timeline(Listed):
    items: list[TimelineItem]


class GraphNode(Listed):
    id: str
    label: FreeText


class Graph(Listed):
    nodes: list[GraphNode]
