"""Settings of the scoring stage, as plain data with documented defaults.

Forces weight recency, frequency and harm differently (RFG, RFH, MoRiLE) and do not publish
their weights, so every number here is configuration. ``docs/scoring.md`` explains each one.
"""

from __future__ import annotations

import copy
from typing import Any

from linewatch.errors import LinewatchError

#: weights of the combined priority (they need not sum to 1; the priority is their weighted
#: mean, so it stays in [0, 1])
DEFAULT_WEIGHTS: dict[str, float] = {
    "harm": 0.25, "recency": 0.05, "frequency": 0.05, "violence": 0.20, "role": 0.30,
    "disruption": 0.15,
}

DEFAULTS: dict[str, Any] = {
    "weights": DEFAULT_WEIGHTS,
    # path of a harm-weights YAML file; None = the shipped score/data/harm_weights.yaml
    "harm_weights": None,
    # recency half-life in days; None = the value in the harm-weights file (365)
    "half_life_days": None,
    # harm in days at which the harm component reaches 0.5 (harm / (harm + scale))
    "harm_scale_days": 547.5,
    # offences at which the frequency component reaches 1 - 1/e
    "frequency_scale": 3.0,
    # value of each line role (times the role's confidence)
    "role_weights": {"controller": 1.0, "runner": 0.5, "associate": 0.3,
                     "trap_occupant": 0.1, "customer": 0.05, "none": 0.0},
    # violence and weapons links: own link, co-offending with a violent person, phone contact
    "violence_own": 1.0,
    "violence_co_offender": 0.5,
    "violence_phone_contact": 0.5,
    "violence_min_contacts": 3,
    "co_offending_hours": 2.0,
    "violent_flags": ["violence", "weapons"],
    # phone attribution needed to treat a number as a person's
    "min_phone_confidence": 0.5,
    # target list: minimum priority, maximum length
    "min_priority": 0.15,
    "max_targets": 100,
    # the analysis reference date (ISO); None = latest event or call in the store
    "reference_date": None,
}


def make_params(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults with ``overrides`` applied; unknown names are an error, dicts merge by key."""
    params = copy.deepcopy(DEFAULTS)
    for key, value in (overrides or {}).items():
        if key not in params:
            raise LinewatchError(f"unknown scoring setting '{key}' "
                                 f"(known: {', '.join(sorted(params))})")
        if isinstance(params[key], dict):
            if not isinstance(value, dict):
                raise LinewatchError(f"scoring setting '{key}' must be a mapping")
            unknown = set(value) - set(params[key]) if key == "weights" else set()
            if unknown:
                raise LinewatchError(f"unknown priority components {sorted(unknown)}")
            params[key] = {**params[key], **{k: float(v) for k, v in value.items()}}
        else:
            params[key] = value
    if any(w < 0 for w in params["weights"].values()):
        raise LinewatchError("priority weights must not be negative")
    if sum(params["weights"].values()) <= 0:
        raise LinewatchError("at least one priority weight must be positive")
    return params
