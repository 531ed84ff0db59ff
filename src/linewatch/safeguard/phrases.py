"""Published indicators found in free-text notes: the phrase groups of ``indicator_phrases.yaml``.

Officers and partners write what they see ("new clothes and money", "older males", "visitors
at all hours", "resident seems scared"). Each phrase group stands for one published indicator
of child criminal exploitation or of cuckooing; a match cites the event, the group and the
words matched, so a reader can check it against the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from linewatch.errors import LinewatchError

KINDS = ("use", "occupant")


@dataclass(frozen=True)
class PhraseGroup:
    """One indicator and the patterns that show it."""

    name: str
    label: str
    kind: str | None
    patterns: tuple[re.Pattern[str], ...]

    def find(self, text: str | None) -> str | None:
        """The first matching words in ``text``, or ``None``."""
        for pattern in self.patterns:
            match = pattern.search(text or "")
            if match:
                return match.group(0)
        return None


@dataclass(frozen=True)
class Phrases:
    exploitation: tuple[PhraseGroup, ...]
    cuckooing: tuple[PhraseGroup, ...]
    reassurance: tuple[re.Pattern[str], ...] = ()

    def reassuring(self, text: str | None) -> bool:
        """True when the note says there is no concern ("safe and well", "no concerns")."""
        return any(p.search(text or "") for p in self.reassurance)

    def concerns(self, groups: tuple[PhraseGroup, ...], text: str | None) -> list[dict[str, Any]]:
        """:meth:`matches`, but nothing for a note that says there is no concern."""
        return [] if self.reassuring(text) else self.matches(groups, text)

    def matches(self, groups: tuple[PhraseGroup, ...], text: str | None) -> list[dict[str, Any]]:
        """Every group that matches ``text``: name, label and the matched words."""
        found = []
        for group in groups:
            words = group.find(text)
            if words:
                found.append({"group": group.name, "label": group.label, "matched": words})
        return found


def default_phrases_path() -> Path:
    return Path(str(resources.files("linewatch.safeguard") / "data" / "indicator_phrases.yaml"))


def load_phrases(path: str | Path | None = None) -> Phrases:
    """Load and check a phrases file (the shipped one when ``path`` is ``None``)."""
    return _load(str(Path(path or default_phrases_path()).resolve()))


@lru_cache(maxsize=4)
def _load(path: str) -> Phrases:
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LinewatchError(f"{path}: cannot read indicator phrases ({exc})") from exc
    try:
        reassurance = tuple(re.compile(p, re.IGNORECASE) for p in spec.get("reassurance") or [])
    except re.error as exc:
        raise LinewatchError(f"{path}: bad reassurance pattern ({exc})") from exc
    return Phrases(exploitation=_groups(spec.get("exploitation"), path, cuckooing=False),
                   cuckooing=_groups(spec.get("cuckooing"), path, cuckooing=True),
                   reassurance=reassurance)


def _groups(entries: Any, path: str, *, cuckooing: bool) -> tuple[PhraseGroup, ...]:
    groups = []
    for i, entry in enumerate(entries or []):
        where = f"{path}: group #{i + 1}"
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("patterns"):
            raise LinewatchError(f"{where} needs a name and patterns")
        kind = entry.get("kind")
        if cuckooing and kind not in KINDS:
            raise LinewatchError(f"{where}: kind must be one of {KINDS}")
        try:
            patterns = tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"])
        except re.error as exc:
            raise LinewatchError(f"{where}: bad pattern ({exc})") from exc
        groups.append(PhraseGroup(str(entry["name"]), str(entry.get("label", entry["name"])),
                                  kind, patterns))
    return tuple(groups)
