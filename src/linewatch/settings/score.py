"""Settings of the scoring stage (high-harm offender priority).

Forces weight recency, frequency and harm differently (RFG, RFH, MoRiLE) and do not publish
their weights, so every number here is configuration; ``docs/scoring.md`` explains each one.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, model_validator

from linewatch.settings.base import SettingsGroup, StageSettings


class PriorityWeights(SettingsGroup):
    """Weights of the combined priority; it is their weighted mean, so it stays in [0, 1]."""

    harm: float = Field(default=0.25, ge=0)
    """Weight of the harm of a person's offences."""
    recency: float = Field(default=0.05, ge=0)
    """Weight of how recent their offending is."""
    frequency: float = Field(default=0.05, ge=0)
    """Weight of how often they offend."""
    violence: float = Field(default=0.20, ge=0)
    """Weight of violence and weapons links."""
    role: float = Field(default=0.30, ge=0)
    """Weight of their role in a line."""
    disruption: float = Field(default=0.15, ge=0)
    """Weight of how much removing them fragments a line's network."""

    @model_validator(mode="after")
    def _some_positive(self) -> Self:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one priority weight must be positive")
        return self


class RoleWeights(SettingsGroup):
    """Value of each line role (times the role's confidence)."""

    controller: float = Field(default=1.0, ge=0)
    """Value of the controller role."""
    runner: float = Field(default=0.5, ge=0)
    """Value of the runner role."""
    associate: float = Field(default=0.3, ge=0)
    """Value of an associate of a line."""
    trap_occupant: float = Field(default=0.1, ge=0)
    """Value of a trap occupant."""
    customer: float = Field(default=0.05, ge=0)
    """Value of a customer."""
    none: float = Field(default=0.0, ge=0)
    """Value of no role."""


class ScoreSettings(StageSettings):
    """Every weight and threshold of the priority score and the target list."""

    stage: ClassVar[str] = "score"

    weights: PriorityWeights = PriorityWeights()
    """Weights of the combined priority (a partial mapping changes only the names given)."""
    harm_weights: str | None = None
    """Path of a harm-weights YAML file; none = the shipped score/data/harm_weights.yaml."""
    half_life_days: float | None = Field(default=None, gt=0)
    """Recency half-life in days; none = the value in the harm-weights file (365)."""
    harm_scale_days: float = Field(default=547.5, gt=0)
    """Harm (in days) at which the harm component reaches 0.5: harm / (harm + scale)."""
    frequency_scale: float = Field(default=3.0, gt=0)
    """Offences at which the frequency component reaches 1 - 1/e."""
    role_weights: RoleWeights = RoleWeights()
    """Value of each line role (a partial mapping changes only the roles given)."""
    violence_own: float = Field(default=1.0, ge=0, le=1)
    """Violence component for a person's own violence or weapons link."""
    violence_co_offender: float = Field(default=0.5, ge=0, le=1)
    """Violence component for co-offending with a violent person."""
    violence_phone_contact: float = Field(default=0.5, ge=0, le=1)
    """Violence component for phone contact with violent people ..."""
    violence_min_contacts: int = Field(default=3, ge=1)
    """... with at least this many of them."""
    co_offending_hours: float = Field(default=2.0, ge=0)
    """Offences within this many hours at one place are co-offending."""
    association_max: float = Field(default=0.05, ge=0, le=0.2)
    """Association (links to violence): the most recorded relationships with violent people
    add to a priority; outside the weighted mean, and never enough for the target list."""
    association_scale: float = Field(default=2.0, gt=0)
    """Violent people related at which the association component reaches 1 - 1/e."""
    association_types: list[str] = ["family", "lives_with", "associate", "knows",
                                    "phone_contact"]
    """Relationship types association counts (social media contact is left out)."""
    violent_flags: list[str] = ["violence", "weapons"]
    """Warning flags that mark a person as violent."""
    min_phone_confidence: float = Field(default=0.5, ge=0, le=1)
    """Phone attribution needed to treat a number as a person's."""
    min_priority: float = Field(default=0.15, ge=0, le=1)
    """Target list: the lowest priority listed."""
    max_targets: int = Field(default=100, ge=1)
    """Target list: the longest list."""
    reference_date: str | None = None
    """The analysis reference date (ISO); none = the latest event or call in the store."""
