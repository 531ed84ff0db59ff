"""``linewatch demo``: simulate a scenario, ingest it, analyse it and prepare accounts.

The demo uses generated data only. Accounts get fresh random passwords every time the demo is
prepared (never a default password); they are printed once for the person running the demo.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from linewatch.cli.common import progress_bar
from linewatch.errors import LinewatchError
from linewatch.ingest import ingest_paths
from linewatch.pipeline import analyse
from linewatch.storage import Store

#: one account per role, named after it
DEMO_ROLES = (("admin", "admin"), ("analyst", "analyst"), ("supervisor", "supervisor"),
              ("safeguarding", "safeguarding"), ("partner", "partner"))


@dataclass
class PreparedDemo:
    db: Path
    scenario: Path
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    #: the force the partner account belongs to (its Operations view is that force's part)
    partner_force: str | None = None


AUDIT_KEY_FILE = "audit.key"


def demo_audit_key(out: Path) -> Path:
    """Make sure ``LINEWATCH_AUDIT_KEY`` is set for this process: the environment's own key,
    else the demo folder's key file (created once, owner-only, random), so the demo store's
    audit log stays verifiable from one demo run to the next. Returns the key file."""
    key_file = out / AUDIT_KEY_FILE
    if os.environ.get("LINEWATCH_AUDIT_KEY"):
        return key_file
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
    os.environ["LINEWATCH_AUDIT_KEY"] = key_file.read_text(encoding="utf-8").strip()
    return key_file


def prepare_demo(out: Path, *, scale: str = "small", seed: int = 7) -> PreparedDemo:
    """Build (or reuse) the demo scenario and store under ``out``."""
    from linewatch.api.users import add_user, get_user, set_password
    from linewatch.simulate import SCALES, simulate

    out.mkdir(parents=True, exist_ok=True)
    demo_audit_key(out)
    scenario = out / f"scenario-{scale}-{seed}"
    db = out / f"demo-{scale}-{seed}.duckdb"
    if not (scenario / "data").exists():
        if scale not in SCALES:
            raise LinewatchError(f"unknown scale '{scale}' (choose {', '.join(SCALES)})")
        simulate(scenario, seed=seed, scale=scale)  # type: ignore[arg-type]
    with Store.open(db) as store, progress_bar() as progress:
        if store.count("import_batches") == 0:
            ingest_paths(store, [scenario / "data"], progress=progress)
        if store.scalar("SELECT count(*) FROM analysis_runs WHERE status = 'done'") == 0:
            analyse(store, progress=progress)
        prepared = PreparedDemo(db=db, scenario=scenario)
        for name, role in DEMO_ROLES:
            password = secrets.token_urlsafe(12)
            if get_user(store, name) is None:
                add_user(store, name, role, password)
            else:
                set_password(store, name, password)
            prepared.accounts.append((name, password, role))
        prepared.partner_force = give_partner_a_force(store, "partner")
    return prepared


def give_partner_a_force(store: Store, user: str) -> str | None:
    """Set ``user``'s force to the one policing most of the lines' trap addresses (where the
    demo's operations happen), so a partner's Operations page has a part to show."""
    from linewatch import ops

    if not store.table_exists("line_addresses"):
        return None
    postcodes = [r[0] for r in store.query(
        "SELECT postcode FROM line_addresses WHERE postcode IS NOT NULL ORDER BY postcode")]
    forces = [ops.force_for(p).force for p in postcodes]
    if not forces:
        return None
    force = max(sorted(set(forces)), key=forces.count)
    ops.set_partner_force(store, user, force, set_by="demo")
    return force
