"""Ingest: CSV, Parquet and JSON Lines bundles in the input contract, all or nothing."""

from linewatch.ingest.importer import FileReport, IngestReport, describe, ingest_paths
from linewatch.ingest.mapping import Mapping, load_mapping, load_mappings

__all__ = ["FileReport", "IngestReport", "Mapping", "describe", "ingest_paths", "load_mapping",
           "load_mappings"]
