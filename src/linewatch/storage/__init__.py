"""Storage and compute: the DuckDB store and the engines that run portable SQL pipelines.

Nothing outside this package imports ``duckdb`` or ``pyspark``.
"""

from linewatch.storage.store import DEFAULT_DB, Store, check_identifier

__all__ = ["DEFAULT_DB", "Store", "check_identifier"]
