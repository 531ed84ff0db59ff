"""Property types: each owns the cleaning and validation of one kind of value.

Every type module exposes ``clean(value) -> normalised`` that raises
:class:`linewatch.errors.CleanError` with a readable reason when the value cannot be used.
"""

from linewatch.schema.types import (
    dates,
    drugs,
    grading,
    money,
    phone,
    plate,
    postcode,
)

__all__ = ["dates", "drugs", "grading", "money", "phone", "plate", "postcode"]
