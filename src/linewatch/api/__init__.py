"""The analyst web app's server: ``create_app(Settings(...))`` builds the FastAPI app."""

from linewatch.api.app import create_app
from linewatch.api.settings import Settings

__all__ = ["Settings", "create_app"]
