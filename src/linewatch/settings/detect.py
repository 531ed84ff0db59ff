"""Settings of the detection stage: features, the deal-line score, lines, roles, networks.

The grounding of each default is in ``docs/detection.md``. The score's weights keep the sign
their component was designed with: a behaviour that points to a deal line can be weighted up
or down to zero, never turned into evidence against one (and the reverse for the negative
components), so a misplaced minus sign is an error rather than a silent inversion.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from linewatch.settings.base import StageSettings


class DetectSettings(StageSettings):
    """Every threshold, breakpoint and weight of the detection stage."""

    stage: ClassVar[str] = "detect"

    burst_gap_s: int = Field(default=60, ge=1)
    """Broadcast bursts: the longest gap (seconds) between consecutive outgoing texts of one
    burst."""
    burst_min_recipients: int = Field(default=10, ge=2)
    """Broadcast bursts: the fewest distinct recipients a run of texts needs to be a burst;
    the broadcasts signal is nothing at this size."""
    night_start: int = Field(default=0, ge=0, le=23)
    """Local (Europe/London) night runs from this hour up to night_end, wrapping past
    midnight when it starts later (22 to 6)."""
    night_end: int = Field(default=6, ge=0, le=24)
    """Local night ends at this hour (exclusive)."""
    office_start: int = Field(default=8, ge=0, le=23)
    """Weekday office hours start at this local hour."""
    office_end: int = Field(default=18, ge=1, le=24)
    """Weekday office hours end at this local hour (exclusive)."""
    repeat_days: int = Field(default=2, ge=1)
    """A contact who initiates on at least this many distinct days is a repeat orderer."""
    area_radius_km: float = Field(default=5.0, gt=0)
    """Cells within this radius (km) of a denser cell's centre form one area."""
    threshold: float = Field(default=0.5, gt=0, lt=1)
    """A number is a deal line when its score reaches this."""
    star_min_contacts: int = Field(default=8, ge=1)
    """Star shape (contacts who do not talk to each other) is computed for numbers with at
    least this many contacts ..."""
    star_min_initiators: int = Field(default=15, ge=1)
    """... and a broadcast or at least this many contacts who initiate."""
    continuity_min_score: float = Field(default=0.02, ge=0, le=1)
    """A number linked by continuity to a deal line joins the line from this score up ..."""
    takeover_min_lender_score: float = Field(default=0.9, ge=0, le=1)
    """A takeover (below) is lent only by a number scoring at least this."""
    continuity_strong_link: float = Field(default=0.9, ge=0, le=1)
    """... or whatever its own score when the link's signal reaches this: a number that took
    over a flagged line's customers within days of it stopping (a number used for a day or
    two scores low on its own)."""
    continuity_min_overlap: float = Field(default=0.5, ge=0, le=1)
    """Fallback continuity rule (when resolution made no number links), also used to group
    flagged numbers serving one customer base into one line: the least share of shared
    customers."""
    continuity_min_shared: int = Field(default=5, ge=1)
    """... and the fewest shared customers."""
    group_shared_customers: bool = True
    """Group flagged deal-line numbers that serve one customer base into one line."""
    group_shared_staff: bool = True
    """Group a flagged deal-line number with the flagged number that took over from it with
    the same relay contact (a line moved to a new market keeps its crew, not its customers)."""
    staff_min_events: int = Field(default=10, ge=1)
    """A relay contact has at least this many events with each of the two numbers ..."""
    staff_min_share: float = Field(default=0.05, ge=0, le=1)
    """... making at least this share of each number's traffic ..."""
    staff_max_gap_days: float = Field(default=7, ge=0)
    """... and the new number starts sending within this many days of the old one's last."""
    distinct_min_shared_days: int = Field(default=4, ge=1)
    """Two deal-line numbers that both sent on at least this many of the same days ..."""
    distinct_min_shared_share: float = Field(default=0.3, ge=0, le=1)
    """... making at least this share of the quieter one's sending days, are two lines run
    side by side and are never joined into one (a brand's numbers follow one another)."""
    continuity_rounds: int = Field(default=10, ge=1)
    """Rounds of lending continuity weight along links (a chain of number switches needs one
    round per switch)."""
    explain_min_score: float = Field(default=0.05, ge=0, le=1)
    """Scores are explained for every number scoring at least this (or the threshold, if
    lower) and every bulk sender."""
    customer_min_events: int = Field(default=2, ge=1)
    """Roles: a customer needs this many contacts with a line (or one broadcast received)."""
    disrupt_k: int = Field(default=5, ge=1)
    """Key-player disruption: how many picks to report per line."""
    graph_min_events: int = Field(default=1, ge=1)
    """The wider contact graph keeps pairs with at least this many events (1 = every pair)."""
    leiden_resolution: float = Field(default=1.0, gt=0)
    """Leiden resolution of the contact graph's communities."""
    seed: int = 7
    """Seed of the community detection and the eigenvector start."""
    engine: Literal["duckdb", "spark"] = "duckdb"
    """Engine of the feature pipeline."""
    lake: str | None = None
    """Spark engine only: read the feature pipeline's inputs from this Parquet lake (a folder
    or URI, layout in docs/scaling.md) instead of exporting them from the store. The later
    steps still read the store."""
    spark_master: str = "local[2]"
    """Spark engine only: where the feature pipeline runs, local[N] or a cluster's
    spark://host:port."""

    # --- the deal-line score: bias, weights and each signal's breakpoints ---
    score_bias: float = -6.5
    """Starting point of the score's logit: a number with no evidence scores 0.15%."""
    weight_broadcasts: float = Field(default=1.5, ge=0)
    """Weight of bulk texts to many numbers within moments."""
    weight_broadcast_size: float = Field(default=0.5, ge=0)
    """Weight of the size of the biggest broadcast."""
    weight_broadcasts_answered: float = Field(default=1.0, ge=0)
    """Weight of broadcast recipients who contact the number themselves."""
    weight_broadcast_then_order: float = Field(default=2.0, ge=0)
    """Weight of broadcast recipients who contact the number on several days."""
    weight_repeat_broadcast_list: float = Field(default=0.5, ge=0)
    """Weight of broadcasts going to the same recipient list again and again."""
    weight_unanswered_broadcasts: float = Field(default=-3.0, le=0)
    """Weight (negative) of broadcasts nobody answers, a bulk sender's pattern."""
    weight_office_hours_broadcasts: float = Field(default=-0.5, le=0)
    """Weight (negative) of broadcasts sent in weekday office hours."""
    weight_ordering_customers: float = Field(default=1.0, ge=0)
    """Weight of contacts who initiate on several days."""
    weight_regular_customers: float = Field(default=1.5, ge=0)
    """Weight of initiating contacts who do so on many days a week."""
    weight_occasional_customers: float = Field(default=-1.0, le=0)
    """Weight (negative) of initiating contacts who do so rarely, at a number quiet at night
    (a shop's or takeaway's customers)."""
    weight_large_customer_base: float = Field(default=2.5, ge=0)
    """Weight of a large base of regular customers."""
    weight_unregistered_payg: float = Field(default=1.2, ge=0)
    """Weight of a subscriber check showing unregistered pay-as-you-go."""
    weight_business_account: float = Field(default=-2.5, le=0)
    """Weight (negative) of a subscriber check showing a business account."""
    weight_contract_account: float = Field(default=-1.5, le=0)
    """Weight (negative) of a subscriber check showing a contract with a named subscriber."""
    weight_handset_swaps: float = Field(default=0.8, ge=0)
    """Weight of several handsets or SIMs used with the number."""
    weight_night_trade: float = Field(default=0.8, ge=0)
    """Weight of the share of activity at night."""
    weight_customers_in_one_area: float = Field(default=0.5, ge=0)
    """Weight of initiating contacts concentrated in one area."""
    weight_star_contacts: float = Field(default=0.3, ge=0)
    """Weight of contacts who only talk to this number, not to each other."""
    weight_one_off_contacts: float = Field(default=-1.0, le=0)
    """Weight (negative) of contacts appearing on a single day only."""
    weight_long_conversations: float = Field(default=-2.0, le=0)
    """Weight (negative) of long voice calls: people talk to friends and family at length,
    customers ordering from a deal line do not."""
    weight_line_continuity: float = Field(default=4.0, ge=0)
    """Weight of a continuity link to a deal line (signal = the link's confidence) ..."""
    weight_line_takeover: float = Field(default=3.0, ge=0)
    """... plus this weight (times the signal) when the link reaches
    ``continuity_strong_link``: a number that took over a flagged line's customers is that
    line, however little it was used."""
    burst_full_days: int = Field(default=2, ge=1)
    """Broadcasts signal: full with bursts on this many days ..."""
    burst_single_day_share: float = Field(default=0.75, ge=0, le=1)
    """... and this share of it with bursts on one day only."""
    burst_full_factor: float = Field(default=2.0, gt=1)
    """Broadcasts signal: full when the biggest burst reaches this many times
    burst_min_recipients (rising linearly from nothing at burst_min_recipients)."""
    burst_size_full: int = Field(default=50, ge=1)
    """Broadcast size signal: full at this many recipients."""
    answered_full_share: float = Field(default=0.6, gt=0, le=1)
    """Broadcasts answered: full when this share of recipients contact the number."""
    order_full_share: float = Field(default=0.4, gt=0, le=1)
    """Broadcast then order: full when this share of recipients order on several days."""
    unanswered_none_share: float = Field(default=0.3, gt=0, le=1)
    """Unanswered broadcasts: full when none answer, nothing from this reply share up."""
    ordering_full_initiators: int = Field(default=10, ge=1)
    """Ordering customers: full at this many contacts initiating on several days."""
    regular_min_contacts: int = Field(default=5, ge=1)
    """Regular customers: computed only with at least this many incoming contacts."""
    regular_from_days_per_week: float = Field(default=0.75, ge=0)
    """Regular customers: nothing up to this many initiating days per week ..."""
    regular_full_days_per_week: float = Field(default=2.0, gt=0)
    """... full from this many."""
    occasional_full_days_per_week: float = Field(default=0.5, ge=0)
    """Occasional customers: full at or below this many initiating days per week ..."""
    occasional_from_days_per_week: float = Field(default=0.9, gt=0)
    """... nothing from this many (the signal is scaled down by night trade)."""
    customer_base_from: int = Field(default=15, ge=0)
    """Large customer base: nothing up to this many repeat initiators ..."""
    customer_base_full: int = Field(default=40, ge=1)
    """... full from this many (times how regular they are)."""
    swaps_full_changes: float = Field(default=2.0, gt=0)
    """Handset swaps: full with this many extra handsets plus SIMs beyond the first."""
    night_full_share: float = Field(default=0.1, gt=0, le=1)
    """Night trade: full when this share of activity is at night."""
    one_area_min_located: int = Field(default=5, ge=1)
    """Customers in one area: computed with at least this many located initiators."""
    one_area_from_share: float = Field(default=0.5, ge=0, le=1)
    """Customers in one area: nothing up to this share in the top area ..."""
    one_area_full_share: float = Field(default=0.9, gt=0, le=1)
    """... full from this share."""
    one_off_min_contacts: int = Field(default=10, ge=1)
    """One-off contacts: computed for numbers with at least this many contacts."""
    long_call_seconds: int = Field(default=120, ge=1)
    """Long conversations: a voice call lasting at least this many seconds is long ..."""
    long_calls_min_answered: int = Field(default=10, ge=1)
    """... the signal is computed for numbers with at least this many answered voice calls
    (call records without durations leave it out) ..."""
    long_calls_from_share: float = Field(default=0.05, ge=0, le=1)
    """... nothing up to this share of the answered calls long ..."""
    long_calls_full_share: float = Field(default=0.3, gt=0, le=1)
    """... full from this share."""

    # --- roles ---
    listed_min_burst_share: float = Field(default=0.05, ge=0, le=1)
    """Roles: a contact is on a line's broadcast list when the broadcasts it received are at
    least this share of the line's other texts and calls to it."""
    runner_min_reached: int = Field(default=2, ge=1)
    """Roles: a runner that works the list rings at least this many of the line's customers
    ..."""
    runner_min_reached_share: float = Field(default=0.4, ge=0, le=1)
    """... who are at least this share of its contacts."""
    runner_min_line_days: int = Field(default=1, ge=1)
    """Roles: a runner that works the list deals with the line on at least this many days."""
    runner_travel_min_line_days: int = Field(default=2, ge=1)
    """Roles: a phone that travels between the market and elsewhere is a runner when it deals
    with the line on at least this many days."""
    controller_fallback_min_days: int = Field(default=2, ge=1)
    """Roles: with no runner found, the line's own non-customer contacts on at least this many
    days are the controller candidates."""
    trap_min_days: float = Field(default=3.0, ge=0)
    """Trap: the runner phones are in touch with it on at least this many days ..."""
    trap_baseline_factor: float = Field(default=1.5, ge=1)
    """... and at least this many times the days of the line's third most contacted phone
    (the customer level)."""
    trap_strong_lead_days: float = Field(default=3.0, ge=0)
    """Trap: a lead over the customer level of fewer days than this counts only at a cell
    where a runner phone dwells."""
    trap_work_phone_share: float = Field(default=0.7, ge=0, le=1)
    """A runner phone whose contacts are at least this share the line's customers is a work
    phone: its other contacts in the market on ``trap_min_days`` days or more are trap
    phones."""
    trap_min_market_share: float = Field(default=0.4, ge=0, le=1)
    """Trap: a phone spending less than this share of its days in the market is not one."""
    cotravel_min_market_days: int = Field(default=3, ge=1)
    """Second handsets: a phone travels with a runner phone when they share at least this
    many days in the market ..."""
    cotravel_min_away_days: int = Field(default=2, ge=1)
    """... and this many days away from it ..."""
    cotravel_min_match: float = Field(default=0.9, ge=0, le=1)
    """... in the market (and away) together on at least this share of those days ..."""
    cotravel_min_shared_cell_share: float = Field(default=0.7, ge=0, le=1)
    """... using the same cell on at least this share of them."""
    handset_link_strength: float = Field(default=0.5, ge=0, le=1)
    """A shared-handset link lends this share of its confidence as continuity signal (a
    customer base carried over lends all of it)."""
    shared_contact_max_fanout: int = Field(default=50, ge=2)
    """Grouping by shared customers ignores contacts in touch with more numbers than this
    (switchboards)."""
    trap_market_min_share: float = Field(default=0.25, ge=0, le=1)
    """Trap houses: besides the line's market area, any area where at least this share of
    its located customers live is searched for where the runner phones dwell."""
    trap_address_radius_km: float = Field(default=1.5, gt=0)
    """Trap addresses: the nearest known address within this distance (km) of the trap
    phone's cell."""
    associate_min_days: int = Field(default=2, ge=1)
    """A person is an associate when their phone is in the controller's circle on at least
    this many days."""
    associate_known_min_days: int = Field(default=4, ge=1)
    """A person known to police for offending (a street name, an offending flag or event on
    their records) is an associate when their phone is in touch with a controller's phone on
    at least this many days."""
    associate_known_confidence: float = Field(default=0.55, ge=0, le=1)
    """Confidence of an associate found that way (times the phone-owner link's)."""
    associate_offending_flags: tuple[str, ...] = ("violence", "weapons", "drugs", "gang")
    """Flags on a record that show offending."""
    associate_offending_events: tuple[str, ...] = (
        "arrest", "custody", "warrant", "stop_search", "seizure", "crime")
    """Event types that show offending unless the person was the victim, a witness or the
    reporter."""
    co_travel_min_days: int = Field(default=2, ge=1)
    """A personal phone carries an unowned runner phone when the two were used in the same
    area on at least this many days away from the personal phone's home area ..."""
    co_travel_min_jaccard: float = Field(default=0.4, ge=0, le=1)
    """... the Jaccard index of their (area, day) sets reaches this ..."""
    co_location_min_share: float = Field(default=0.5, ge=0, le=1)
    """A personal phone carries an unowned runner phone that co-travel left unowned when it
    holds at least this share of the runner phone's (day, cell) pairs, each weighted by one
    over the number of phones used in that cell that day ..."""
    co_location_min_days: int = Field(default=4, ge=1)
    """... on at least this many days (and ``co_travel_margin`` times the runner-up's
    share)."""
    co_travel_margin: float = Field(default=2.0, ge=1)
    """... and it is at least this many times the next best phone's."""
    relationship_support: float = Field(default=0.05, ge=0, le=0.2)
    """A recorded relationship (lives with, family, associate) with a controller or runner
    of the same line adds this much to a person's role confidence, shown as evidence; it
    never gives a role on its own."""
    relationship_support_types: tuple[str, ...] = ("lives_with", "family", "associate")
    """Relationship types that may support a role."""
    role_link_min_share: float = Field(default=0.5, ge=0, le=1)
    """A phone's role passes to a person linked to it at least this share as strongly as the
    phone's strongest owner (a weak, shared link gives no role)."""
    person_min_link: float = Field(default=0.6, ge=0, le=1)
    """Roles pass to a crew member's other phones through a person linked to both with at
    least this confidence."""
    controller_peer_share: float = Field(default=0.6, ge=0, le=1)
    """Another phone of the controller: in touch with at least this share of the controller
    phone's runner phones (most of its own runners shared), from the same home area."""
    controller_own_min_runners: int = Field(default=2, ge=2)
    """The controller's own phone: a phone in touch with at least this many of the crew's
    runner phones, living in the home area of one of the line's controller phones ..."""
    controller_own_colocated: float = Field(default=0.6, ge=0, le=1)
    """... used on the same days in the same cells as that controller phone, for at least
    this share of the controller phone's (day, cell) pairs ..."""
    controller_own_lead: float = Field(default=1.5, ge=1)
    """... and this many times the share of the line's next best such phone ..."""
    controller_own_min_days: int = Field(default=5, ge=1)
    """... of which there must be at least this many."""
    deal_window_min: int = Field(default=120, ge=1)
    """Runners by timing: a contact with a customer counts as sent after an order when it
    follows the customer's order to the line within this many minutes."""
    runner_timed_share: float = Field(default=0.5, ge=0, le=1)
    """Runners by timing: the least share of a phone's contacts with the line's customers
    that follow an order ..."""
    runner_min_timed: int = Field(default=3, ge=1)
    """... and the fewest such contacts."""
    runner_reach_min_customers: int = Field(default=3, ge=2)
    """Runners by timing also among phones that never touch the line or its controller: a
    phone in touch with at least this many of the line's customers is timed against their
    orders (a line held by a runner in the market relays nothing through its phone)."""
    intel_controller_cues: tuple[str, ...] = (
        " controls ", " controlling ", " runs the ", " in charge of ", " is behind the ",
        " boss of ", " owns the ", " heads the ", " head of the ")
    """Words (lower case, matched inside a sentence padded with spaces) by which a report or
    tip names a line's controller: "'Blade' controls the Bandit line"."""
    intel_runner_cues: tuple[str, ...] = (
        " running for ", " runs for ", " deals for ", " dealing for ", " works for ",
        " working for ", " runner for ", " sells for ", " selling for ", " shotting for ",
        " going country for ", " drops for ")
    """Words by which a report or tip names a runner: "'Tiny' is running for the Bandit
    line"."""
    trap_radius_km: float = Field(default=3.0, gt=0)
    """Trap addresses from evidence: addresses within this distance (km) of a place the line
    points at (runner dwelling cell, customers' collection cell, trap phone's home cell)."""
    trap_min_evidence: float = Field(default=3.0, ge=0)
    """An address is kept when its recorded evidence (events, flags, vulnerable residents)
    reaches this ..."""
    trap_min_lead: float = Field(default=1.2, ge=1)
    """... and its score is this many times the best address near the line's places that
    does not reach it."""
    trap_report_weight: float = Field(default=1.0, ge=0)
    """Recorded evidence an address gains when intelligence reports or tips name it (matched
    to the address by the text stage; E-graded reports never count), as much as one event."""
    trap_event_types: tuple[str, ...] = ("asb_report", "warrant", "welfare_check", "seizure",
                                         "arrest")
    """Events at an address that count as signs of a trap house."""
    vulnerability_flags: tuple[str, ...] = ("vulnerab", "mental", "learning", "disab")
    """Record flags (parts of words, any case) marking a resident as vulnerable."""
    converge_min_customers: int = Field(default=3, ge=1)
    """Customers converging: the fewest located customers contacting the line from one cell
    away from their home cell ..."""
    converge_min_share: float = Field(default=0.05, ge=0, le=1)
    """... the least share of the line's located customers ..."""
    converge_lead: float = Field(default=1.5, ge=1)
    """... and how many times the next such cell's count."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        pairs = (("regular_from_days_per_week", "regular_full_days_per_week"),
                 ("occasional_full_days_per_week", "occasional_from_days_per_week"),
                 ("customer_base_from", "customer_base_full"),
                 ("one_area_from_share", "one_area_full_share"),
                 ("office_start", "office_end"))
        for low, high in pairs:
            if getattr(self, low) >= getattr(self, high):
                raise ValueError(f"{low} must be below {high}")
        return self

    def sql_row(self) -> dict[str, Any]:
        """The numeric settings as one row, registered as ``lw_params`` for the SQL steps."""
        return {k: v for k, v in self.as_dict().items() if isinstance(v, int | float)}
