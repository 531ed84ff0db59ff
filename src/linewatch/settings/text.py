"""Settings of the text intake stage: sources, grade weights and match confidences."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from linewatch.settings.base import SettingsGroup, StageSettings

#: the grade weight of an untested source that knows indirectly (2C: 0.5 x 0.7)
_TWO_C = 0.35


class MatchConfidence(SettingsGroup):
    """Confidence of each way a mention is matched to an entity."""

    nominal_phone: float = Field(default=0.8, ge=0, le=1)
    """A phone number recorded on a nominal's record."""
    phone_roles_person: float = Field(default=0.8, ge=0, le=1)
    """A phone that resolution attributes to a person."""
    same_text_phone: float = Field(default=0.8, ge=0, le=1)
    """A phone named in the same text as a line (shared among the lines)."""
    name_exact: float = Field(default=0.9, ge=0, le=1)
    """A person's name matching exactly."""
    name_variant: float = Field(default=0.75, ge=0, le=1)
    """A name matching through the name-variants table."""
    name_phonetic: float = Field(default=0.6, ge=0, le=1)
    """A name matching by sound."""
    name_initial: float = Field(default=0.4, ge=0, le=1)
    """A name matching by initial and surname."""
    nickname: float = Field(default=0.6, ge=0, le=1)
    """A nickname on record."""
    address_exact: float = Field(default=0.9, ge=0, le=1)
    """An address matching exactly."""
    address_building: float = Field(default=0.7, ge=0, le=1)
    """An address matching the building only."""
    postcode_bonus: float = Field(default=0.1, ge=0, le=1)
    """Added when the postcode agrees too."""
    unplaced_factor: float = Field(default=0.6, ge=0, le=1)
    """Applied to an address match without a postcode to place it."""
    postcode: float = Field(default=1.0, ge=0, le=1)
    """A postcode on record."""


class TextSettings(StageSettings):
    """Every weight and threshold of text intake."""

    stage: ClassVar[str] = "text"

    sources: list[Literal["intel", "tips", "articles"]] = ["intel", "tips", "articles"]
    """Which texts to read."""
    reuse_extractions: bool = True
    """Reuse the stored extraction of a text unchanged since the last run."""
    record_outcomes: bool = True
    """Record court outcomes from press releases (articles)."""
    tip_weight: float = Field(default=_TWO_C, ge=0, le=1)
    """Grade weight of a public tip (ungraded; counted as 2C)."""
    article_weight: float = Field(default=1.0, ge=0, le=1)
    """Grade weight of a news article (public record)."""
    ungraded_weight: float = Field(default=_TWO_C, ge=0, le=1)
    """Grade weight of an intelligence report without a usable grade (counted as 2C)."""
    name_variants: str | None = None
    """Path of a name-variants CSV; none = the shipped one."""
    confidence: MatchConfidence = MatchConfidence()
    """Match confidences (a partial mapping changes only the names given)."""
    chunk_size: int = Field(default=5000, ge=1)
    """Texts read and matched at a time (bounds memory)."""
