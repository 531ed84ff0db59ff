"""County-lines scenario simulator with ground truth.

``simulate(out_dir, ...)`` writes ``out_dir/data/`` (an input bundle per the contract) and
``out_dir/truth/`` (what really happened). See ``docs/simulator.md``.
"""

from linewatch.simulate.config import SCALES, ScenarioConfig, make_config
from linewatch.simulate.regions import REGIONS
from linewatch.simulate.scenario import ScenarioSummary, simulate, simulate_config

__all__ = ["REGIONS", "SCALES", "ScenarioConfig", "ScenarioSummary", "make_config", "simulate",
           "simulate_config"]
