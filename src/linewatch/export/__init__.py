"""Exports to the tools analysts already use: i2 Analyst's Notebook, GraphML, GEXF, Neo4j,
FollowTheMoney (Aleph) and CSV, for a whole case, a line's network, a person's neighbourhood
or a link-chart selection.

:func:`export` builds the case graph the audience may see (``sources.py``), cuts it to the
scope (``scope.py``) and hands it to the format's writer (one module per format). Writers
that produce several files write a folder; :func:`export_bytes` returns one file or a zip of
the folder, for a download. Auditing is the caller's (the API's and the CLI's audit log).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linewatch.errors import InputError
from linewatch.export import csv_lists, gexf, graphml, i2, neo4j
from linewatch.export.graph import Audience, CaseGraph
from linewatch.export.scope import Scope, scoped_graph
from linewatch.storage import Store

__all__ = ["FORMATS", "Audience", "ExportFormat", "Scope", "export", "export_bytes"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    title: str
    suffix: str  # of the file written, or of the download for a folder
    folder: bool  # writes a folder of files
    media_type: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("i2", "i2 Analyst's Notebook chart", ".anx", False, "application/xml"),
    ExportFormat("graphml", "GraphML (yEd, Gephi, networkx)", ".graphml", False,
                 "application/graphml+xml"),
    ExportFormat("gexf", "GEXF (Gephi)", ".gexf", False, "application/xml"),
    ExportFormat("neo4j", "Neo4j import CSVs and Cypher", ".zip", True, "application/zip"),
    ExportFormat("ftm", "FollowTheMoney entities (Aleph)", ".ftm.json", False,
                 "application/x-ndjson"),
    ExportFormat("csv", "CSV of every list", ".zip", True, "application/zip"),
)}

_GRAPH_WRITERS: dict[str, Callable[[CaseGraph, Path], list[Path]]] = {
    "i2": i2.write, "graphml": graphml.write, "gexf": gexf.write, "neo4j": neo4j.write,
    "ftm": lambda graph, path: _ftm_writer()(graph, path),
}


def _ftm_writer() -> Callable[[CaseGraph, Path], list[Path]]:
    """The FollowTheMoney writer, imported on first use: ``followthemoney`` is an optional
    dependency (``pip install 'linewatch[ftm]'``)."""
    try:
        from linewatch.export import ftm
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise InputError("the FollowTheMoney export needs the 'followthemoney' package: "
                         "pip install 'linewatch[ftm]' (it builds PyICU against the "
                         f"system's ICU) ({exc})") from exc
    return ftm.write


def export_format(name: str) -> ExportFormat:
    found = FORMATS.get((name or "").strip().lower())
    if found is None:
        raise InputError(f"unknown export format '{name}' (choose {', '.join(FORMATS)})")
    return found


def export(store: Store, fmt: str, out: Path, audience: Audience,
           scope: Scope | None = None) -> dict[str, Any]:
    """Write ``fmt`` to ``out`` (a file, or a folder for neo4j and csv; csv also writes a
    zip when ``out`` ends ``.zip``); returns what was written, for the audit log."""
    chosen = export_format(fmt)
    scope = scope or Scope()
    graph = scoped_graph(store, audience, scope).rewritten()
    if chosen.name == "csv":
        files = csv_lists.write(store, graph, out, whole_case=scope.name == "case")
    else:
        files = _GRAPH_WRITERS[chosen.name](graph, out)
    return {"format": chosen.name, "out": str(out), "files": [p.name for p in files],
            **graph.summary(), "selection": scope.describe()}


def export_bytes(store: Store, fmt: str, audience: Audience,
                 scope: Scope | None = None) -> tuple[bytes, str, dict[str, Any]]:
    """The export as one download: ``(content, file name, summary)``; a folder is zipped."""
    chosen = export_format(fmt)
    with tempfile.TemporaryDirectory(prefix="linewatch-export-") as tmp:
        target = Path(tmp) / ("export" if chosen.folder else f"export{chosen.suffix}")
        summary = export(store, chosen.name, target, audience, scope)
        if not chosen.folder:
            return target.read_bytes(), f"linewatch-{chosen.name}{chosen.suffix}", summary
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(target.iterdir()):
                archive.write(path, path.name)
        return buffer.getvalue(), f"linewatch-{chosen.name}.zip", summary
