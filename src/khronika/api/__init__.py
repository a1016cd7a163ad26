"""The HTTP API and the web pages over the store: `create_app(db, token)`; `khronika serve` runs it."""
from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
