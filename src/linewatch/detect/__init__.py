"""Deal-line detection: features, an explainable score, lines, roles, networks and disruption.

``run(store)`` is the stage entry point; the path and what-if functions live in
:mod:`linewatch.network` and are re-exported here.
"""

from linewatch.detect.params import DetectParams, make_params
from linewatch.detect.score import weights_table
from linewatch.detect.stage import run
from linewatch.network import fragmentation, shortest_path, time_ordered_path, what_if

__all__ = ["DetectParams", "fragmentation", "make_params", "run", "shortest_path",
           "time_ordered_path", "weights_table", "what_if"]
