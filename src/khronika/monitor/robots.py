"""robots.txt, read as RFC 9309 says: a 4xx means no rules; a 5xx or no answer means "assume everything is
disallowed for now" (the page is retried later, not given up); rules are kept for a while per origin."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.robotparser import RobotFileParser

from .settings import ROBOTS_TOKEN


@dataclass
class RobotsAnswer:
    allowed: bool
    temporary: bool = False  # robots.txt could not be read: try the page again later
    reason: str = ""


@dataclass
class _Rules:
    parser: RobotFileParser | None  # None: no rules (everything allowed)
    unreachable: str | None  # why robots.txt could not be read (everything disallowed until it can)
    expires: float


class RobotsCache:
    """`fetch_robots(url)` -> (http status or None, body text or None, error or None); called once per origin
    per `ttl` seconds, by whichever thread asks first (the others wait for its answer)."""

    UNREACHABLE_TTL = 300.0

    def __init__(self, fetch_robots: Callable[[str], tuple[int | None, str | None, str | None]], ttl: float,
                 on_crawl_delay: Callable[[str, float], None] | None = None):
        self.fetch_robots = fetch_robots
        self.ttl = ttl
        self.on_crawl_delay = on_crawl_delay
        self.lock = threading.Lock()
        self.locks: dict[str, threading.Lock] = {}
        self.rules: dict[str, _Rules] = {}

    def check(self, origin: str, url: str) -> RobotsAnswer:
        rules = self._rules(origin)
        if rules.unreachable:
            return RobotsAnswer(False, temporary=True, reason=f"robots.txt unreachable ({rules.unreachable})")
        if rules.parser is not None and not rules.parser.can_fetch(ROBOTS_TOKEN, url):
            return RobotsAnswer(False, reason="disallowed by robots.txt")
        return RobotsAnswer(True)

    def _rules(self, origin: str) -> _Rules:
        with self.lock:
            lock = self.locks.setdefault(origin, threading.Lock())
        with lock:
            rules = self.rules.get(origin)
            if rules is None or rules.expires <= time.monotonic():
                rules = self.rules[origin] = self._load(origin)
            return rules

    def _load(self, origin: str) -> _Rules:
        status, text, error = self.fetch_robots(origin + "/robots.txt")
        now = time.monotonic()
        if status is None or status >= 500 or status in (408, 429):
            why = error or f"HTTP {status}"
            return _Rules(None, why, now + min(self.ttl, self.UNREACHABLE_TTL))
        if status >= 400 or text is None:  # 404 and friends: the site sets no rules
            return _Rules(None, None, now + self.ttl)
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(ROBOTS_TOKEN)
        if delay and self.on_crawl_delay:
            self.on_crawl_delay(origin, float(delay))
        return _Rules(parser, None, now + self.ttl)
