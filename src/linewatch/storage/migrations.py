"""Versioned schema migrations: the store's schema history, as literal SQL.

Each :class:`Migration` is a fixed list of statements. They are written out in full, never
generated from code that can change (the input contract, a stage's module): a migration that
has been applied to someone's store must mean the same thing for ever. To change the schema,
append a migration with the next version number (``ALTER TABLE ... ADD COLUMN``, a new
``CREATE TABLE``, ...); never edit one that has shipped.

What migrations own: every table whose rows are records rather than a stage's rebuildable
output -- the input contract's kinds, import provenance, analysis runs, the web app's users,
sessions and audit log, operations, analyst labels, analyst and supervisor overrides,
referrals, article outcomes and resolve models. The stages' per-run output tables are
replaced whole by each run and are declared by their stage instead (see "The store" in
``docs/architecture.md``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: tuple[str, ...]

    def statements(self) -> list[str]:
        return list(self.sql)


# Version 1 is the DDL the input contract (version 1) generated when migrations began, frozen
# here word for word: editing schema/contract.py no longer changes it.
_V1 = (
    "CREATE TABLE IF NOT EXISTS cdr (event_id VARCHAR, start_time TIMESTAMP, "
    "start_time_raw VARCHAR, a_number VARCHAR, a_number_raw VARCHAR, b_number VARCHAR, "
    "b_number_raw VARCHAR, event_type VARCHAR, duration_s BIGINT, a_cell_id VARCHAR, "
    "b_cell_id VARCHAR, a_imei VARCHAR, a_imsi VARCHAR, b_imei VARCHAR, b_imsi VARCHAR, "
    "attrs JSON, _batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS cells (cell_id VARCHAR, lat DOUBLE, lon DOUBLE, "
    "azimuth DOUBLE, site_name VARCHAR, area VARCHAR, attrs JSON, _batch BIGINT, "
    "_file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS subscribers (number VARCHAR, number_raw VARCHAR, "
    "account_type VARCHAR, subscriber_name VARCHAR, subscriber_address VARCHAR, "
    "subscriber_dob DATE, subscriber_dob_raw VARCHAR, activated_on DATE, "
    "activated_on_raw VARCHAR, attrs JSON, _batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS nominals (source_system VARCHAR, record_id VARCHAR, "
    "surname VARCHAR, forenames VARCHAR, dob DATE, dob_raw VARCHAR, sex VARCHAR, "
    "address VARCHAR, postcode VARCHAR, postcode_raw VARCHAR, phone VARCHAR[], "
    "phone_raw VARCHAR, nickname VARCHAR[], flags VARCHAR[], attrs JSON, _batch BIGINT, "
    "_file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS events (source_system VARCHAR, event_id VARCHAR, "
    "event_type VARCHAR, occurred_at TIMESTAMP, occurred_at_raw VARCHAR, record_id VARCHAR, "
    "role VARCHAR, address VARCHAR, postcode VARCHAR, postcode_raw VARCHAR, lat DOUBLE, "
    "lon DOUBLE, offence VARCHAR, outcome VARCHAR, detail VARCHAR, attrs JSON, "
    "_batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS seizures (seizure_id VARCHAR, source_system VARCHAR, "
    "event_id VARCHAR, item_type VARCHAR, drug_name VARCHAR, drug_class VARCHAR, "
    "quantity DOUBLE, unit VARCHAR, value_gbp DOUBLE, value_gbp_raw VARCHAR, "
    "description VARCHAR, imei VARCHAR, number VARCHAR, number_raw VARCHAR, vrm VARCHAR, "
    "vrm_raw VARCHAR, attrs JSON, _batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS anpr (read_at TIMESTAMP, read_at_raw VARCHAR, vrm VARCHAR, "
    "vrm_raw VARCHAR, camera_id VARCHAR, lat DOUBLE, lon DOUBLE, attrs JSON, _batch BIGINT, "
    "_file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS addresses (address VARCHAR, postcode VARCHAR, "
    "postcode_raw VARCHAR, lat DOUBLE, lon DOUBLE, uprn VARCHAR, flags VARCHAR[], "
    "attrs JSON, _batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS intel (report_id VARCHAR, received_at TIMESTAMP, "
    "received_at_raw VARCHAR, source_evaluation VARCHAR, intelligence_assessment VARCHAR, "
    "handling_code VARCHAR, handling_conditions VARCHAR, text VARCHAR, attrs JSON, "
    "_batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS tips (tip_id VARCHAR, received_at TIMESTAMP, "
    "received_at_raw VARCHAR, channel VARCHAR, text VARCHAR, attrs JSON, _batch BIGINT, "
    "_file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS articles (article_id VARCHAR, title VARCHAR, text VARCHAR, "
    "attrs JSON, _batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE SEQUENCE IF NOT EXISTS batch_seq START 1",
    "CREATE SEQUENCE IF NOT EXISTS file_seq START 1",
    """CREATE TABLE IF NOT EXISTS import_batches (
            batch_id BIGINT PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
            paths VARCHAR[], kinds VARCHAR[], rows_imported BIGINT, rows_quarantined BIGINT,
            rows_duplicate BIGINT, files_skipped BIGINT, mapping VARCHAR, code_version VARCHAR,
            user_name VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS import_files (
            file_id BIGINT PRIMARY KEY, batch_id BIGINT, path VARCHAR, kind VARCHAR,
            sha256 VARCHAR, size_bytes BIGINT, format VARCHAR, encoding VARCHAR,
            rows_read BIGINT, rows_imported BIGINT, rows_quarantined BIGINT)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
            batch_id BIGINT, file_id BIGINT, kind VARCHAR, path VARCHAR, row_number BIGINT,
            line_number BIGINT, field VARCHAR, reason VARCHAR, action VARCHAR, raw JSON)""",
    """CREATE TABLE IF NOT EXISTS analysis_runs (
            run_id VARCHAR PRIMARY KEY, stage VARCHAR, started_at TIMESTAMP,
            finished_at TIMESTAMP, status VARCHAR, params JSON, input_batches BIGINT[],
            code_version VARCHAR, summary JSON)""",
)

# Version 2: analyst labels (confirmed and rejected detections, evaluate/labels.py).
_V2 = (
    """CREATE TABLE IF NOT EXISTS analyst_labels (
        label_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, subject JSON NOT NULL,
        shown_as VARCHAR, value VARCHAR, verdict VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        user_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, run_id VARCHAR,
        withdrawn_at TIMESTAMP, withdrawn_by VARCHAR)""",
)

# Version 3: the tables that stages used to create for themselves on first use. Stores made
# before version 3 may already hold them (with exactly these columns), hence IF NOT EXISTS.
_V3 = (
    # web app (api/): users, sessions, the hash-chained audit log, public tip extractions
    """CREATE TABLE IF NOT EXISTS users (
        name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, disabled BOOLEAN NOT NULL DEFAULT FALSE,
        disabled_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS web_sessions (
        session_id VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL,
        revoked BOOLEAN NOT NULL DEFAULT FALSE)""",
    """CREATE TABLE IF NOT EXISTS audit_log (
        seq BIGINT PRIMARY KEY, "at" TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL,
        action VARCHAR NOT NULL, target VARCHAR, detail JSON, reason VARCHAR,
        prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tip_extractions (
        tip_id VARCHAR, extraction JSON, extracted_at TIMESTAMP)""",
    # operations (ops/)
    """CREATE TABLE IF NOT EXISTS operations (
        operation_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, investigation VARCHAR,
        planned_at TIMESTAMP, entry_window_min INTEGER, status VARCHAR NOT NULL,
        line_ids VARCHAR[], created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        approved_by VARCHAR, approved_at TIMESTAMP, approved_hash VARCHAR,
        executed_at TIMESTAMP, closed_at TIMESTAMP, notes VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS operation_addresses (
        operation_id VARCHAR NOT NULL, address_id VARCHAR NOT NULL, address VARCHAR,
        postcode VARCHAR, force VARCHAR, force_uncertain BOOLEAN, force_basis VARCHAR,
        lat DOUBLE, lon DOUBLE, planned_entry TIMESTAMP, source VARCHAR, reason VARCHAR,
        line_ids VARCHAR[], day_status VARCHAR, day_status_at TIMESTAMP,
        day_status_by VARCHAR, added_by VARCHAR, added_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS operation_targets (
        operation_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        address_id VARCHAR, source VARCHAR, reason VARCHAR, added_by VARCHAR,
        added_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS operation_log (
        operation_id VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL,
        action VARCHAR NOT NULL, from_status VARCHAR, to_status VARCHAR, detail JSON)""",
    """CREATE TABLE IF NOT EXISTS operation_results (
        operation_id VARCHAR NOT NULL, result_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        address_id VARCHAR, person_id VARCHAR, occurred_at TIMESTAMP,
        warrant_executed BOOLEAN, arrested BOOLEAN, offence VARCHAR, disposal VARCHAR,
        charge VARCHAR, safeguarded BOOLEAN, referral VARCHAR, age INTEGER, sex VARCHAR,
        town VARCHAR, child BOOLEAN, item_type VARCHAR, drug_name VARCHAR, drug_class VARCHAR,
        quantity DOUBLE, unit VARCHAR, value_gbp DOUBLE, description VARCHAR, imei VARCHAR,
        number VARCHAR, vrm VARCHAR, ref VARCHAR, note VARCHAR, event_ids VARCHAR[],
        seizure_id VARCHAR, batch_id BIGINT, recorded_by VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL, superseded BOOLEAN NOT NULL DEFAULT FALSE)""",
    """CREATE TABLE IF NOT EXISTS operation_partner_forces (
        user_name VARCHAR PRIMARY KEY, force VARCHAR NOT NULL, set_by VARCHAR,
        set_at TIMESTAMP)""",
    # press releases as operation outcomes (text/outcomes.py)
    """CREATE TABLE IF NOT EXISTS article_outcomes (
        article_id VARCHAR, title VARCHAR, warrants INTEGER, arrests INTEGER, cash_gbp DOUBLE,
        persons JSON, drugs JSON, weapons JSON, locations JSON, agencies JSON,
        operation_name VARCHAR, safeguarded INTEGER, extraction JSON, created_at TIMESTAMP,
        text_sha256 VARCHAR)""",
    # supervisor overrides of the victim-first rule and referral status history (safeguard/)
    """CREATE TABLE IF NOT EXISTS target_overrides (
        override_id VARCHAR PRIMARY KEY, person_id VARCHAR NOT NULL,
        user_name VARCHAR NOT NULL, reason VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        revoked_at TIMESTAMP, revoked_by VARCHAR, revoke_reason VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS referrals (
        referral_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, status VARCHAR NOT NULL,
        updated_by VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL, note VARCHAR)""",
    # analyst merges and splits of persons, and every trained linkage model (resolve/)
    """CREATE TABLE IF NOT EXISTS person_overrides (
        override_id VARCHAR PRIMARY KEY, action VARCHAR, records JSON, user_name VARCHAR,
        reason VARCHAR, created_at TIMESTAMP, undone_at TIMESTAMP, undone_by VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS resolve_models (
        run_id VARCHAR, created_at TIMESTAMP, sql_dialect VARCHAR, settings JSON,
        trained BOOLEAN, training JSON, notes JSON, threshold DOUBLE)""",
)

# Version 4: triage of tips in the inbox (new, read, actioned, no further action), kept as a
# history: every change is a row, the latest row is the tip's state (each change is audited).
_V4 = (
    """CREATE TABLE IF NOT EXISTS tip_triage (
        tip_id VARCHAR NOT NULL, state VARCHAR NOT NULL, note VARCHAR,
        set_by VARCHAR NOT NULL, set_at TIMESTAMP NOT NULL)""",
)

# Version 5: the server owns the store. Imports and analysis runs are jobs, queued and run one
# at a time by the server's writer; the CLI signs in with personal API tokens (kept as SHA-256
# digests only); public tips wait in a queue until the writer has extracted their text. Tips
# already stored without an extraction (a crash took their background task) join the queue.
_V5 = (
    """CREATE TABLE IF NOT EXISTS jobs (
        job_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, submitted_by VARCHAR NOT NULL,
        submitted_at TIMESTAMP NOT NULL, started_at TIMESTAMP, finished_at TIMESTAMP,
        state VARCHAR NOT NULL, params JSON, result JSON, error VARCHAR, progress JSON)""",
    """CREATE TABLE IF NOT EXISTS api_tokens (
        token_id VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, token_sha256 VARCHAR NOT NULL,
        label VARCHAR, created_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL,
        revoked_at TIMESTAMP, revoked_by VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS tip_queue (
        tip_id VARCHAR PRIMARY KEY, queued_at TIMESTAMP NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, last_error VARCHAR)""",
    """INSERT INTO tip_queue (tip_id, queued_at, attempts)
        SELECT tip_id, coalesce(received_at, current_timestamp::TIMESTAMP), 0 FROM tips
        WHERE channel = 'web' AND tip_id IS NOT NULL
          AND tip_id NOT IN (SELECT tip_id FROM tip_extractions WHERE tip_id IS NOT NULL)""",
)

# Version 6: input contract version 2 -- unique identifiers, age, ethnicity codes, emails and
# handles on nominals; recorded crimes and investigating officers on events; the officers,
# objects and relationships kinds; and the flags ingest puts on values it kept as written.
_V6 = (
    "ALTER TABLE nominals ADD COLUMN pnc_id VARCHAR",
    "ALTER TABLE nominals ADD COLUMN cro_number VARCHAR",
    "ALTER TABLE nominals ADD COLUMN nhs_number VARCHAR",
    "ALTER TABLE nominals ADD COLUMN ni_number VARCHAR",
    "ALTER TABLE nominals ADD COLUMN passport_number VARCHAR",
    "ALTER TABLE nominals ADD COLUMN driving_licence VARCHAR",
    "ALTER TABLE nominals ADD COLUMN age BIGINT",
    "ALTER TABLE nominals ADD COLUMN ethnicity_self VARCHAR",
    "ALTER TABLE nominals ADD COLUMN ethnicity_observed VARCHAR",
    "ALTER TABLE nominals ADD COLUMN emails VARCHAR[]",
    "ALTER TABLE nominals ADD COLUMN handles VARCHAR[]",
    "ALTER TABLE events ADD COLUMN crime_reference VARCHAR",
    "ALTER TABLE events ADD COLUMN offence_code VARCHAR",
    "ALTER TABLE events ADD COLUMN offence_classification VARCHAR",
    "ALTER TABLE events ADD COLUMN crime_category VARCHAR",
    "ALTER TABLE events ADD COLUMN occurred_until TIMESTAMP",
    "ALTER TABLE events ADD COLUMN occurred_until_raw VARCHAR",
    "ALTER TABLE events ADD COLUMN investigating_officer VARCHAR",
    "ALTER TABLE addresses ADD COLUMN address_id VARCHAR",
    "CREATE TABLE IF NOT EXISTS officers (source_system VARCHAR, officer_id VARCHAR, "
    "badge_number VARCHAR, rank VARCHAR, surname VARCHAR, forenames VARCHAR, unit VARCHAR, "
    "attrs JSON, _batch BIGINT, _file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS objects (source_system VARCHAR, object_id VARCHAR, "
    "object_type VARCHAR, description VARCHAR, vrm VARCHAR, vrm_raw VARCHAR, make VARCHAR, "
    "model VARCHAR, year BIGINT, identifier VARCHAR, attrs JSON, _batch BIGINT, "
    "_file BIGINT, _row BIGINT)",
    "CREATE TABLE IF NOT EXISTS relationships (source_system VARCHAR, relationship_id VARCHAR, "
    "from_type VARCHAR, from_ref VARCHAR, from_ref_type VARCHAR, type VARCHAR, "
    "subtype VARCHAR, to_type VARCHAR, to_ref VARCHAR, to_ref_type VARCHAR, "
    "first_seen TIMESTAMP, first_seen_raw VARCHAR, last_seen TIMESTAMP, "
    "last_seen_raw VARCHAR, source VARCHAR, source_evaluation VARCHAR, "
    "intelligence_assessment VARCHAR, handling_code VARCHAR, detail VARCHAR, attrs JSON, "
    "_batch BIGINT, _file BIGINT, _row BIGINT)",
    """CREATE TABLE IF NOT EXISTS ingest_flags (
        batch_id BIGINT, file_id BIGINT, kind VARCHAR, path VARCHAR, row_number BIGINT,
        field VARCHAR, value VARCHAR, reason VARCHAR)""",
)

# Version 7: stable identities and watchlists. ``entity_members`` is what each person and line
# held at the last run (records, numbers), so the next run can tell a merge, a split or a
# rename; ``entity_redirects`` keeps every old id -> new id with its run and reason. Users'
# ``watches`` (a number, plate, person, address, line or saved search, with the state last
# seen) raise ``alerts`` carrying their evidence and the handling codes of their sources.
_V7 = (
    """CREATE TABLE IF NOT EXISTS entity_members (
        kind VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, member VARCHAR NOT NULL,
        run_id VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS entity_redirects (
        kind VARCHAR NOT NULL, old_id VARCHAR NOT NULL, new_id VARCHAR NOT NULL,
        run_id VARCHAR, reason VARCHAR NOT NULL, detail JSON, created_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS watches (
        watch_id VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        value VARCHAR NOT NULL, note VARCHAR, created_at TIMESTAMP NOT NULL,
        removed_at TIMESTAMP, removed_by VARCHAR, state JSON)""",
    """CREATE TABLE IF NOT EXISTS alerts (
        alert_id VARCHAR PRIMARY KEY, watch_id VARCHAR NOT NULL, user_name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, value VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        summary VARCHAR NOT NULL, evidence JSON, handling_codes VARCHAR[],
        source_tables VARCHAR[], run_id VARCHAR, batch_id BIGINT,
        created_at TIMESTAMP NOT NULL, read_at TIMESTAMP, delivered_at TIMESTAMP,
        delivery_error VARCHAR)""",
)

# Version 8: retention review under the Management of Police Information rules -- reviewers'
# decisions on nominal and intelligence records, the tombstones that deletions leave (a keyed
# hash of the record's identity, no personal data) and the store's own key for those hashes.
_V8 = (
    """CREATE TABLE IF NOT EXISTS retention_reviews (
        review_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, source_system VARCHAR,
        record_id VARCHAR NOT NULL, decision VARCHAR NOT NULL, reason VARCHAR,
        mopi_group INTEGER, next_review DATE, decided_by VARCHAR NOT NULL,
        decided_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS retention_tombstones (
        tombstone_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, key_hash VARCHAR NOT NULL,
        reason_code VARCHAR NOT NULL, mopi_group INTEGER, rows_removed BIGINT,
        deleted_by VARCHAR NOT NULL, deleted_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS retention_key (
        key_id INTEGER PRIMARY KEY, secret VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)""",
)

# Version 9: each analysis run records the versions of the libraries it ran with (disclosure:
# ``linewatch disclose`` and ``linewatch reproduce``).
_V9 = (
    "ALTER TABLE analysis_runs ADD COLUMN dependencies JSON",
)

# Version 10: the link chart's saved, named charts (one JSON state each: positions, pins,
# groups, notes, hidden nodes, layout). Versions 7-9 are taken by work merged alongside.
_V10 = (
    """CREATE TABLE IF NOT EXISTS saved_charts (
        chart_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, owner VARCHAR NOT NULL,
        owner_role VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL, nodes INTEGER NOT NULL, state JSON NOT NULL)""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "contract v1 tables, import batches, quarantine, analysis runs", _V1),
    Migration(2, "analyst labels (confirmed and rejected detections)", _V2),
    Migration(3, "web app, operations, overrides, referrals, article outcomes and resolve "
                 "models: tables stages used to create on first use", _V3),
    Migration(4, "tip triage states", _V4),
    Migration(5, "jobs, API tokens and the public tip extraction queue", _V5),
    Migration(6, "input contract v2: identifiers, recorded crimes, officers, objects, "
                 "relationships; ingest flags", _V6),
    Migration(7, "stable identities (entity members and redirects), watches and alerts", _V7),
    Migration(8, "retention review (MoPI): reviews, tombstones and their hash key", _V8),
    Migration(9, "analysis runs record their dependencies' versions", _V9),
    Migration(10, "saved link charts", _V10),
)
LATEST_VERSION = MIGRATIONS[-1].version
