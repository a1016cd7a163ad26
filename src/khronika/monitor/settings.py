"""How politely and how hard the monitor fetches: one FetchSettings, from defaults, a config file or the CLI."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from .. import __version__

DEFAULT_USER_AGENT = (f"khronika/{__version__} (research monitor of Russian-language political news; "
                      f"honours robots.txt; one request per second per site)")
ROBOTS_TOKEN = "khronika"  # the product token robots.txt groups are matched against


@dataclass
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two bytes received
    max_seconds: float = 60.0  # a whole response (a server dripping bytes cannot hold a worker longer)
    max_bytes: int = 5 * 1024 * 1024  # a page or feed larger than this is refused
    max_redirects: int = 5
    retries: int = 3  # further tries after a 5xx, 408, 429, a timeout or a network error (never after other 4xx)
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    max_backoff: float = 120.0  # also the cap on a server's Retry-After
    host_interval: float = 1.0  # seconds between two requests to one host (robots.txt Crawl-delay may raise it)
    host_concurrency: int = 2  # requests in flight to one host
    concurrency: int = 8  # requests in flight in all
    robots: bool = True  # read and obey robots.txt
    robots_ttl: float = 3600.0  # seconds a host's robots.txt is trusted
    max_crawl_delay: float = 30.0  # a larger Crawl-delay is clipped to this
    max_tries: int = 3  # fetches of one page (over cycles and restarts) before the monitor gives up on it
    trust_env: bool = True  # proxies and certificates from the environment (HTTP_PROXY, SSL_CERT_FILE, ...)
    accept_language: str = "ru,ru-RU;q=0.9,en;q=0.3"

    def updated(self, values: dict, where: str) -> "FetchSettings":
        """A copy with `values` (from a config file: durations as "10s"/"2m", sizes as "5MB") applied;
        an unknown key or a bad value raises ValueError naming `where` and the key."""
        known = {f.name: f for f in fields(self)}
        out = FetchSettings(**{f: getattr(self, f) for f in known})
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ValueError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
            setattr(out, name, _coerce(getattr(self, name), value, f"{where}: {key}"))
        out.check(where)
        return out

    def check(self, where: str = "settings") -> None:
        for name in ("timeout", "max_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{where}: {name} must be positive")
        for name in ("max_bytes", "host_concurrency", "concurrency", "max_tries"):
            if getattr(self, name) < 1:
                raise ValueError(f"{where}: {name} must be at least 1")
        for name in ("retries", "max_redirects", "backoff", "max_backoff", "host_interval", "robots_ttl",
                     "max_crawl_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"{where}: {name} must not be negative")
        if not self.user_agent.strip():
            raise ValueError(f"{where}: user_agent must not be empty")


def _coerce(default, value, where: str):
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, int):
        return parse_size(value, where) if isinstance(value, str) else _number(value, int, where)
    if isinstance(default, float):
        return parse_duration(value, where) if isinstance(value, str) else float(_number(value, float, where))
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected text, got {value!r}")
    return value


def _number(value, kind, where: str):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not float(value).is_integer()):
        raise ValueError(f"{where}: expected a {'whole ' if kind is int else ''}number, got {value!r}")
    return kind(value)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?\s*$", re.I)
_UNIT_SECONDS = {None: 1.0, "ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str | float | int, where: str = "duration") -> float:
    """"10m" -> 600.0, "30s", "1.5h", "250ms", a bare number of seconds."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if text < 0:
            raise ValueError(f"{where}: must not be negative")
        return float(text)
    m = _DURATION.match(str(text))
    if not m:
        raise ValueError(f"{where}: {text!r} is not a duration (e.g. 30s, 10m, 1h)")
    return float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "").lower() or None]


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$", re.I)
_UNIT_BYTES = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3}


def parse_size(text: str, where: str = "size") -> int:
    """"5MB" -> 5242880, "300kb", a bare number of bytes."""
    m = _SIZE.match(str(text))
    if not m:
        raise ValueError(f"{where}: {text!r} is not a size (e.g. 300kb, 5MB) or a number")
    return int(float(m.group(1)) * _UNIT_BYTES[(m.group(2) or "").lower()])


@dataclass
class FeedConfig:
    name: str
    url: str
    language: str = "ru"
    interval: float | None = None  # seconds between two fetches of the feed; None: the watch's --every


@dataclass
class WatchConfig:
    feeds: list[FeedConfig]
    settings: FetchSettings = field(default_factory=FetchSettings)
    every: float | None = None  # the config's default interval
