"""Finding the files of a bundle, telling their kind, format and text encoding."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from linewatch.errors import InputError
from linewatch.schema.contract import KINDS, Kind, resolve_kind

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl",
           ".ndjson": "jsonl", ".json": "jsonl", ".txt": "txt"}
_SNIFF_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """One input file with what is known about it before reading."""

    path: Path
    kind: Kind
    format: str

    @property
    def name(self) -> str:
        return str(self.path)


def discover(paths: list[Path], kind_name: str | None = None) -> list[SourceFile]:
    """Expand bundles and folders into files with their kinds; errors name the path."""
    forced = _kind_or_error(kind_name) if kind_name else None
    found: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder", file=str(path))
        if path.is_file():
            kind = forced or _kind_from_name(path) or resolve_kind(path.parent.name)
            if kind is None:
                raise InputError(
                    "cannot tell which kind of data this is: name it <kind>.csv|.parquet|.jsonl "
                    f"(kinds: {', '.join(KINDS)}) or pass --kind", file=str(path))
            found.append(_source(path, kind))
            continue
        own_kind = forced or resolve_kind(path.name)
        if own_kind is not None:
            found += [_source(p, own_kind) for p in _files_in(path, own_kind)]
            continue
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue
            kind = resolve_kind(child.stem if child.is_file() else child.name)
            if kind is None:
                continue
            files = [child] if child.is_file() else _files_in(child, kind)
            found += [_source(p, kind) for p in files if p.suffix.lower() in FORMATS]
    return found


def _files_in(folder: Path, kind: Kind) -> list[Path]:
    wanted = {".txt"} if kind.name == "articles" else set(FORMATS) - {".txt"}
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in wanted
                  and not p.name.startswith("."))


def _source(path: Path, kind: Kind) -> SourceFile:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unsupported file type '{path.suffix}' (use .csv, .parquet or .jsonl)",
                         file=str(path))
    if kind.name == "articles" and fmt != "txt":
        raise InputError("articles are .txt files, one article each", file=str(path))
    if kind.name != "articles" and fmt == "txt":
        raise InputError(f"a .txt file cannot hold kind '{kind.name}'", file=str(path))
    return SourceFile(path, kind, fmt)


def _kind_from_name(path: Path) -> Kind | None:
    stem = path.stem.lower()
    kind = resolve_kind(stem)
    if kind is None:
        for name in KINDS:
            if stem.startswith(name + "_") or stem.startswith(name + "-"):
                return KINDS[name]
    if kind is None and path.suffix.lower() == ".txt":
        return None
    return kind


def _kind_or_error(name: str) -> Kind:
    kind = resolve_kind(name)
    if kind is None:
        raise InputError(f"unknown kind '{name}' (kinds: {', '.join(KINDS)})")
    return kind


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(4 * 1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """``utf-8`` (a BOM allowed), ``utf-16`` (by its BOM) or ``latin-1`` (not valid UTF-8)."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        read = 0
        try:
            while read < _SNIFF_BYTES:
                block = handle.read(1024 * 1024)
                if not block:
                    decoder.decode(b"", final=True)
                    break
                read += len(block)
                decoder.decode(block)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8"


def read_csv_header(path: Path, encoding: str) -> list[str] | None:
    """The header row's column names as written (``None`` for an empty file)."""
    python_encoding = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "latin-1": "latin-1"}[encoding]
    with path.open("r", encoding=python_encoding, newline="") as handle:
        first = handle.readline()
    if not first.strip():
        return None
    row = next(csv.reader(io.StringIO(first)))
    return [col.strip() for col in row]
