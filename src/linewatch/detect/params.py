"""Settings of the detection stage, as plain data with documented defaults.

Every threshold the feature pipeline, the score and the role rules use lives here so that a
force can change it (``linewatch.detect.run(store, params={...})``) and so that each run
records exactly what it used. The reasoning behind each default is in ``docs/detection.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from linewatch.errors import LinewatchError


@dataclass(frozen=True)
class DetectParams:
    """Thresholds of the detection stage (see ``docs/detection.md`` for their grounding)."""

    # broadcast bursts ("flares"): a run of outgoing texts whose consecutive gaps are at most
    # burst_gap_s seconds, reaching at least burst_min_recipients distinct numbers
    burst_gap_s: int = 60
    burst_min_recipients: int = 10
    # local (Europe/London) night, in hours [night_start, 24) + [0, night_end)
    night_start: int = 0
    night_end: int = 6
    # office hours on weekdays, local time [office_start, office_end)
    office_start: int = 8
    office_end: int = 18
    # a contact who initiates on at least this many distinct days is a repeat orderer
    repeat_days: int = 2
    # cells within this radius of a denser cell's centre form one area (km)
    area_radius_km: float = 5.0
    # the score: a number is a deal line when its score reaches this threshold
    threshold: float = 0.5
    # numbers whose contact structure (star shape) is computed: at least this many contacts,
    # and a broadcast or at least this many contacts who initiate
    star_min_contacts: int = 8
    star_min_initiators: int = 15
    # a number linked by continuity to a deal line joins the line from this score upwards
    continuity_min_score: float = 0.02
    # the fallback continuity rule (only when resolution produced no number_links), also
    # used to group flagged deal-line numbers that serve one customer base into one line
    continuity_min_overlap: float = 0.5
    continuity_min_shared: int = 5
    group_shared_customers: bool = True
    # two deal-line numbers that both sent on at least this many of the same days, making at
    # least this share of the quieter one's sending days, are two lines run side by side and
    # are never joined into one (a brand's numbers follow one another)
    distinct_min_shared_days: int = 4
    distinct_min_shared_share: float = 0.3
    # roles: customers need this many contacts with a line (or one broadcast received)
    customer_min_events: int = 2
    # key-player disruption: how many picks to report per line
    disrupt_k: int = 5
    # the wider contact graph used for communities and centrality keeps pairs with at least
    # this many events (1 = every pair); Leiden resolution for communities
    graph_min_events: int = 1
    leiden_resolution: float = 1.0
    seed: int = 7
    # "duckdb" (default) or "spark" for the feature pipeline
    engine: str = "duckdb"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sql_row(self) -> dict[str, Any]:
        """The numeric settings as one row, registered as ``lw_params`` for the SQL steps."""
        return {k: v for k, v in asdict(self).items() if isinstance(v, int | float)}


def make_params(overrides: dict[str, Any] | None = None) -> DetectParams:
    """Defaults with ``overrides`` applied; unknown names and wrong types are an error."""
    params = DetectParams()
    if not overrides:
        return params
    known = {f.name: f for f in fields(DetectParams)}
    clean: dict[str, Any] = {}
    for key, value in overrides.items():
        if key not in known:
            raise LinewatchError(f"unknown detection setting '{key}' "
                                 f"(known: {', '.join(sorted(known))})")
        default = getattr(params, key)
        try:
            clean[key] = type(default)(value)
        except (TypeError, ValueError) as exc:
            raise LinewatchError(f"detection setting '{key}' must be "
                                 f"{type(default).__name__}, not {value!r}") from exc
    return replace(params, **clean)
