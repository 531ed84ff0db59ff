"""Settings of the safeguarding stage: indicator weights and thresholds, all configuration.

The indicators come from the Home Office child criminal exploitation guidance and the NPCC's
cuckooing indicators (see ``docs/safeguarding.md``); the weights are transparent local
choices, documented there.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from linewatch.settings.base import SettingsGroup, StageSettings


class IndicatorWeights(SettingsGroup):
    """Weight of each exploitation indicator; the risk is the sum of those that fire, at most
    1. A person is flagged only with at least one sign of exploitation itself (not only of
    vulnerability)."""

    child_linked_to_line: float = Field(default=0.45, ge=0)
    """A child in a line's network."""
    runner_role: float = Field(default=0.30, ge=0)
    """Holds a runner phone."""
    missing_episodes: float = Field(default=0.15, ge=0)
    """Reported missing (vulnerability)."""
    found_far_from_home: float = Field(default=0.20, ge=0)
    """Found far from home after a missing report."""
    cash_or_drugs_far_from_home: float = Field(default=0.20, ge=0)
    """Found with cash or drugs far from home."""
    multiple_handsets: float = Field(default=0.10, ge=0)
    """Several handsets or numbers (vulnerability)."""
    older_associates: float = Field(default=0.15, ge=0)
    """In contact with markedly older line members."""
    safeguarding_referral: float = Field(default=0.10, ge=0)
    """An earlier safeguarding referral (vulnerability)."""
    child_in_care: float = Field(default=0.10, ge=0)
    """A child in care (vulnerability)."""
    drugs_or_weapons_as_child: float = Field(default=0.10, ge=0)
    """Drugs or weapons offences as a child."""
    concerns_in_reports: float = Field(default=0.20, ge=0)
    """Signs of exploitation named in free-text reports (per sign, see concerns_max_groups)."""
    under_18: float = Field(default=0.05, ge=0)
    """Under 18 (vulnerability)."""
    vulnerability_flags: float = Field(default=0.20, ge=0)
    """A vulnerability warning flag (vulnerability)."""
    supply_offence_while_vulnerable: float = Field(default=0.20, ge=0)
    """A supply offence while vulnerable."""
    trap_occupant_role: float = Field(default=0.20, ge=0)
    """Occupies a line's trap address."""
    resident_of_cuckooed_address: float = Field(default=0.40, ge=0)
    """Lives at an address found cuckooed."""
    child_related_to_offender: float = Field(default=0.10, ge=0)
    """A child who lives with, or is family of, a supply or violence offender, by a recorded
    relationship (vulnerability)."""
    street_name_as_child: float = Field(default=0.25, ge=0)
    """A child whose police or partner records give a street name (a nickname: one of the
    Home Office signs of criminal exploitation)."""
    known_to_partner_agencies: float = Field(default=0.10, ge=0)
    """A child with a record in a partner agency's system (youth justice, children's social
    care: see partner_agency_systems), per agency up to partner_agency_max (vulnerability)."""


class CuckooWeights(SettingsGroup):
    """Weight of each cuckooing indicator of an address."""

    line_address: float = Field(default=0.35, ge=0)
    """A line's trap address."""
    trap_occupant_resident: float = Field(default=0.25, ge=0)
    """A trap phone's owner lives there."""
    visitors_or_drug_activity: float = Field(default=0.25, ge=0)
    """Reports of visitors or drug activity."""
    drugs_found_at_address: float = Field(default=0.15, ge=0)
    """Drugs found there."""
    line_phones_dwell: float = Field(default=0.15, ge=0)
    """Line phones dwell at its cell (supporting only)."""
    night_surge: float = Field(default=0.10, ge=0)
    """A night-time surge of numbers at its cell (supporting only)."""
    asb_reports: float = Field(default=0.10, ge=0)
    """Anti-social behaviour reports (supporting only)."""
    vulnerable_resident: float = Field(default=0.25, ge=0)
    """A vulnerable resident."""
    vulnerable_occupant_flag: float = Field(default=0.20, ge=0)
    """An address flag for a vulnerable occupant."""
    occupant_distress: float = Field(default=0.20, ge=0)
    """Signs of the occupant's distress."""
    welfare_checks: float = Field(default=0.15, ge=0)
    """Welfare checks at the address."""
    reported_use: float = Field(default=0.30, ge=0)
    """Intelligence reports or tips placing line activity at the address (times the reports'
    grade factors)."""
    reported_occupant: float = Field(default=0.20, ge=0)
    """Intelligence reports or tips describing a frightened or unwell occupant (times the
    reports' grade factors)."""


class ReportGradeFactors(SettingsGroup):
    """How much one intelligence report counts, by its 3x5x2 intelligence assessment."""

    A: float = Field(default=1.0, ge=0, le=1)
    """Known directly to the source."""
    B: float = Field(default=0.9, ge=0, le=1)
    """Known indirectly but corroborated."""
    C: float = Field(default=0.5, ge=0, le=1)
    """Known indirectly."""
    D: float = Field(default=0.2, ge=0, le=1)
    """Not known."""
    E: float = Field(default=0.0, ge=0, le=0)
    """Suspected to be false: never counts."""


class SafeguardSettings(StageSettings):
    """Every weight and threshold of exploitation risk and cuckooing."""

    stage: ClassVar[str] = "safeguard"

    indicator_weights: IndicatorWeights = IndicatorWeights()
    """Exploitation indicator weights (a partial mapping changes only the names given)."""
    cuckoo_weights: CuckooWeights = CuckooWeights()
    """Cuckooing indicator weights (a partial mapping changes only the names given)."""
    threshold: float = Field(default=0.5, ge=0, le=1)
    """A person is flagged when their risk reaches this and they are a child, or an adult
    with a vulnerability."""
    child_age: int = Field(default=18, ge=1)
    """Under this age is a child."""
    child_age_margin_years: int = Field(default=1, ge=0)
    """A person recorded as under child_age plus this many years at the start of the analysis
    window is held back from the target list for review as a possible child, though neither
    flagged nor counted as a child: a recorded date of birth is often a year out."""
    child_window_days: int = Field(default=365, ge=0)
    """A person under child_age at any time in the analysis window (the data's span, at most
    this many days before the reference date) is treated as a child."""
    adult_needs_vulnerability: bool = True
    """Adults are flagged only with a vulnerability (flags, or living at a cuckooed
    address)."""
    unknown_age_as_possible_child: bool = True
    """A person with no date of birth on any record is not assumed an adult: with signs of
    exploitation reaching the threshold they are flagged as possibly a child."""
    far_km: float = Field(default=20.0, gt=0)
    """'Far from home': at least this many km (or another postcode area without
    coordinates)."""
    found_within_days: int = Field(default=14, ge=0)
    """A found / arrest / stop event this many days after a missing report belongs to it."""
    min_handsets: int = Field(default=3, ge=1)
    """Multiple handsets: at least this many handsets ..."""
    min_numbers: int = Field(default=2, ge=1)
    """... or this many numbers attributed to the person ..."""
    min_phones_seized: int = Field(default=2, ge=1)
    """... or this many phones seized from them."""
    contact_signs_min_age: int = Field(default=10, ge=0)
    """A child younger than this is not taken to be exploited by a line on contact alone
    (child_linked_to_line by contact, older_associates): the adults a young child's phone
    reaches are mostly family. Working for the line (a runner role or phone) still counts at
    any age. 10 is the age of criminal responsibility in England and Wales."""
    older_by_years: int = Field(default=5, ge=0)
    """Older associates: line members at least this many years older."""
    min_line_contacts: int = Field(default=2, ge=1)
    """A child is linked to a line by contact with at least this many line phones."""
    contact_link_factor: float = Field(default=0.6, ge=0, le=1)
    """A child only in contact with a line scores this share of child_linked_to_line."""
    concerns_max_groups: int = Field(default=2, ge=0)
    """concerns_in_reports counts once per distinct sign named, up to this many."""
    min_phone_confidence: float = Field(default=0.5, ge=0, le=1)
    """Phone attribution needed to treat a number as a person's."""
    vulnerability_flags: list[str] = ["vulnerable_adult", "mental_health",
                                      "substance_misuse", "learning_disability"]
    """Warning flags that show a vulnerability."""
    care_flags: list[str] = ["child_in_care", "looked_after_child", "care_leaver"]
    """Warning flags that show a child in care."""
    partner_agency_systems: list[str] = ["social_care", "childrens_social_care",
                                         "childrens_services", "youth_justice",
                                         "youth_offending", "yot", "yos", "early_help"]
    """Source systems (lower case, words joined by _) of agencies that record a child because
    of a concern: a record there makes known_to_partner_agencies fire. Schools' systems are
    left out: every child has one."""
    partner_agency_max: int = Field(default=2, ge=0)
    """known_to_partner_agencies counts at most this many agencies."""
    offender_relationship_types: list[str] = ["lives_with", "family"]
    """Relationships that make child_related_to_offender fire."""
    cuckoo_threshold: float = Field(default=0.5, ge=0, le=1)
    """An address is cuckooed from this score (with a use and an occupant indicator)."""
    cuckoo_needs_observation: bool = True
    """Cuckooed also needs something observed at the address, not only phone data and
    residents' flags."""
    occupant_flags: list[str] = ["vulnerable_occupant", "vulnerable_adult",
                                 "vulnerable_resident", "vulnerable"]
    """Address flags that show a vulnerable occupant."""
    report_grade_factors: ReportGradeFactors = ReportGradeFactors()
    """How much one intelligence report about an address counts, by its assessment letter."""
    tip_factor: float = Field(default=0.4, ge=0, le=1)
    """An anonymous tip is an ungraded observation: it counts this much (below a B report)."""
    possible_match_min_probability: float = Field(default=0.5, ge=0, le=1)
    """Victim first under uncertain identity: a record pair scored at least this by
    resolution (but not linked) may be one person."""
    same_person_dob_days: int = Field(default=366, ge=0)
    """Dates of birth up to this many days apart (or the same day and month) do not
    contradict a shared phone between a flagged child and another person."""
    cell_radius_km: float = Field(default=1.0, gt=0)
    """Cells within this distance of an address stand for it."""
    dwell_min_days: int = Field(default=2, ge=1)
    """Line phones dwell at a cell on at least this many days."""
    night_hours: list[int] = Field(default=[22, 6], min_length=2, max_length=2)
    """Night for the surge test: from the first hour to the second (local time)."""
    surge_ratio: float = Field(default=2.0, gt=0)
    """Night surge: night numbers at least this many times the usual ..."""
    surge_min_numbers: float = Field(default=3.0, ge=0)
    """... and at least this many."""
    phrases: str | None = None
    """Path of a free-text phrase-groups YAML file; none = the shipped one."""
    reference_date: str | None = None
    """The analysis reference date (ISO); none = the latest event or call in the store."""
