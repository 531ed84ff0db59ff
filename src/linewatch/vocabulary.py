"""Names the stages and the command line share, importable without loading any stage.

``linewatch --help`` builds every command's options, and some of their help texts and
defaults name these values; keeping them here (no imports) lets the CLI stay cheap to start
while the stages remain the only users that act on them.
"""

from __future__ import annotations

#: the store a command opens when ``--db`` is not given
DEFAULT_DB = "linewatch.duckdb"
#: added to a store's path for the file a running server leaves beside it (its URL and
#: process id), by which the CLI finds the server to forward to
SERVER_INFO_SUFFIX = ".server.json"
#: the analysis stages, in the order ``linewatch analyse`` runs them
PIPELINE_STAGES: tuple[str, ...] = ("resolve", "text", "detect", "score", "safeguard")
#: the states of a safeguarding referral, in order
REFERRAL_STATUSES: tuple[str, ...] = ("drafted", "sent", "reasonable_grounds",
                                      "conclusive_grounds", "not_upheld")
#: what an analyst can confirm or reject (``linewatch label``)
LABEL_KINDS: tuple[str, ...] = ("line", "phone_role", "person_role", "safeguarding",
                                "cuckooed")

#: ``linewatch export`` formats (the export stage's ``FORMATS``, in the same order)
EXPORT_FORMATS: tuple[str, ...] = ("i2", "graphml", "gexf", "neo4j", "ftm", "csv")
#: what a user can watch (``linewatch watch add``)
WATCH_KINDS: tuple[str, ...] = ("phone", "plate", "person", "address", "line", "search")
