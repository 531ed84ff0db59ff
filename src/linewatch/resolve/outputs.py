"""The resolve stage's output tables and their columns, in the order they are written.

Each run replaces these tables as a whole (``CREATE OR REPLACE TABLE ... AS``), every row
carrying the run id; they are derived data, rebuilt by running the stage again, so the store's
migrations do not create them (see "The store" in ``docs/architecture.md``). The stage's own
records (``person_overrides``, ``resolve_models``) are migration tables instead.
``tests/storage/test_stage_outputs.py`` checks a run writes exactly these columns.
"""

from __future__ import annotations

OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    # nominal records as prepared for linkage (prepare.py)
    "resolve_records": (
        "uid", "source_system", "record_id", "forename1", "forename2", "forename_initial",
        "forename_phon", "forename_groups", "surname", "surname_initial", "surname_phon",
        "dob", "dob_y", "dob_m", "dob_d", "dob_days", "sex", "postcode", "pc_sector",
        "pc_district", "addr_key", "addr_street", "addr_num", "phones", "nicknames", "_batch",
        "_row", "run_id"),
    # scored record pairs: the pair, then Splink's weights per comparison of the default
    # settings (model.py); a change to the comparisons changes the gamma_/mw_ columns
    "resolve_pairs": (
        "source_system_l", "record_id_l", "source_system_r", "record_id_r", "uid_l", "uid_r",
        "match_weight", "match_probability", "gamma_forename", "mw_forename", "gamma_surname",
        "mw_surname", "mw_tf_adj_surname", "gamma_dob", "mw_dob", "gamma_sex", "mw_sex",
        "gamma_location", "mw_location", "gamma_phone", "mw_phone", "gamma_nickname",
        "mw_nickname", "run_id"),
    # persons and where each of their values came from (persons.py)
    "persons": (
        "person_id", "display_name", "forenames", "surname", "dob", "nicknames", "phones",
        "address", "postcode", "flags", "n_records", "sex", "run_id"),
    "person_values": (
        "person_id", "field", "value", "source_system", "record_id", "_batch", "_row",
        "is_best", "run_id"),
    "person_records": ("person_id", "source_system", "record_id", "run_id"),
    # phones: handsets and SIMs, links between numbers, phones to persons
    "phone_handsets": (
        "number", "imei", "imsi", "first_seen", "last_seen", "n_events", "run_id"),
    "number_links": ("number_a", "number_b", "link_type", "confidence", "evidence", "run_id"),
    "phone_persons": ("number", "person_id", "confidence", "evidence", "run_id"),
}
