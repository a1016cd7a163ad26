"""What `khronika watch` follows: one feed URL, or a TOML file listing feeds (name, url, language, interval)
with optional fetch settings. See examples/feeds.toml."""
from __future__ import annotations

import tomllib
from pathlib import Path

from .settings import FeedConfig, FetchSettings, WatchConfig, parse_duration
from .urls import BadURL, normalise_url

FEED_KEYS = {"name", "url", "language", "interval"}
TOP_KEYS = {"every", "fetch", "feeds"}
SUPPORTED_LANGUAGES = {"ru"}  # what the analysis reads


class ConfigError(ValueError):
    pass


def load_target(target: str) -> WatchConfig:
    """A feed URL or a config file path -> WatchConfig; ConfigError with one line saying what is wrong."""
    if target.startswith(("http://", "https://")):
        try:
            url = normalise_url(target)
        except BadURL as e:
            raise ConfigError(str(e)) from None
        return WatchConfig(feeds=[FeedConfig(name=url.split("/")[2], url=url)])
    return load_config(Path(target))


def load_config(path: Path) -> WatchConfig:
    where = str(path)
    if not path.exists():
        raise ConfigError(f"{where}: no such file (give a feed URL or a feeds config, e.g. examples/feeds.toml)")
    if path.is_dir():
        raise ConfigError(f"{where}: is a directory, not a feeds config")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: not valid TOML ({e})") from None
    except OSError as e:
        raise ConfigError(f"{where}: cannot read ({e.strerror or e})") from None
    return config_from_dict(data, where)


def config_from_dict(data: dict, where: str) -> WatchConfig:
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(TOP_KEYS))})")
    try:
        every = parse_duration(data["every"], f"{where}: every") if "every" in data else None
        fetch = data.get("fetch", {})
        if not isinstance(fetch, dict):
            raise ConfigError(f"{where}: [fetch] must be a table of settings")
        settings = FetchSettings().updated(fetch, f"{where}: [fetch]")
    except ValueError as e:
        raise ConfigError(str(e)) from None
    raw = data.get("feeds")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: lists no feeds (add [[feeds]] tables with name and url)")
    feeds: list[FeedConfig] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(raw, 1):
        feed = _feed(item, f"{where}: feed {i}")
        if feed.url in seen:
            raise ConfigError(f"{where}: feed {i} ({feed.name}) repeats the URL of {seen[feed.url]}")
        seen[feed.url] = feed.name
        feeds.append(feed)
    return WatchConfig(feeds=feeds, settings=settings, every=every)


def _feed(item, where: str) -> FeedConfig:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a table with name and url")
    unknown = set(item) - FEED_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(FEED_KEYS))})")
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{where}: has no url")
    try:
        url = normalise_url(url)
    except BadURL as e:
        raise ConfigError(f"{where}: {e}") from None
    name = item.get("name") or url.split("/")[2]
    if not isinstance(name, str):
        raise ConfigError(f"{where}: name must be text")
    where = f"{where} ({name})"
    language = item.get("language", "ru")
    if not isinstance(language, str) or language.split("-")[0].lower() not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"{where}: language {language!r} is not supported (khronika analyses Russian: 'ru')")
    interval = None
    if "interval" in item:
        try:
            interval = parse_duration(item["interval"], f"{where}: interval")
        except ValueError as e:
            raise ConfigError(str(e)) from None
    return FeedConfig(name=name, url=url, language=language, interval=interval)
