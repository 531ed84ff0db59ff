"""Which lakes and Spark masters an analysis job may use on the server.

An analysis job runs in the server's process, with the server's access to its file system
and network. Its detection settings may name a lake to read (``lake``) and a Spark master to
run on (``spark_master``); from a client those are requests, not facts, so the server allows
only what its administrator configured: lakes under ``LINEWATCH_LAKE_ROOTS`` (folders on the
server, or URI prefixes such as ``s3a://bucket/lakes/``) and masters in
``LINEWATCH_SPARK_MASTERS`` besides ``local[N]``. Unset, no job may name a lake and Spark runs
only inside the server's process. A folder is compared after resolving ``..`` and symbolic
links, as the bundle unpacking compares a zip member with its bundle (``job_files``).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from linewatch.errors import Forbidden, InputError

_LOCAL_MASTER = re.compile(r"^local(\[(\d+|\*)(,\d+)?\])?$")


def listed(value: str) -> list[str]:
    """The comma-separated entries of a setting, blanks left out."""
    return [item.strip() for item in value.split(",") if item.strip()]


def check_analysis_params(params: dict[str, dict[str, Any]] | None, lake_roots: str,
                          spark_masters: str) -> None:
    """Refuse an analysis job whose detection settings name a lake or a Spark master the
    server does not allow (``lake_roots`` and ``spark_masters``: the server's settings)."""
    detect = (params or {}).get("detect") or {}
    lake, master = detect.get("lake"), detect.get("spark_master")
    if (lake or master) and detect.get("engine") != "spark":
        raise InputError("lake and spark_master need the Spark engine (engine: spark)",
                         field="engine")
    if lake:
        check_lake(str(lake), listed(lake_roots))
    if master and not _LOCAL_MASTER.match(str(master)) and \
            str(master) not in listed(spark_masters):
        raise Forbidden(f"this server runs Spark only in its own process (local[N]) or on "
                        f"the masters in LINEWATCH_SPARK_MASTERS, not on '{master}'")


def check_lake(lake: str, roots: list[str]) -> None:
    """Allow ``lake`` only inside one of ``roots`` (folders, or URI prefixes)."""
    if not roots:
        raise Forbidden("this server reads no lake for a job: its administrator lists the "
                        "lakes jobs may read in LINEWATCH_LAKE_ROOTS")
    if "://" in lake:
        rest = lake.partition("://")[2]
        if ".." in PurePosixPath(rest).parts or "\\" in rest or "%" in rest:
            raise Forbidden(f"the lake '{lake}' is not under LINEWATCH_LAKE_ROOTS")
        for root in (r for r in roots if "://" in r):
            if f"{lake.rstrip('/')}/".startswith(f"{root.rstrip('/')}/"):
                return
        raise Forbidden(f"the lake '{lake}' is not under LINEWATCH_LAKE_ROOTS")
    path = Path(lake)
    if not path.is_absolute():
        raise InputError("a lake on the server is named by its absolute path", field="lake")
    resolved = path.resolve()
    for root in (r for r in roots if "://" not in r):
        if resolved.is_relative_to(Path(root).resolve()):
            return
    raise Forbidden(f"the lake '{lake}' is not under LINEWATCH_LAKE_ROOTS")
