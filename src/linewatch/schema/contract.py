"""The input contract, version 1: every kind of file linewatch ingests, as data.

Each :class:`Kind` lists its fields with a field type (which decides how a value is cleaned and
how it is stored), which fields are required, and the key that identifies a duplicate row.
The store's tables for the kinds are declared by the store's migrations (``storage/migrations.py``,
version 1 holds this contract as it was first written): changing a kind here needs a new
migration that changes its table the same way (``tests/storage/test_migrations.py`` checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONTRACT_VERSION = 1

#: field type -> DuckDB column type of the cleaned value
STORAGE_TYPES = {
    "id": "VARCHAR", "string": "VARCHAR", "text": "VARCHAR", "phone": "VARCHAR",
    "phone_list": "VARCHAR[]", "list": "VARCHAR[]", "datetime": "TIMESTAMP", "date": "DATE",
    "int": "BIGINT", "float": "DOUBLE", "enum": "VARCHAR", "postcode": "VARCHAR",
    "plate": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE", "money": "DOUBLE",
    "drug_class": "VARCHAR", "source_evaluation": "VARCHAR", "assessment": "VARCHAR",
    "handling": "VARCHAR",
}
#: field types whose original text is kept beside the cleaned value as ``<name>_raw``
KEEPS_RAW = {"phone", "phone_list", "datetime", "date", "postcode", "plate", "money"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] = ()
    max_length: int = 10_000

    @property
    def storage_type(self) -> str:
        return STORAGE_TYPES[self.type]


@dataclass(frozen=True)
class Kind:
    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    description: str
    entity: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def storage_columns(self) -> list[tuple[str, str]]:
        """(column, type) of the kind's table, provenance columns included."""
        cols: list[tuple[str, str]] = []
        for f in self.fields:
            cols.append((f.name, f.storage_type))
            if f.type in KEEPS_RAW:
                cols.append((f"{f.name}_raw", "VARCHAR"))
        cols += [("attrs", "JSON"), ("_batch", "BIGINT"), ("_file", "BIGINT"), ("_row", "BIGINT")]
        return cols


def F(name: str, type_: str = "string", required: bool = False, *values: str,
      max_length: int = 10_000) -> Field:
    return Field(name, type_, required, tuple(values), max_length)


EVENT_TYPES = ("arrest", "stop_search", "missing_report", "found", "custody", "warrant",
               "seizure", "vehicle_stop", "referral", "asb_report", "welfare_check")
TEXT_MAX = 1_000_000

KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("cdr", (
        F("event_id", "id"), F("start_time", "datetime", True), F("a_number", "phone", True),
        F("b_number", "phone", True), F("event_type", "enum", True, "voice", "sms"),
        F("duration_s", "int"), F("a_cell_id", "id"), F("b_cell_id", "id"), F("a_imei", "id"),
        F("a_imsi", "id"), F("b_imei", "id"), F("b_imsi", "id"),
    ), ("event_id",), "Call and text events (communications data).", "Communication",
        extra={"natural_key": "start_time,a_number,b_number,event_type,duration_s"}),
    Kind("cells", (
        F("cell_id", "id", True), F("lat", "lat", True), F("lon", "lon", True),
        F("azimuth", "float"), F("site_name"), F("area"),
    ), ("cell_id",), "Cell sites.", "CellSite"),
    Kind("subscribers", (
        F("number", "phone", True),
        F("account_type", "enum", False, "payg_unregistered", "payg_registered", "contract",
          "business"),
        F("subscriber_name"), F("subscriber_address"), F("subscriber_dob", "date"),
        F("activated_on", "date"),
    ), ("number", "activated_on", "subscriber_name"), "Subscriber checks.", "Phone"),
    Kind("nominals", (
        F("source_system", "id", True), F("record_id", "id", True), F("surname"),
        F("forenames"), F("dob", "date"), F("sex", "enum", False, "M", "F", "U"),
        F("address"), F("postcode", "postcode"), F("phone", "phone_list"),
        F("nickname", "list"), F("flags", "list"),
    ), ("source_system", "record_id"), "Person records from police and partner systems.",
        "Person"),
    Kind("events", (
        F("source_system", "id", True), F("event_id", "id", True),
        F("event_type", "enum", True, *EVENT_TYPES), F("occurred_at", "datetime", True),
        F("record_id", "id"),
        F("role", "enum", False, "suspect", "victim", "witness", "subject", "reporter"),
        F("address"), F("postcode", "postcode"), F("lat", "lat"), F("lon", "lon"),
        F("offence"), F("outcome"), F("detail", "text", max_length=TEXT_MAX),
    ), ("source_system", "event_id"), "Police and partner events.", "PoliceEvent"),
    Kind("seizures", (
        F("seizure_id", "id", True), F("source_system", "id"), F("event_id", "id"),
        F("item_type", "enum", False, "cash", "drug", "weapon", "phone", "vehicle", "other"),
        F("drug_name"), F("drug_class", "drug_class"), F("quantity", "float"), F("unit"),
        F("value_gbp", "money"), F("description", "text"), F("imei", "id"),
        F("number", "phone"), F("vrm", "plate"),
    ), ("source_system", "seizure_id"), "Items seized at an event.", "Seizure"),
    Kind("anpr", (
        F("read_at", "datetime", True), F("vrm", "plate", True), F("camera_id", "id", True),
        F("lat", "lat", True), F("lon", "lon", True),
    ), ("read_at", "vrm", "camera_id"), "Number plate reads.", "AnprRead"),
    Kind("addresses", (
        F("address", "string", True), F("postcode", "postcode"), F("lat", "lat"),
        F("lon", "lon"), F("uprn", "id"), F("flags", "list"),
    ), ("address", "postcode"), "Address reference data.", "Address"),
    Kind("intel", (
        F("report_id", "id", True), F("received_at", "datetime", True),
        F("source_evaluation", "source_evaluation"), F("intelligence_assessment", "assessment"),
        F("handling_code", "handling"), F("handling_conditions", "text"),
        F("text", "text", True, max_length=TEXT_MAX),
    ), ("report_id",), "Graded intelligence reports (3x5x2).", "IntelReport"),
    Kind("tips", (
        F("tip_id", "id", True), F("received_at", "datetime", True),
        F("channel", "enum", False, "web", "phone", "partner"),
        F("text", "text", True, max_length=TEXT_MAX),
    ), ("tip_id",), "Anonymous public reports.", "Tip"),
    Kind("articles", (
        F("article_id", "id", True), F("title"), F("text", "text", True, max_length=TEXT_MAX),
    ), ("article_id",), "Press releases and news reports (one .txt file each).", "Article"),
]}

#: other names a user may give to ``--kind``
KIND_ALIASES = {"article": "articles", "tip": "tips", "cell": "cells", "nominal": "nominals",
                "event": "events", "seizure": "seizures", "address": "addresses",
                "subscriber": "subscribers", "calls": "cdr"}


def resolve_kind(name: str) -> Kind | None:
    key = name.strip().lower()
    return KINDS.get(KIND_ALIASES.get(key, key))
