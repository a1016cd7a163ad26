"""Database connections for a server: a pool of read-only Stores, each lent to one request at a time
(FastAPI runs a request's dependencies and its endpoint in thread-pool threads that may differ, so a
per-thread connection could be used by two requests at once; a lent one cannot), and a short-lived
writable Store for each POST."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from ..store import Store, open_store


class Stores:
    def __init__(self, db: str, busy_timeout: float = 5.0):
        self.db = db
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._open: list[Store] = []
        self._idle: list[Store] = []
        self._closed = False
        self._cache: dict[str, tuple[float, Any]] = {}

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        """A read-only Store for the caller alone until the block ends."""
        with self._lock:
            store = self._idle.pop() if self._idle else None
        if store is None:
            store = open_store(self.db, readonly=True, create=False, busy_timeout=self.busy_timeout)
            with self._lock:
                self._open.append(store)
        try:
            yield store
        finally:
            with self._lock:
                if self._closed:
                    store.close()
                else:
                    self._idle.append(store)

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
            self._closed = True
            for s in self._open:
                s.close()
            self._open.clear()
            self._idle.clear()
