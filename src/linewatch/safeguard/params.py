"""Settings of the safeguarding stage: :class:`linewatch.settings.safeguard.SafeguardSettings`.

Every weight and threshold is a field of that model (listed in ``docs/settings.md``, grounded
in ``docs/safeguarding.md``); every run records the values it used. This module keeps the
groupings of the indicators, which are structure rather than settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linewatch.settings.safeguard import CuckooWeights, IndicatorWeights, SafeguardSettings

#: Indicators describing a vulnerable person; the others are signs of exploitation itself,
#: and a person is flagged only with at least one of those.
VULNERABILITY_CONTEXT = ("under_18", "missing_episodes", "multiple_handsets",
                         "safeguarding_referral", "child_in_care", "vulnerability_flags",
                         "child_related_to_offender", "known_to_partner_agencies")

#: cuckooed needs the score threshold AND at least one indicator of use by a line that is
#: specific to the address (not a supporting one) AND one of a vulnerable or distressed occupant
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
INDICATOR_WEIGHTS: dict[str, float] = IndicatorWeights().model_dump()
CUCKOO_WEIGHTS: dict[str, float] = CuckooWeights().model_dump()
DEFAULTS: dict[str, Any] = SafeguardSettings().model_dump()


def make_params(overrides: Mapping[str, Any] | SafeguardSettings | None = None
                ) -> dict[str, Any]:
    """Defaults with ``overrides`` applied and validated (weights merge by name)."""
    return SafeguardSettings.load(overrides).model_dump()
