"""The input contract, version 2: every kind of file linewatch ingests, as data.

Each :class:`Kind` lists its fields with a field type (which decides how a value is cleaned and
how it is stored), which fields are required, and the key that identifies a duplicate row.
The store's tables for the kinds are declared by the store's migrations (``storage/migrations.py``,
version 1 holds this contract as it was first written, version 6 adds version 2 of it):
changing a kind here needs a new migration that changes its table the same way
(``tests/storage/test_migrations.py`` checks).

Version 2 added fields to ``nominals`` (unique identifiers, age, ethnicity codes, emails and
handles) and ``events`` (recorded crimes and their investigating officer), and the kinds
``officers``, ``objects`` and ``relationships``. A field added after its kind carries the
contract version that added it (``since``): its column comes after the provenance columns, as
``ALTER TABLE ... ADD COLUMN`` left it. A version 1 file has none of them and ingests as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: version of the results export (``results.py``); the input contract has its own number
CONTRACT_VERSION = 1
INPUT_CONTRACT_VERSION = 2

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
    since: int = 0  # contract version that added the field to an existing kind (0: with it)

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
    since: int = 1  # contract version that added the kind

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
        """(column, type) of the kind's table, provenance columns included.

        Fields added to the kind later (``since``) follow the provenance columns, in the order
        their migrations added them.
        """
        cols: list[tuple[str, str]] = []
        original = [f for f in self.fields if not f.since]
        added = sorted((f for f in self.fields if f.since), key=lambda f: f.since)
        for f in original:
            cols += _columns_of(f)
        cols += [("attrs", "JSON"), ("_batch", "BIGINT"), ("_file", "BIGINT"), ("_row", "BIGINT")]
        for f in added:
            cols += _columns_of(f)
        return cols


def _columns_of(f: Field) -> list[tuple[str, str]]:
    cols = [(f.name, f.storage_type)]
    if f.type in KEEPS_RAW:
        cols.append((f"{f.name}_raw", "VARCHAR"))
    return cols


def F(name: str, type_: str = "string", required: bool = False, *values: str,
      max_length: int = 10_000, since: int = 0) -> Field:
    return Field(name, type_, required, tuple(values), max_length, since)


def V2(name: str, type_: str = "string", *values: str, max_length: int = 10_000) -> Field:
    """A field that contract version 2 added to a version 1 kind (always optional)."""
    return Field(name, type_, False, tuple(values), max_length, 2)


EVENT_TYPES = ("arrest", "stop_search", "missing_report", "found", "custody", "warrant",
               "seizure", "vehicle_stop", "referral", "asb_report", "welfare_check", "crime")
TEXT_MAX = 1_000_000

#: unique identifiers a nominal record may carry (kept as written; see ``types/identifiers``)
IDENTIFIER_FIELDS = ("pnc_id", "cro_number", "nhs_number", "ni_number", "passport_number",
                     "driving_licence")
#: self-defined ethnicity, the 18+1 census categories as police codes
ETHNICITY_SELF_DEFINED = ("A1", "A2", "A3", "A4", "A9", "B1", "B2", "B9", "M1", "M2", "M3", "M9",
                          "O2", "O9", "W1", "W2", "W3", "W9", "NS")
#: officer-observed ethnicity: the 5+1 codes and the older IC codes
ETHNICITY_OBSERVED = ("W", "A", "B", "M", "O", "NS", "IC1", "IC2", "IC3", "IC4", "IC5", "IC6",
                      "IC9", "IC0")
#: what a relationship end may be
ENTITY_TYPES = ("person", "phone", "vehicle", "address", "object", "organisation", "event",
                "email", "handle", "officer")
#: how a relationship end names its entity: a record id (default) or an identifier
REFERENCE_TYPES = ("record_id", *IDENTIFIER_FIELDS, "phone", "email", "handle", "vrm",
                   "address", "postcode")
#: relationship types; ``subtype`` refines them (family: parent, sibling, ...)
RELATIONSHIP_TYPES = (
    "knows", "family", "lives_with", "associate", "social_media", "phone_contact", "owns",
    "uses", "drives", "party_to", "suspect_in", "victim_in", "witness_to", "involved_in",
    "investigated_by", "current_address", "has_phone", "has_email", "has_handle", "employed_by",
    "other")
#: relationship types between people (the people graph)
PERSON_LINK_TYPES = ("knows", "family", "lives_with", "associate", "social_media",
                     "phone_contact")
#: relationship types that make a person a party to an event, and the role each gives
PARTY_TYPES = {"party_to": "party", "suspect_in": "suspect", "victim_in": "victim",
               "witness_to": "witness"}
_GRADING = (F("source_evaluation", "source_evaluation"),
            F("intelligence_assessment", "assessment"), F("handling_code", "handling"))

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
        *(V2(name, "id") for name in IDENTIFIER_FIELDS), V2("age", "int"),
        V2("ethnicity_self", "enum", *ETHNICITY_SELF_DEFINED),
        V2("ethnicity_observed", "enum", *ETHNICITY_OBSERVED), V2("emails", "list"),
        V2("handles", "list"),
    ), ("source_system", "record_id"), "Person records from police and partner systems.",
        "Person"),
    Kind("events", (
        F("source_system", "id", True), F("event_id", "id", True),
        F("event_type", "enum", True, *EVENT_TYPES), F("occurred_at", "datetime", True),
        F("record_id", "id"),
        F("role", "enum", False, "suspect", "victim", "witness", "subject", "reporter"),
        F("address"), F("postcode", "postcode"), F("lat", "lat"), F("lon", "lon"),
        F("offence"), F("outcome"), F("detail", "text", max_length=TEXT_MAX),
        V2("crime_reference", "id"), V2("offence_code", "id"), V2("offence_classification"),
        V2("crime_category"), V2("occurred_until", "datetime"),
        V2("investigating_officer", "id"),
    ), ("source_system", "event_id"), "Police and partner events, recorded crimes among them.",
        "PoliceEvent"),
    Kind("officers", (
        F("source_system", "id", True), F("officer_id", "id", True), F("badge_number", "id"),
        F("rank"), F("surname"), F("forenames"), F("unit"),
    ), ("source_system", "officer_id"), "Police officers (investigating officers of events).",
        "Officer", since=2),
    Kind("objects", (
        F("source_system", "id", True), F("object_id", "id", True),
        F("object_type", "enum", False, "vehicle", "phone", "weapon", "drug", "cash",
          "document", "evidence", "other"),
        F("description", "text"), F("vrm", "plate"), F("make"), F("model"), F("year", "int"),
        F("identifier", "id"),
    ), ("source_system", "object_id"), "Vehicles, evidence and other objects.", "Object",
        since=2),
    Kind("relationships", (
        F("source_system", "id", True), F("relationship_id", "id"),
        F("from_type", "enum", True, *ENTITY_TYPES), F("from_ref", "id", True),
        F("from_ref_type", "enum", False, *REFERENCE_TYPES),
        F("type", "enum", True, *RELATIONSHIP_TYPES), F("subtype"),
        F("to_type", "enum", True, *ENTITY_TYPES), F("to_ref", "id", True),
        F("to_ref_type", "enum", False, *REFERENCE_TYPES),
        F("first_seen", "datetime"), F("last_seen", "datetime"), F("source"), *_GRADING,
        F("detail", "text"),
    ), ("source_system", "relationship_id", "from_type", "from_ref", "type", "subtype",
        "to_type", "to_ref", "first_seen"),
        "Typed links between people, phones, vehicles, addresses, objects and events.",
        "Relationship", since=2),
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
        F("lon", "lon"), F("uprn", "id"), F("flags", "list"), V2("address_id", "id"),
    ), ("address", "postcode", "address_id"), "Address reference data.", "Address"),
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
                "subscriber": "subscribers", "calls": "cdr", "officer": "officers",
                "object": "objects", "relationship": "relationships", "links": "relationships"}


def resolve_kind(name: str) -> Kind | None:
    key = name.strip().lower()
    return KINDS.get(KIND_ALIASES.get(key, key))
