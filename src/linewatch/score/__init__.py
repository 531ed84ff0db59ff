"""Offender priority: harm (Cambridge Crime Harm Index style), recency, frequency, violence
and weapons links, line role and disruption value, combined with configurable weights.

No protected characteristic is ever an input (see ``docs/scoring.md``). The target list
leaves out everyone flagged for safeguarding unless a supervisor overrode that (victim first).
"""

from linewatch.people.targets import read_target_list, write_target_list
from linewatch.score.harm import HarmWeights, OffenceWeight, decay, load_harm_weights
from linewatch.score.network import fragmentation_contributions
from linewatch.score.params import DEFAULT_WEIGHTS, make_params
from linewatch.score.run import run, score_persons

__all__ = [
    "DEFAULT_WEIGHTS", "HarmWeights", "OffenceWeight", "decay",
    "fragmentation_contributions", "load_harm_weights", "make_params", "read_target_list",
    "run", "score_persons", "write_target_list",
]
