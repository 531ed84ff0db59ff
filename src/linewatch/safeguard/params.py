"""Settings of the safeguarding stage: indicator weights and thresholds, all configuration.

The indicators come from the Home Office child criminal exploitation guidance and the NPCC's
cuckooing indicators (see ``docs/safeguarding.md``); the weights are transparent local choices,
documented there, and every run records the values it used.
"""

from __future__ import annotations

import copy
from typing import Any

from linewatch.errors import LinewatchError

#: weight of each exploitation indicator; the risk is the sum of the weights that fire, capped
#: at 1. Indicators in VULNERABILITY_CONTEXT describe a vulnerable person; the others are signs
#: of exploitation itself, and a person is flagged only with at least one of those.
INDICATOR_WEIGHTS: dict[str, float] = {
    "child_linked_to_line": 0.45,
    "runner_role": 0.30,
    "missing_episodes": 0.15,
    "found_far_from_home": 0.20,
    "cash_or_drugs_far_from_home": 0.20,
    "multiple_handsets": 0.10,
    "older_associates": 0.15,
    "safeguarding_referral": 0.10,
    "child_in_care": 0.10,
    "drugs_or_weapons_as_child": 0.10,
    "concerns_in_reports": 0.20,
    "under_18": 0.05,
    "vulnerability_flags": 0.20,
    "supply_offence_while_vulnerable": 0.20,
    "trap_occupant_role": 0.20,
    "resident_of_cuckooed_address": 0.40,
}
VULNERABILITY_CONTEXT = ("under_18", "missing_episodes", "multiple_handsets",
                         "safeguarding_referral", "child_in_care", "vulnerability_flags")

#: weight of each cuckooing indicator; cuckooed needs the score threshold AND at least one
#: indicator of use by a line that is specific to the address (not a supporting one) AND one of
#: a vulnerable or distressed occupant
CUCKOO_WEIGHTS: dict[str, float] = {
    "line_address": 0.35,
    "trap_occupant_resident": 0.25,
    "visitors_or_drug_activity": 0.25,
    "drugs_found_at_address": 0.15,
    "line_phones_dwell": 0.15,
    "night_surge": 0.10,
    "asb_reports": 0.10,
    "vulnerable_resident": 0.25,
    "vulnerable_occupant_flag": 0.20,
    "occupant_distress": 0.20,
    "welfare_checks": 0.15,
    # intelligence reports and tips placing line activity / a distressed occupant at the
    # address, times the grade factor of the reports (REPORT_GRADE_FACTORS, TIP_FACTOR)
    "reported_use": 0.30,
    "reported_occupant": 0.20,
}
USE_INDICATORS = ("line_address", "trap_occupant_resident", "visitors_or_drug_activity",
                  "drugs_found_at_address", "line_phones_dwell", "night_surge", "asb_reports",
                  "reported_use")
#: add to the score but cannot alone show use: a cell covers many homes, and an ASB report may
#: be about anything
SUPPORTING = ("line_phones_dwell", "night_surge", "asb_reports")
OCCUPANT_INDICATORS = ("vulnerable_resident", "vulnerable_occupant_flag", "occupant_distress",
                       "welfare_checks", "reported_occupant")
#: seen at the address itself by police or partners (not inferred from phones or residents)
OBSERVED_INDICATORS = ("welfare_checks", "asb_reports", "drugs_found_at_address",
                       "visitors_or_drug_activity", "occupant_distress",
                       "vulnerable_occupant_flag", "reported_use", "reported_occupant")
#: how much one intelligence report counts, by its 3x5x2 intelligence assessment (E never)
REPORT_GRADE_FACTORS: dict[str, float] = {"A": 1.0, "B": 0.9, "C": 0.5, "D": 0.2, "E": 0.0}

DEFAULTS: dict[str, Any] = {
    "indicator_weights": INDICATOR_WEIGHTS,
    "cuckoo_weights": CUCKOO_WEIGHTS,
    # a person is flagged when their risk reaches this AND they are a child, or an adult with a
    # vulnerability (flags, or living at a cuckooed address)
    "threshold": 0.5,
    "child_age": 18,
    # a person under child_age at any time in the analysis window (the data's span, at most
    # this many days before the reference date) is treated as a child
    "child_window_days": 365,
    "adult_needs_vulnerability": True,
    # "far": at least this many km apart (or different postcode areas without coordinates)
    "far_km": 20.0,
    # a found / arrest / stop event this many days after a missing report belongs to it
    "found_within_days": 14,
    "min_handsets": 3,
    "min_numbers": 2,
    "min_phones_seized": 2,
    "older_by_years": 5,
    "min_line_contacts": 2,
    # a child only in contact with a line (no runner role, no line phone of their own) scores
    # this share of the child_linked_to_line weight
    "contact_link_factor": 0.6,
    # concerns_in_reports counts its weight once per distinct sign named, up to this many
    "concerns_max_groups": 2,
    "min_phone_confidence": 0.5,
    # victim first under uncertain identity (safeguard/identity.py): a record pair scored at
    # least this by resolution (but not linked) may be one person; dates of birth up to this
    # many days apart (or the same day and month) do not contradict a shared phone
    "possible_match_min_probability": 0.5,
    "same_person_dob_days": 366,
    "vulnerability_flags": ["vulnerable_adult", "mental_health", "substance_misuse",
                            "learning_disability"],
    "care_flags": ["child_in_care", "looked_after_child", "care_leaver"],
    # cuckooing
    "cuckoo_threshold": 0.5,
    # cuckooed also needs something observed at the address (a welfare check, an ASB report, a
    # drug find, a note, an address flag), not only phone data and residents' flags
    "cuckoo_needs_observation": True,
    "occupant_flags": ["vulnerable_occupant", "vulnerable_adult", "vulnerable_resident",
                       "vulnerable"],
    "report_grade_factors": REPORT_GRADE_FACTORS,
    # an anonymous tip is an ungraded observation: it counts this much (below a B report)
    "tip_factor": 0.4,
    "cell_radius_km": 1.0,
    "dwell_min_days": 2,
    "night_hours": [22, 6],
    "surge_ratio": 2.0,
    "surge_min_numbers": 3.0,
    # free-text phrase groups (path of a YAML file; None = the shipped one)
    "phrases": None,
    "reference_date": None,
}


def make_params(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults with ``overrides`` applied; unknown names are an error, weights merge by key."""
    params = copy.deepcopy(DEFAULTS)
    for key, value in (overrides or {}).items():
        if key not in params:
            raise LinewatchError(f"unknown safeguarding setting '{key}' "
                                 f"(known: {', '.join(sorted(params))})")
        if isinstance(params[key], dict):
            if not isinstance(value, dict) or set(value) - set(params[key]):
                raise LinewatchError(f"safeguarding setting '{key}' takes a mapping of "
                                     f"{', '.join(sorted(params[key]))}")
            params[key] = {**params[key], **{k: float(v) for k, v in value.items()}}
        else:
            params[key] = value
    return params
