"""Write the settings reference: ``python -m linewatch.settings.docs > docs/settings.md``.

Every setting of every stage with its type, default and description, generated from the
settings models so the reference cannot drift from the code (a test compares them).
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from linewatch.settings import STAGE_SETTINGS
from linewatch.settings.alerts import AlertSettings
from linewatch.settings.base import SettingsGroup

INTRO = """\
# Settings reference

Every threshold, weight and breakpoint of the analysis stages, generated from the settings
models in `src/linewatch/settings/` by `python -m linewatch.settings.docs > docs/settings.md`
(do not edit by hand). Override them per stage with `linewatch analyse --params file.json`
(`{"detect": {"threshold": 0.6}, "score": {"weights": {"harm": 0.4}}}`) or in Python with
`run(store, params={...})`. Values are checked before anything runs: an unknown name, a
fractional number for a whole-number setting, or a value outside its range is an error that
names the setting; `"true"` and `"false"` are read as booleans. A grouped setting (a mapping
such as `weights`) may be given in part: the names not given keep their defaults. Every
analysis run records the full settings it used in `analysis_runs.params`.

Why each default is what it is: `docs/detection.md`, `docs/scoring.md`,
`docs/safeguarding.md`, `docs/resolution.md` and `docs/text.md`.
"""


def type_name(annotation: Any) -> str:
    """A short readable name of a field's type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " or ".join("none" if a is type(None) else type_name(a) for a in args)
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in args)
    if origin in (list, tuple, dict):
        inner = ", ".join(type_name(a) for a in args if a is not Ellipsis)
        if origin is dict and len(args) == 2:
            return f"mapping of {type_name(args[0])} to {type_name(args[1])}"
        return f"{origin.__name__} of {inner}" if inner else origin.__name__
    if annotation is Any:
        return "any"
    if isinstance(annotation, type):
        return "group" if issubclass(annotation, SettingsGroup) else annotation.__name__
    return str(annotation)


def _range(info: FieldInfo) -> str:
    bounds = []
    for item in info.metadata:
        for attr, sign in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            value = getattr(item, attr, None)
            if value is not None:
                bounds.append(f"{sign} {value:g}" if isinstance(value, float) else
                              f"{sign} {value}")
    return ", ".join(bounds)


def _default(value: Any) -> str:
    if isinstance(value, SettingsGroup):
        return "see below"
    if value is None:
        return "none"
    return f"`{json.dumps(value)}`"


def _rows(model: type[BaseModel], prefix: str = "") -> list[str]:
    rows = []
    defaults = model()
    for name, info in model.model_fields.items():
        description = " ".join((info.description or "").split())
        bounds = _range(info)
        kind = type_name(info.annotation) + (f" ({bounds})" if bounds else "")
        default = getattr(defaults, name)
        rows.append(f"| `{prefix}{name}` | {kind} | {_default(default)} | "
                    f"{description.replace('|', '/')} |")
    return rows


def render() -> str:
    """The whole reference as Markdown."""
    parts = [INTRO]
    for stage, model in STAGE_SETTINGS.items():
        parts.append(f"## {stage}\n")
        parts.append(" ".join((model.__doc__ or "").split()) + "\n")
        parts.append("| setting | type | default | meaning |\n|---|---|---|---|")
        parts.append("\n".join(_rows(model)) + "\n")
        for name, info in model.model_fields.items():
            group = info.annotation
            if isinstance(group, type) and issubclass(group, SettingsGroup):
                parts.append(f"### {stage}: `{name}`\n")
                parts.append(" ".join((group.__doc__ or "").split()) + "\n")
                parts.append("| setting | type | default | meaning |\n|---|---|---|---|")
                parts.append("\n".join(_rows(group, f"{name}.")) + "\n")
    parts.append(ALERTS_INTRO)
    parts.append("| setting | type | default | meaning |\n|---|---|---|---|")
    parts.append("\n".join(_alert_rows()) + "\n")
    return "\n".join(parts)


ALERTS_INTRO = """## alerts (environment)

How watches raise alerts and where alerts go besides the app (see `docs/watchlists.md`).
These are not analysis settings: the server and the command line read them from
`LINEWATCH_ALERTS_*` environment variables. Both outside destinations are off by default.
"""


def _alert_rows() -> list[str]:
    rows = _rows(AlertSettings)
    out = []
    for row, name in zip(rows, AlertSettings.model_fields, strict=True):
        out.append(row.replace(f"`{name}`", f"`LINEWATCH_ALERTS_{name.upper()}`", 1))
    return out


def main() -> None:
    print(render(), end="")


if __name__ == "__main__":
    main()
