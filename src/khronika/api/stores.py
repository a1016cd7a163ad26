"""Database connections for a server: a pool of read-only Stores, each lent to one request at a time
(FastAPI runs a request's dependencies and its endpoint in thread-pool threads that may differ, so a
per-thread connection could be used by two requests at once; a lent one cannot), and a short-lived
writable Store for each POST."""
from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Iterator

from ..store import Store, open_store


MEMO_SIZE = 256  # remembered aggregate answers (a pair's series is a few KB)


class Stores:
    def __init__(self, db: str, busy_timeout: float = 5.0):
        self.db = db
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._open: list[Store] = []
        self._idle: list[Store] = []
        self._closed = False
        self._memo: OrderedDict[tuple, tuple[tuple, Any]] = OrderedDict()

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

    def memo(self, store: Store, name: str, key: tuple, compute) -> Any:
        """The value of an expensive whole-database aggregate (stats, a pair's monthly series, the network),
        computed once and reused while the data stays the same: the store only ever adds articles and events,
        so their highest keys tell whether anything changed, here or in another process, in two index
        look-ups. The least recently used of MEMO_SIZE answers go first."""
        version = tuple(store.one("SELECT (SELECT max(pk) FROM articles), (SELECT max(pk) FROM events)"))
        k = (name, key)
        with self._lock:
            hit = self._memo.get(k)
            if hit is not None and hit[0] == version:
                self._memo.move_to_end(k)
                return hit[1]
        value = compute()
        with self._lock:
            self._memo[k] = (version, value)
            self._memo.move_to_end(k)
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def changed(self) -> None:
        with self._lock:
            self._memo.clear()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for s in self._open:
                s.close()
            self._open.clear()
            self._idle.clear()
