"""Generate ``docs/model.md`` from the model files: ``python -m linewatch.schema.docs``."""

from __future__ import annotations

from linewatch.schema.model import load_model

INTRO = """# The entity model

linewatch's data model follows POLE (Person, Object, Location, Event). Each entity type is
declared in its own YAML file in `src/linewatch/schema/model/` and is loaded and cross-checked
at start-up (`linewatch.schema.load_model()`): an unknown parent, an unknown property type or a
caption that names no property stops the program. The web app reads the same model from
`GET /api/model`. This page is generated from those files
(`python -m linewatch.schema.docs > docs/model.md`); a test fails when it is out of date.

Property types own their cleaning (`src/linewatch/schema/types/`): phone numbers to E.164, UK
postcodes, GB number plates, dates and times (naive = Europe/London, stored as UTC), money, drug
class and 3x5x2 grades. Properties marked *protected* (sex) are never inputs to any score.

## Provenance

Every stored row of an ingested kind keeps `_batch` (the import batch), `_file` (the file, see
`import_files`: path, SHA-256, encoding) and `_row` (the record number in that file), and every
normalised value keeps its original text beside it as `<field>_raw`. Extra columns are kept in
`attrs`. Analysis outputs carry the `run_id` of the run that made them (see `analysis_runs`).
"""


def markdown() -> str:
    model = load_model()
    out = [INTRO]
    for category in ("person", "object", "location", "event", "root"):
        out.append(f"## {category.capitalize()} types\n")
        for name, etype in sorted(model.types.items()):
            if etype.category != category:
                continue
            abstract = " (abstract)" if etype.abstract else ""
            parent = f", extends `{etype.extends}`" if etype.extends else ""
            out.append(f"### {name}{abstract}{parent}\n\n{etype.description}\n")
            if etype.edge:
                out.append(f"A link from `{etype.edge['source']}` to `{etype.edge['target']}` "
                           f"({etype.edge['label']}).\n")
            if etype.own_properties:
                rows = ["| property | type | notes |", "|---|---|---|"]
                for prop in etype.own_properties.values():
                    notes = []
                    if prop.required:
                        notes.append("required")
                    if prop.multiple:
                        notes.append("many values")
                    if prop.values:
                        notes.append("one of " + ", ".join(prop.values))
                    if prop.range:
                        notes.append(f"refers to {prop.range}")
                    if prop.protected:
                        notes.append("**protected characteristic: never a score input**")
                    rows.append(f"| `{prop.name}` | {prop.type} | {'; '.join(notes)} |")
                out.append("\n".join(rows) + "\n")
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
