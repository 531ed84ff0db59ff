"""The one settings mechanism every analysis stage uses: typed, validated, documented.

Each stage has a :class:`StageSettings` model (``settings/<stage>.py``) holding every
threshold and weight it uses, with a default and a description (the field's docstring).
:meth:`StageSettings.load` turns a mapping of overrides (from ``--params``, the CLI's options
or ``run(store, params={...})``) into a frozen model, strictly:

* an unknown name is an error that names it (``detect setting 'treshold' is unknown``);
* ``"true"`` / ``"false"`` (and 1 / 0) are read as booleans, never truthy strings;
* a whole number is required for an integer setting: ``12.7`` is an error, not 12;
* ranges are checked where they matter (weights >= 0, shares in [0, 1]).

This module imports no stage, so every stage may import it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from linewatch.errors import InputError


class SettingsError(InputError):
    """A setting given to a stage is unknown or has a value it cannot take."""


class SettingsGroup(BaseModel):
    """A named group of settings inside a stage's settings (e.g. the priority weights)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True,
                              use_attribute_docstrings=True)


class StageSettings(SettingsGroup):
    """Base of every stage's settings; ``stage`` names the stage in messages and docs."""

    stage: ClassVar[str] = "stage"

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | StageSettings | None = None) -> Self:
        """Defaults with ``overrides`` applied, validated; raises :class:`SettingsError`."""
        if isinstance(overrides, cls):
            return overrides
        if isinstance(overrides, StageSettings):
            overrides = overrides.as_dict()
        if overrides is not None and not isinstance(overrides, Mapping):
            raise SettingsError(f"{cls.stage} settings must be a mapping of names to values, "
                                f"not {type(overrides).__name__}", field=cls.stage)
        try:
            return cls.model_validate(dict(overrides or {}))
        except ValidationError as exc:
            raise settings_error(cls, exc) from None

    def as_dict(self) -> dict[str, Any]:
        """Every setting as plain JSON-able data (what a run records)."""
        return self.model_dump(mode="json")

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied and validated like any override."""
        return type(self).load({**self.as_dict(), **changes})


def settings_error(model: type[StageSettings], exc: ValidationError) -> SettingsError:
    """One message naming every setting that failed and why."""
    problems: list[str] = []
    first = ""
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or model.stage
        first = first or name
        if error["type"] == "extra_forbidden":
            known = _known(model, error["loc"][:-1])
            problems.append(f"{model.stage} setting '{name}' is unknown "
                            f"({_suggest(str(error['loc'][-1]), known)})")
        else:
            message = error["msg"]
            if not error["loc"]:
                problems.append(f"{model.stage} settings: {message}")
                continue
            problems.append(f"{model.stage} setting '{name}': {message}, "
                            f"not {error['input']!r}")
    return SettingsError("; ".join(problems), field=first or None)


def _suggest(name: str, known: list[str]) -> str:
    if len(known) <= 12:
        return f"known: {', '.join(known)}"
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return f"{hint}every setting is listed in docs/settings.md"


def _known(model: type[SettingsGroup], path: tuple[Any, ...]) -> list[str]:
    current: type[SettingsGroup] = model
    for part in path:
        annotation = current.model_fields[str(part)].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, SettingsGroup)):
            break
        current = annotation
    return sorted(current.model_fields)
