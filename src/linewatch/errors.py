"""One exception hierarchy for linewatch.

Every error a user can cause names what was wrong and where: the file, the row and the field
when there is one. The API maps these to 4xx responses; the CLI prints them on one line.
"""

from __future__ import annotations

from dataclasses import dataclass


class LinewatchError(Exception):
    """Base class of every error linewatch raises on purpose."""

    http_status: int = 400


@dataclass
class Location:
    """Where in the input a problem was found."""

    file: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class InputError(LinewatchError):
    """Input the user gave cannot be used: names the file, row and field."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 field: str | None = None) -> None:
        self.location = Location(file, row, field)
        self.reason = message
        where = str(self.location)
        super().__init__(f"{where}: {message}" if where else message)


class CleanError(LinewatchError, ValueError):
    """A single value could not be normalised by its type's ``clean()``."""


class ModelError(LinewatchError):
    """The entity model files are inconsistent."""


class StoreError(LinewatchError):
    """The store could not be opened, migrated or queried."""

    http_status = 500


class NotFound(LinewatchError):
    http_status = 404


class Forbidden(LinewatchError):
    http_status = 403
