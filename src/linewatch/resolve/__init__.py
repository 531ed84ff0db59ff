"""Entity resolution: resolved persons from nominal records, and phones grouped into lines.

Public API::

    run(store, *, params=None, progress=None, db_api=None) -> dict       # the stage
    explain_pair(store, (sys_a, id_a), (sys_b, id_b)) -> dict
    explain_person(store, person_id) -> dict
    add_override(store, "merge" | "split", [(sys, id), ...], user=..., reason=...) -> str
    undo_override(store, override_id, user=None)
    list_overrides(store) -> list[dict]
    apply_overrides_now(store) -> dict                                   # rebuild persons
    build_settings(sql_dialect="duckdb", params=None) -> dict            # Splink settings

See ``docs/resolution.md``.
"""

from linewatch.resolve.explain import explain_pair, explain_person
from linewatch.resolve.linkage import link
from linewatch.resolve.model import build_settings
from linewatch.resolve.overrides import add_override, list_overrides, parse_record, undo_override
from linewatch.resolve.pipeline import DEFAULTS, apply_overrides_now, run

__all__ = [
    "DEFAULTS",
    "add_override",
    "apply_overrides_now",
    "build_settings",
    "explain_pair",
    "explain_person",
    "link",
    "list_overrides",
    "parse_record",
    "run",
    "undo_override",
]
