"""Family B: a second, independently written county-lines world generator.

Same input contract (``data/``) and truth format (``truth/``) as the main simulator, different
mechanics: places drawn from the gazetteer per seed, parameters drawn per world over wide
ranges. See docs/simulator.md, section "Family B".
"""

from linewatch.simulate.family_b.params import PARAMETER_RANGES, SCALES, draw_params
from linewatch.simulate.family_b.world import FamilyBSummary, simulate_family_b

__all__ = ["PARAMETER_RANGES", "SCALES", "FamilyBSummary", "draw_params", "simulate_family_b"]
