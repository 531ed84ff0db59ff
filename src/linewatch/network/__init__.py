"""Graph analytics over contacts: communities, centrality, paths and disruption (key players)."""

from linewatch.network.disruption import fragmentation, key_players
from linewatch.network.linegraph import line_graph, what_if
from linewatch.network.paths import shortest_path, time_ordered_path

__all__ = ["fragmentation", "key_players", "line_graph", "shortest_path", "time_ordered_path",
           "what_if"]
