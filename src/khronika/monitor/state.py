"""Fetch state in the store's `fetches` table: what was fetched when, with what status and validators, so a
restart does not refetch what is done, and a URL that two feeds list is fetched once.

Page statuses: ok (read into an article: `article_id`), failed (permanent: 4xx, robots.txt, too large, a
redirect loop, not an article), retry (temporary: 5xx, timeout, network, or the analysis failed; fetched
again in a later cycle until `tries` reaches the limit). Feed statuses: ok, not_modified, failed, retry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterable

from ..store.base import now_iso

if TYPE_CHECKING:
    from ..store import Store

UPSERT = """
INSERT INTO fetches (url, kind, feed, status, http_status, final_url, etag, last_modified, article_id, error,
                     tries, entry_title, entry_published, first_seen, fetched_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET
  kind = excluded.kind, feed = COALESCE(fetches.feed, excluded.feed), status = excluded.status,
  http_status = excluded.http_status, final_url = excluded.final_url,
  etag = excluded.etag, last_modified = excluded.last_modified,
  article_id = COALESCE(excluded.article_id, fetches.article_id), error = excluded.error,
  tries = CASE WHEN excluded.tries = 0 THEN 0 ELSE fetches.tries + excluded.tries END,
  entry_title = COALESCE(excluded.entry_title, fetches.entry_title),
  entry_published = COALESCE(excluded.entry_published, fetches.entry_published),
  fetched_at = excluded.fetched_at
"""
CHUNK = 400  # URLs per IN (...) query


@dataclass
class FetchRow:
    url: str
    kind: str
    status: str
    tries: int
    article_id: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str | None
    feed: str | None = None
    entry_title: str | None = None
    entry_published: str | None = None
    error: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    stored: bool = False  # for a page: its article is in the store


class FetchState:
    def __init__(self, store: "Store"):
        self.store = store

    def rows(self, urls: Iterable[str]) -> dict[str, FetchRow]:
        urls = list(dict.fromkeys(urls))
        out: dict[str, FetchRow] = {}
        for i in range(0, len(urls), CHUNK):
            part = urls[i:i + CHUNK]
            out.update({r.url: r for r in self._select(f"f.url IN ({', '.join('?' * len(part))})", part)})
        return out

    def _select(self, where: str, params: list) -> list[FetchRow]:
        rows = self.store.all(
            "SELECT f.url, f.kind, f.status, f.tries, f.article_id, f.etag, f.last_modified, f.fetched_at, f.feed, "
            "f.entry_title, f.entry_published, f.error, f.http_status, f.final_url, "
            "EXISTS (SELECT 1 FROM articles a WHERE a.id = f.article_id) "
            f"FROM fetches f WHERE {where}", params)
        return [FetchRow(*r[:14], stored=bool(r[14])) for r in rows]

    def get(self, url: str) -> FetchRow | None:
        return self.rows([url]).get(url)

    def page_needs_fetch(self, row: FetchRow | None, max_tries: int) -> bool:
        """Not seen yet; or a temporary failure, or read but not stored (the analysis failed, or the process
        was stopped before its write), with tries left."""
        if row is None:
            return True
        if row.status == "ok" and row.stored:
            return False
        if row.status in ("ok", "retry"):
            return row.tries < max_tries
        return False

    def pending_retries(self, max_tries: int, limit: int = 1000) -> list[FetchRow]:
        """Pages to try again: temporary failures, and pages read whose article never reached the store."""
        rows = self._select("f.kind = 'page' AND f.status IN ('retry', 'ok') AND f.tries < ? "
                            "ORDER BY f.fetched_at LIMIT ?", [max_tries, limit])
        return [r for r in rows if self.page_needs_fetch(r, max_tries)]

    def record(self, url: str, kind: str, status: str, *, http_status: int | None = None,
               final_url: str | None = None, etag: str | None = None, last_modified: str | None = None,
               article_id: str | None = None, error: str | None = None, feed: str | None = None,
               entry_title: str | None = None, entry_published: str | None = None, count_try: bool = True) -> None:
        """Insert or update the row of `url` (in the caller's transaction, if any). `count_try=False` resets
        the count (a feed answered)."""
        now = now_iso()
        with self.store.write():
            self.store.execute(UPSERT, (url, kind, feed, status, http_status, final_url, etag, last_modified,
                                        article_id, error, 1 if count_try else 0, entry_title, entry_published,
                                        now, now))

    def feed_due(self, row: FetchRow | None, interval: float, now: datetime | None = None) -> bool:
        return seconds_until_due(row, interval, now) <= 0

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for kind, status, n in self.store.all("SELECT kind, status, count(*) FROM fetches GROUP BY kind, status"):
            out.setdefault(kind, {})[status] = n
        return out


def seconds_until_due(row: FetchRow | None, interval: float, now: datetime | None = None) -> float:
    if row is None or not row.fetched_at:
        return 0.0
    try:
        last = datetime.strptime(row.fetched_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return 0.0
    now = now or datetime.now(timezone.utc)
    return interval - (now - last).total_seconds()
