"""Alert settings: when a score change alerts, and where alerts go besides the app.

Read from ``LINEWATCH_ALERTS_*`` environment variables (pydantic-settings) by the server and
the command line alike. Both outside destinations are off by default: an alert leaves the
store only when ``jsonl_path`` or ``webhook_url`` is set.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AlertSettings(BaseSettings):
    """How watches raise alerts and where alerts are delivered."""

    model_config = SettingsConfigDict(env_prefix="LINEWATCH_ALERTS_", extra="ignore")

    score_change: float = Field(
        default=0.1, ge=0.0, le=1.0,
        description="A watched person's, number's or line's score must move by at least "
                    "this much (on its 0-1 scale) between checks to raise an alert.")
    jsonl_path: Path | None = Field(
        default=None,
        description="Append each new alert as one JSON line to this file (off when unset).")
    webhook_url: str | None = Field(
        default=None,
        description="POST each new alert as JSON to this URL, e.g. a force's own tasking "
                    "system (off when unset).")
    webhook_timeout_seconds: float = Field(
        default=5.0, gt=0.0, le=60.0, description="How long one webhook delivery may take.")
