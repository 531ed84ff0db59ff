"""Neo4j: CSV files for ``neo4j-admin database import full`` and a ``LOAD CSV`` script.

One node file per label (``nodes_person.csv``: ``id:ID``, ``:LABEL`` and typed properties
such as ``events:long``, ``score:double``, ``cuckooed:boolean``, ``dob:date``,
``first_seen:localdatetime``) and one relationship file per type (``rels_call.csv``:
``:START_ID``, ``:END_ID``, ``:TYPE`` and typed properties). Ids are the link chart's
``type:key`` ids, unique across labels, so one id space serves every file. A column's type is
the narrowest that fits every value in it; text otherwise.

``import.sh`` holds the ``neo4j-admin`` command for an empty database; ``load.cypher`` does the
same into a running database with ``LOAD CSV`` (copy the files into Neo4j's ``import``
folder first). Values are written as they are: no spreadsheet formula guard, since Neo4j
would store the guard's quote as part of the value.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from linewatch.export.graph import CaseGraph, Edge, Node, Scalar

LABELS = {"person": "Person", "phone": "Phone", "address": "Address", "vehicle": "Vehicle",
          "line": "Line", "handset": "Handset", "object": "Object",
          "organisation": "Organisation"}
_SAFE = re.compile(r"[^A-Za-z0-9_]")
#: Cypher conversion of each header type, for load.cypher
CONVERT = {"long": "toInteger({})", "double": "toFloat({})", "boolean": "toBoolean({})",
           "date": "date({})", "localdatetime": "localdatetime({})", "string": "{}"}


def label(kind: str) -> str:
    return LABELS.get(kind, kind.title())


def rel_type(edge: Edge) -> str:
    """The relationship type: the edge kind, or a relationship's own type (``KNOWS``)."""
    name = str(edge.props.get("type") or edge.kind) if edge.kind == "relationship" else edge.kind
    return _SAFE.sub("_", name).upper()


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _is_datetime(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text


def column_type(values: list[Scalar]) -> str:
    """The neo4j-admin type every non-empty value fits."""
    present = [v for v in values if v is not None]
    if not present:
        return "string"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    if all(isinstance(v, str) and _is_date(v) for v in present):
        return "date"
    if all(isinstance(v, str) and _is_datetime(v) for v in present):
        return "localdatetime"
    return "string"


def _cell(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _columns(items: list[Node] | list[Edge]) -> list[tuple[str, str]]:
    names: dict[str, None] = {}
    for item in items:
        names.update(dict.fromkeys(item.props))
    return [(n, column_type([i.props.get(n) for i in items])) for n in names]


def _converted(name: str, kind: str) -> str:
    """The Cypher for one column's value: empty is no value, else converted to its type."""
    field = f"row.`{name}:{kind}`"
    return f"CASE WHEN {field} = '' THEN null ELSE {CONVERT[kind].format(field)} END"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(graph: CaseGraph, out: Path) -> list[Path]:
    """The import folder ``out``: node and relationship files, ``import.sh``,
    ``load.cypher``."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    cypher: list[str] = ["// linewatch export: " + graph.scope,
                         "CREATE CONSTRAINT linewatch_id IF NOT EXISTS "
                         "FOR (n:LinewatchNode) REQUIRE n.id IS UNIQUE;"]
    node_args, rel_args = [], []
    by_kind: dict[str, list[Node]] = {}
    for node in graph.nodes.values():
        by_kind.setdefault(node.kind, []).append(node)
    for kind, nodes in sorted(by_kind.items()):
        cols = [(n, t) for n, t in _columns(nodes) if n not in {"id", "label", "kind"}]
        path = out / f"nodes_{kind}.csv"
        header = ["id:ID", "label", ":LABEL", *(f"{n}:{t}" for n, t in cols)]
        _write(path, header, [[n.id, n.label, f"{label(kind)};LinewatchNode",
                               *(_cell(n.props.get(c)) for c, _ in cols)] for n in nodes])
        written.append(path)
        node_args.append(f"--nodes={path.name}")
        sets = ", ".join(f"n.{c} = {_converted(c, t)}" for c, t in cols)
        cypher.append(f"LOAD CSV WITH HEADERS FROM 'file:///{path.name}' AS row\n"
                      f"MERGE (n:LinewatchNode {{id: row.`id:ID`}}) SET n:{label(kind)}, "
                      f"n.label = row.label" + (f", {sets}" if sets else "") + ";")
    by_type: dict[str, list[Edge]] = {}
    for edge in graph.edges.values():
        by_type.setdefault(rel_type(edge), []).append(edge)
    for name, edges in sorted(by_type.items()):
        cols = [(n, t) for n, t in _columns(edges) if n != "type"]
        path = out / f"rels_{name.lower()}.csv"
        header = [":START_ID", ":END_ID", ":TYPE", "label", *(f"{n}:{t}" for n, t in cols)]
        _write(path, header, [[e.source, e.target, name, e.label,
                               *(_cell(e.props.get(c)) for c, _ in cols)] for e in edges])
        written.append(path)
        rel_args.append(f"--relationships={path.name}")
        sets = ", ".join(f"r.{c} = {_converted(c, t)}" for c, t in cols)
        cypher.append(f"LOAD CSV WITH HEADERS FROM 'file:///{path.name}' AS row\n"
                      "MATCH (a:LinewatchNode {id: row.`:START_ID`}), "
                      "(b:LinewatchNode {id: row.`:END_ID`})\n"
                      f"CREATE (a)-[r:{name}]->(b) SET r.label = row.label"
                      + (f", {sets}" if sets else "") + ";")
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into an empty database (stop Neo4j first); run from this folder.\n"
        "neo4j-admin database import full --overwrite-destination=true "
        "--multiline-fields=true \\\n  " + " \\\n  ".join([*node_args, *rel_args])
        + " \\\n  ${1:-neo4j}\n", encoding="utf-8")
    load = out / "load.cypher"
    load.write_text("\n\n".join(cypher) + "\n", encoding="utf-8")
    return [*written, script, load]
