"""Monitoring: fetch pages and follow RSS/Atom feeds politely, keeping the store current (issue 10).

`Fetcher` fetches one URL (robots.txt, per-host limits, retries, conditional requests, caps); `Monitor` runs
feed cycles and URL lists into a Store, with the fetch state in the store's `fetches` table; `watch` loops."""
from .config import ConfigError, load_config, load_target
from .fetch import Fetcher, FetchResult
from .run import CycleReport, Monitor, watch
from .settings import FeedConfig, FetchSettings, WatchConfig, parse_duration
from .state import FetchState
from .urls import BadURL, normalise_url, read_url_list

__all__ = ["ConfigError", "load_config", "load_target", "Fetcher", "FetchResult", "CycleReport", "Monitor", "watch",
           "FeedConfig", "FetchSettings", "WatchConfig", "parse_duration", "FetchState", "BadURL", "normalise_url",
           "read_url_list"]
