"""Settings of the scoring stage: :class:`linewatch.settings.score.ScoreSettings`.

Every weight and threshold is a field of that model (listed in ``docs/settings.md``, explained
in ``docs/scoring.md``). The stage's code reads the validated settings as a plain mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linewatch.settings.score import PriorityWeights, ScoreSettings

#: weights of the combined priority (they need not sum to 1; the priority is their weighted
#: mean, so it stays in [0, 1])
DEFAULT_WEIGHTS: dict[str, float] = PriorityWeights().model_dump()
DEFAULTS: dict[str, Any] = ScoreSettings().model_dump()


def make_params(overrides: Mapping[str, Any] | ScoreSettings | None = None) -> dict[str, Any]:
    """Defaults with ``overrides`` applied and validated (weights merge by name)."""
    return ScoreSettings.load(overrides).model_dump()
