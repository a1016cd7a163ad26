"""RSS and Atom feeds (feedparser, given the fetched bytes: it never touches the network here) -> entries."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from ..reading.dates import parse_date
from .fetch import FetchResult
from .pages import FeedEntry
from .urls import BadURL, normalise_url


class FeedError(ValueError):
    pass


@dataclass
class Feed:
    title: str | None
    language: str | None
    entries: list[FeedEntry]
    skipped: int = 0  # items without a usable link


def parse_feed(result: FetchResult, name: str | None = None) -> Feed:
    import feedparser
    base = result.final_url or result.url
    headers = {"content-location": base}
    if result.content_type:
        headers["content-type"] = result.content_type + (f"; charset={result.charset}" if result.charset else "")
    parsed = feedparser.parse(result.body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    channel = parsed.get("feed") or {}
    if not parsed.entries and (parsed.get("bozo") or not channel):
        why = parsed.get("bozo_exception")
        raise FeedError(f"not an RSS or Atom feed{f' ({_one_line(why)})' if why else ''}")
    title = _one_line(channel.get("title")) or None
    entries: list[FeedEntry] = []
    skipped = 0
    seen: set[str] = set()
    for item in parsed.entries:
        link = item.get("link") or _alternate(item)
        if not link:
            skipped += 1
            continue
        try:
            url = normalise_url(urljoin(base, link))
        except BadURL:
            skipped += 1
            continue
        if url in seen:
            continue
        seen.add(url)
        published = next((iso for key in ("published", "updated", "created")
                          if (iso := parse_date(item.get(key)))), None)
        entries.append(FeedEntry(url=url, title=_one_line(item.get("title")) or None, published_at=published,
                                 feed=name, site=title))
    return Feed(title, channel.get("language"), entries, skipped)


def _alternate(item) -> str | None:
    for link in item.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return item.get("id") if str(item.get("id", "")).startswith(("http://", "https://")) else None


def _one_line(value) -> str:
    return " ".join(str(value or "").split())
