"""Per-host politeness: at most N requests in flight to one host, and a minimum interval between two starts."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator


class Stopped(Exception):
    """The monitor is shutting down: a wait was cut short and the request is not made."""


class HostGate:
    def __init__(self, concurrency: int, interval: float, stop: threading.Event):
        self.slots = threading.BoundedSemaphore(concurrency)
        self.interval = interval
        self.stop = stop
        self.lock = threading.Lock()
        self.next_start = 0.0  # monotonic time the next request may start

    def slow_down(self, interval: float) -> None:
        """A robots.txt Crawl-delay larger than our own interval wins."""
        with self.lock:
            self.interval = max(self.interval, interval)

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for a slot and for this host's next start time; raise Stopped when shutting down meanwhile."""
        while not self.slots.acquire(timeout=0.2):
            if self.stop.is_set():
                raise Stopped()
        try:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.interval
            if start > now and self.stop.wait(start - now):
                raise Stopped()
            if self.stop.is_set():
                raise Stopped()
            yield
        finally:
            self.slots.release()


class Gates:
    """One HostGate per origin, made on first use."""

    def __init__(self, concurrency: int, interval: float, stop: threading.Event):
        self.concurrency, self.interval, self.stop = concurrency, interval, stop
        self.lock = threading.Lock()
        self.by_origin: dict[str, HostGate] = {}

    def __getitem__(self, origin: str) -> HostGate:
        with self.lock:
            gate = self.by_origin.get(origin)
            if gate is None:
                gate = self.by_origin[origin] = HostGate(self.concurrency, self.interval, self.stop)
            return gate
