"""Typed settings of every analysis stage, in one mechanism (:mod:`linewatch.settings.base`).

``STAGE_SETTINGS`` maps each stage to its model; :func:`load_stage` validates one stage's
overrides, :func:`load_all` a whole ``--params`` file (``{"detect": {...}, ...}``) before any
stage runs. ``python -m linewatch.settings.docs > docs/settings.md`` writes the reference.
This package imports no stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linewatch.settings.base import SettingsError, SettingsGroup, StageSettings
from linewatch.settings.detect import DetectSettings
from linewatch.settings.resolve import ResolveSettings
from linewatch.settings.safeguard import SafeguardSettings
from linewatch.settings.score import ScoreSettings
from linewatch.settings.text import TextSettings

#: each pipeline stage's settings model, in pipeline order
STAGE_SETTINGS: dict[str, type[StageSettings]] = {
    "resolve": ResolveSettings, "text": TextSettings, "detect": DetectSettings,
    "score": ScoreSettings, "safeguard": SafeguardSettings,
}


def load_stage(stage: str, overrides: Mapping[str, Any] | None = None) -> StageSettings:
    """The validated settings of ``stage`` with ``overrides`` applied."""
    if stage not in STAGE_SETTINGS:
        raise SettingsError(f"unknown stage '{stage}' in settings "
                            f"(stages: {', '.join(STAGE_SETTINGS)})", field=stage)
    return STAGE_SETTINGS[stage].load(overrides)


def load_all(params: Mapping[str, Any] | None) -> dict[str, StageSettings]:
    """Every stage's validated settings from a mapping of stage -> overrides."""
    if params is not None and not isinstance(params, Mapping):
        raise SettingsError("settings must map stage names to their settings, e.g. "
                            '{"detect": {"threshold": 0.6}}')
    given = dict(params or {})
    unknown = sorted(set(given) - set(STAGE_SETTINGS))
    if unknown:
        raise SettingsError(f"unknown stage(s) {', '.join(unknown)} in settings "
                            f"(stages: {', '.join(STAGE_SETTINGS)})", field=unknown[0])
    return {stage: load_stage(stage, given.get(stage)) for stage in STAGE_SETTINGS}


__all__ = ["STAGE_SETTINGS", "DetectSettings", "ResolveSettings", "SafeguardSettings",
           "ScoreSettings", "SettingsError", "SettingsGroup", "StageSettings", "TextSettings",
           "load_all", "load_stage"]
