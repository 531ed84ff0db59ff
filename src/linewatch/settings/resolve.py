"""Settings of the resolve stage: person linkage (Splink), handsets and SIMs, line continuity.

Continuity settings carry the prefix ``continuity_`` and handset settings ``handset_``; the
stage hands each step its own group without the prefix. ``docs/resolution.md`` explains them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from linewatch.settings.base import StageSettings


class ResolveSettings(StageSettings):
    """Every threshold and weight of entity resolution."""

    stage: ClassVar[str] = "resolve"

    threshold: float = Field(default=0.9, gt=0, lt=1)
    """Match probability at which two person records are linked."""
    keep_pairs_min_probability: float = Field(default=0.2, ge=0, le=1)
    """Scored pairs below this probability are not kept."""
    min_records_for_training: int = Field(default=50, ge=0)
    """Fewer records than this: the prior model is used without training."""
    em_min_pairs: int = Field(default=100, ge=0)
    """An EM training pass needs at least this many pairs."""
    u_max_pairs: float = Field(default=2e6, gt=0)
    """Random pairs sampled to estimate u probabilities."""
    em_max_pairs: float = Field(default=2e6, gt=0)
    """An EM pass with more pairs than this samples them."""
    u_prior_pairs: float = Field(default=2000, ge=0)
    """Weight (in pairs) of the prior u probabilities against the sampled ones."""
    deterministic_recall: float = Field(default=0.7, gt=0, le=1)
    """Assumed recall of the deterministic rule that estimates the share of matching pairs."""
    seed: int = 42
    """Seed of u sampling."""
    min_probability_floor: float = Field(default=1e-5, ge=0, lt=1)
    """Floor of every trained m and u probability."""
    jaro_winkler_high: float = Field(default=0.92, ge=0, le=1)
    """Forename comparison: the upper Jaro-Winkler level."""
    jaro_winkler_low: float = Field(default=0.85, ge=0, le=1)
    """Forename comparison: the lower Jaro-Winkler level."""
    term_frequency: bool = True
    """Adjust exact-match weights for how common a value is."""
    em_convergence: float = Field(default=0.0001, gt=0)
    """EM stops when no parameter changes by more than this."""
    em_max_iterations: int = Field(default=25, ge=1)
    """EM stops after this many iterations."""
    name_variants: str | None = None
    """Path of a name-variants CSV (canonical, variants); none = the shipped one."""
    extra_blocking_rules: list[str | dict[str, Any]] = []
    """Further Splink blocking rules for predictions (SQL, or Splink's rule mappings)."""
    handset_max_numbers_per_identifier: int = Field(default=25, ge=1)
    """A handset or SIM used with more numbers than this is a placeholder, not linked."""
    handset_events_scale: float = Field(default=2.0, gt=0)
    """Events together at which a shared-handset link reaches confidence 1 - 1/e."""
    continuity_min_contacts: int = Field(default=4, ge=1)
    """Line continuity: both numbers need at least this many distinct contacts."""
    continuity_window_days: float = Field(default=14, gt=0)
    """Line continuity: the old number's contacts in its last, and the new one's in its first,
    this many days are compared."""
    continuity_max_gap_days: float = Field(default=10, ge=0)
    """Line continuity: the old number's last event at most this many days before the new
    one's first ..."""
    continuity_max_overlap_days: float = Field(default=3, ge=0)
    """... or at most this many days before."""
    continuity_max_overlap_share: float = Field(default=0.8, ge=0, le=1)
    """Line continuity: when the two overlap, the overlap is at most this share of the old
    number's life (a number in use beside it for most of its life is another phone of the
    same business, such as a runner's, not its successor)."""
    continuity_min_days_after: float = Field(default=0.25, ge=0)
    """Line continuity: the new number is still active this many days after the old one's
    last event."""
    continuity_min_expected_silence: float = Field(default=3.0, ge=0)
    """Line continuity: at its usual rate the old number would have made at least this many
    events between its last one and the end of the data (it stopped)."""
    continuity_min_shared: int = Field(default=3, ge=1)
    """Line continuity: the fewest contacts the two numbers share."""
    continuity_broadcast_days: float = Field(default=3, ge=0)
    """Line continuity: a broadcast from the new number to the old one's contacts within this
    many days of its start counts."""
    continuity_min_overlap: float = Field(default=0.3, ge=0, le=1)
    """Line continuity: the least overlap coefficient (shared / smaller set) of the two
    numbers' contacts."""
    continuity_max_contact_fanout: int = Field(default=50, ge=1)
    """Line continuity: contacts seen with more eligible numbers than this (switchboards, bulk
    services) are not used to find candidates."""
    continuity_min_confidence: float = Field(default=0.5, ge=0, le=1)
    """Line continuity: only mutual best pairs at or above this confidence are kept."""
    continuity_w_bias: float = -4.0
    """Continuity confidence (logistic): the bias."""
    continuity_w_old_coverage: float = Field(default=4.0, ge=0)
    """Continuity confidence: weight of the old number's contacts carried over."""
    continuity_w_new_coverage: float = Field(default=3.0, ge=0)
    """Continuity confidence: weight of the new number's contacts that were the old's."""
    continuity_w_broadcast: float = Field(default=2.5, ge=0)
    """Continuity confidence: weight of a broadcast announcing the new number."""
    continuity_w_timing: float = Field(default=1.0, ge=0)
    """Continuity confidence: weight of a clean hand-over in time."""
    continuity_w_shared_handset: float = Field(default=1.5, ge=0)
    """Continuity confidence: weight of a handset shared by the two numbers."""
