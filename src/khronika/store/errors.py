"""What can go wrong with a database, as one-line messages for the CLI and the API."""
from __future__ import annotations


class StoreError(Exception):
    """A database problem worth one clear line to the user (never a traceback)."""


class StoreBusy(StoreError):
    """Another process held the database for longer than the busy timeout."""


class NotAStore(StoreError):
    """The file exists but is not a khronika database (corrupt, foreign, or newer than this code)."""


class QueryError(StoreError):
    """A query the store cannot answer as asked: an unknown actor, a bad date, an empty search."""
