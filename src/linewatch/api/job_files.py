"""The files of an import job: uploads saved where the job writer will read them.

Each import job has a folder ``<jobs dir>/<job_id>/`` (the jobs dir defaults to
``<store>.jobs`` beside the store, so a queued job survives a restart): ``input/`` holds the
bundle (a zip is unpacked there; single files keep their base names) and ``mapping.yaml`` the
optional column mapping. The folder is removed when the job ends. A zip member that would
land outside ``input/`` (an absolute path, ``..``) or a bundle over the size limit is refused
before the job is queued.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from linewatch.errors import InputError

CHUNK = 1024 * 1024


def jobs_dir(db: str, configured: Path | None = None) -> Path:
    """Where job folders live: the setting, else beside the store (a temporary folder for an
    in-memory store)."""
    if configured is not None:
        return configured
    if db == ":memory:":
        return Path(tempfile.gettempdir()) / "linewatch-jobs"
    return Path(f"{db}.jobs")


def job_folder(base: Path, job_id: str) -> Path:
    return base / job_id


def save_upload(folder: Path, name: str, stream: BinaryIO, limit: int) -> Path:
    """Save one uploaded file as ``input/<base name>`` (a zip is unpacked instead);
    ``limit`` is the most bytes the job's files may take together."""
    inputs = folder / "input"
    inputs.mkdir(parents=True, exist_ok=True)
    base = _safe_name(name)
    target = inputs / base
    _copy_limited(stream, target, limit - _used(inputs))
    if base.lower().endswith(".zip"):
        try:
            _unzip(target, inputs, limit - _used(inputs) + target.stat().st_size)
        finally:
            target.unlink(missing_ok=True)
    return target


def save_mapping(folder: Path, stream: BinaryIO) -> Path:
    target = folder / "mapping.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    _copy_limited(stream, target, CHUNK)
    return target


def input_paths(folder: Path) -> list[Path]:
    """The bundle's top-level files and folders, as ``linewatch ingest`` would be given them."""
    inputs = folder / "input"
    found = sorted(p for p in inputs.iterdir() if not p.name.startswith(".")) \
        if inputs.is_dir() else []
    if not found:
        raise InputError("the upload holds no files")
    return found


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    if not base or base in {".", ".."}:
        raise InputError(f"'{name[:80]}' is not a usable file name")
    return base


def _used(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _copy_limited(stream: BinaryIO, target: Path, room: int) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if written > room:
                out.close()
                target.unlink(missing_ok=True)
                raise InputError("the upload is larger than the server accepts "
                                 "(LINEWATCH_UPLOAD_MAX_MB)")
            out.write(chunk)


def _unzip(archive: Path, into: Path, room: int) -> None:
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > room:
                raise InputError("the unpacked bundle is larger than the server accepts "
                                 "(LINEWATCH_UPLOAD_MAX_MB)")
            root = into.resolve()
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if member.filename.startswith("/") or ".." in parts or not parts:
                    raise InputError(f"zip member '{member.filename[:80]}' points outside "
                                     "the bundle", file=archive.name)
                if parts[0] == "__MACOSX" or parts[-1].startswith("."):
                    continue
                target = (into.joinpath(*parts)).resolve()
                if not target.is_relative_to(root):
                    raise InputError(f"zip member '{member.filename[:80]}' points outside "
                                     "the bundle", file=archive.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as source:
                    _copy_limited(source, target, room)  # type: ignore[arg-type]
    except zipfile.BadZipFile as exc:
        raise InputError("not a readable zip file", file=archive.name) from exc
