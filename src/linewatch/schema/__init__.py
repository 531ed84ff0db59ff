"""The data model (POLE entity types as data) and the property types that clean values."""

from linewatch.schema.model import EntityType, Model, Property, load_model

__all__ = ["EntityType", "Model", "Property", "load_model"]
