"""Settings of the detection stage: :class:`linewatch.settings.detect.DetectSettings`.

Every threshold, weight and breakpoint the feature pipeline, the score and the role rules use
is a field of that model, so a force can change it (``linewatch.detect.run(store,
params={...})``) and each run records exactly what it used. ``docs/settings.md`` lists them;
the reasoning behind the defaults is in ``docs/detection.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linewatch.settings.detect import DetectSettings

#: the detection settings model (the name the stage has always used)
DetectParams = DetectSettings


def make_params(overrides: Mapping[str, Any] | DetectSettings | None = None) -> DetectSettings:
    """Defaults with ``overrides`` applied; unknown names and wrong types are an error."""
    return DetectSettings.load(overrides)
