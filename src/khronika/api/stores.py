"""Database connections for a server: one read-only Store per worker thread (FastAPI runs plain `def`
endpoints in a thread pool; a connection is never shared between threads at the same time), and a
short-lived writable Store for each POST."""
from __future__ import annotations

import threading
import time
from typing import Any

from ..store import Store, open_store


class Stores:
    def __init__(self, db: str, busy_timeout: float = 5.0):
        self.db = db
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Store] = []
        self._cache: dict[str, tuple[float, Any]] = {}

    def reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, readonly=True, create=False, busy_timeout=self.busy_timeout)
            self._local.store = store
            with self._lock:
                self._open.append(store)
        return store

    def writer(self) -> Store:
        """A writable Store for one request; the caller closes it."""
        return open_store(self.db, readonly=False, create=False, busy_timeout=self.busy_timeout)

    def cached(self, name: str, seconds: float, compute) -> Any:
        """A whole-database summary (stats on a big store take a while) reused for a few seconds."""
        hit = self._cache.get(name)
        now = time.monotonic()
        if hit and now - hit[0] < seconds:
            return hit[1]
        value = compute()
        self._cache[name] = (now, value)
        return value

    def changed(self) -> None:
        self._cache.clear()

    def close(self) -> None:
        with self._lock:
            for s in self._open:
                s.close()
            self._open.clear()
