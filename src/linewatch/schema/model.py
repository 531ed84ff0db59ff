"""The POLE entity model, declared as data (one YAML file per type in ``schema/model/``).

The model loads and cross-checks itself at start-up and fails loudly: an unknown parent, an
unknown property type or a caption that names no property is a :class:`ModelError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from linewatch.errors import ModelError

PROPERTY_TYPES = frozenset({
    "id", "identifier", "name", "string", "text", "date", "datetime", "enum", "address",
    "postcode", "phone", "plate", "money", "number", "drug_class", "offence", "latitude",
    "longitude", "entity",
})
CATEGORIES = frozenset({"root", "person", "object", "location", "event"})


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    label: str
    required: bool = False
    multiple: bool = False
    values: tuple[str, ...] = ()
    range: str | None = None
    protected: bool = False


@dataclass
class EntityType:
    name: str
    category: str
    description: str
    abstract: bool = False
    extends: str | None = None
    caption: list[str] = field(default_factory=list)
    edge: dict[str, str] | None = None
    own_properties: dict[str, Property] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "category": self.category, "description": self.description,
            "abstract": self.abstract, "extends": self.extends, "caption": self.caption,
            "edge": self.edge,
            "properties": {
                p.name: {"type": p.type, "label": p.label, "required": p.required,
                         "multiple": p.multiple, "values": list(p.values), "range": p.range,
                         "protected": p.protected}
                for p in self.properties.values()
            },
        }


class Model:
    """All entity types, with inherited properties resolved."""

    def __init__(self, types: dict[str, EntityType]) -> None:
        self.types = types
        self._resolve()

    def __getitem__(self, name: str) -> EntityType:
        try:
            return self.types[name]
        except KeyError as exc:
            raise ModelError(f"unknown entity type '{name}'") from exc

    def _resolve(self) -> None:
        for etype in self.types.values():
            chain: list[EntityType] = []
            seen: set[str] = set()
            current: EntityType | None = etype
            while current is not None:
                if current.name in seen:
                    raise ModelError(f"entity type '{etype.name}' extends itself")
                seen.add(current.name)
                chain.append(current)
                if current.extends is None:
                    current = None
                elif current.extends not in self.types:
                    raise ModelError(f"'{current.name}' extends unknown type '{current.extends}'")
                else:
                    current = self.types[current.extends]
            props: dict[str, Property] = {}
            for ancestor in reversed(chain):
                props.update(ancestor.own_properties)
            etype.properties = props
        for etype in self.types.values():
            for cap in etype.caption:
                if cap not in etype.properties:
                    raise ModelError(f"caption '{cap}' of '{etype.name}' is not a property")
            for prop in etype.properties.values():
                if prop.range and prop.range not in self.types:
                    raise ModelError(f"'{etype.name}.{prop.name}' ranges over unknown '{prop.range}'")
            if etype.edge:
                for end in ("source", "target"):
                    if etype.edge.get(end) not in etype.properties:
                        raise ModelError(f"edge {end} of '{etype.name}' is not a property")

    def descendants(self, name: str) -> list[EntityType]:
        """Concrete types that are ``name`` or extend it."""
        found = []
        for etype in self.types.values():
            cursor: EntityType | None = etype
            while cursor is not None:
                if cursor.name == name:
                    if not etype.abstract:
                        found.append(etype)
                    break
                cursor = self.types.get(cursor.extends) if cursor.extends else None
        return found

    def protected_properties(self) -> set[str]:
        """Properties that are protected characteristics: never inputs to a score."""
        return {p.name for t in self.types.values() for p in t.properties.values() if p.protected}

    def to_dict(self) -> dict[str, Any]:
        return {name: etype.to_dict() for name, etype in sorted(self.types.items())}


def parse_type(spec: dict[str, Any], source: str) -> EntityType:
    """Build one :class:`EntityType` from its YAML mapping, checking every field."""
    for key in ("name", "category", "description"):
        if key not in spec:
            raise ModelError(f"{source}: missing '{key}'")
    if spec["category"] not in CATEGORIES:
        raise ModelError(f"{source}: unknown category '{spec['category']}'")
    unknown = set(spec) - {"name", "category", "description", "abstract", "extends", "caption",
                           "edge", "properties"}
    if unknown:
        raise ModelError(f"{source}: unknown keys {sorted(unknown)}")
    props: dict[str, Property] = {}
    for pname, pspec in (spec.get("properties") or {}).items():
        ptype = pspec.get("type")
        if ptype not in PROPERTY_TYPES:
            raise ModelError(f"{source}: property '{pname}' has unknown type '{ptype}'")
        if ptype == "enum" and not pspec.get("values"):
            raise ModelError(f"{source}: enum property '{pname}' lists no values")
        props[pname] = Property(
            name=pname, type=ptype, label=pspec.get("label", pname.replace("_", " ").capitalize()),
            required=bool(pspec.get("required", False)), multiple=bool(pspec.get("multiple", False)),
            values=tuple(str(v) for v in pspec.get("values", [])), range=pspec.get("range"),
            protected=bool(pspec.get("protected", False)),
        )
    return EntityType(
        name=spec["name"], category=spec["category"], description=spec["description"],
        abstract=bool(spec.get("abstract", False)), extends=spec.get("extends"),
        caption=list(spec.get("caption", [])), edge=spec.get("edge"), own_properties=props,
    )


@lru_cache(maxsize=1)
def load_model() -> Model:
    """Load and validate the shipped model (cached)."""
    types: dict[str, EntityType] = {}
    folder = resources.files("linewatch.schema") / "model"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        spec = yaml.safe_load(entry.read_text(encoding="utf-8"))
        etype = parse_type(spec, entry.name)
        if etype.name in types:
            raise ModelError(f"{entry.name}: type '{etype.name}' declared twice")
        types[etype.name] = etype
    return Model(types)
