"""The store: articles and everything found in them, in SQLite (default) or PostgreSQL (issue 8).

`open_store(path_or_url)` gives a Store; `write.save_batch` writes prepared records; `queries` reads.
All SQL lives in this package; engine differences live in `dialect.py`.
"""
from .base import DEFAULT_DB, Store, default_db, open_store
from .errors import NotAStore, QueryError, StoreBusy, StoreError
from .prepare import PreparedArticle, prepare
from .write import get_record, has_article, iter_records, load_roles, save_batch

__all__ = ["DEFAULT_DB", "Store", "default_db", "open_store", "NotAStore", "QueryError", "StoreBusy",
           "StoreError", "PreparedArticle", "prepare", "get_record", "has_article", "iter_records",
           "load_roles", "save_batch"]
