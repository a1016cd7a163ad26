"""The monitor: feeds -> entries -> pages -> articles -> the store, with the fetch state kept beside them.

Fetching runs in threads; analysis and every database write run in the calling thread, one transaction per
page (the article's rows and its fetch state together), so a stop at any moment leaves nothing half-written.
A feed's validators (ETag, Last-Modified) are saved only once all its entries are handled: a run stopped
half-way fetches the feed in full again next time, and the pages already done are skipped by their state."""
from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import httpx

from ..record import record_id
from ..store import Store, StoreError, has_article, load_roles, save_batch
from .feeds import FeedError, parse_feed
from .fetch import Fetcher, FetchResult
from .pages import FeedEntry, PageError, page_article
from .settings import FeedConfig, FetchSettings
from .state import FetchRow, FetchState, seconds_until_due
from .threads import run_threads

ERROR_KINDS = ("HTTP \\d+", "timed out", "robots.txt", "redirect loop", "redirects", "size cap", "network error",
               "analysis failed", "not an article page", "not an RSS or Atom feed")
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"


@dataclass
class CycleReport:
    number: int = 0
    started: str = ""
    seconds: float = 0.0
    feeds: int = 0  # feeds fetched (due) in this cycle
    feeds_unchanged: int = 0  # ... that answered 304 Not Modified
    entries: int = 0  # distinct page URLs the feeds (or the URL list) gave
    done_before: int = 0  # ... already stored in an earlier cycle or run: not fetched again
    failed_before: int = 0  # ... given up on in an earlier cycle or run (a 404, robots.txt, ...): not fetched again
    fetched: int = 0  # pages fetched in this cycle (retries of earlier failures included)
    new: int = 0  # articles stored
    already: int = 0  # pages whose article was already in the store (the same text under another URL)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    stopped: bool = False
    store_error: str | None = None

    def line(self) -> str:
        """The one line a watch prints per cycle."""
        parts = []
        if self.feeds or self.number:
            parts.append(f"{self.feeds} feed{'s' if self.feeds != 1 else ''}"
                         + (f" ({self.feeds_unchanged} unchanged)" if self.feeds_unchanged else ""))
        parts += [f"{self.entries} entries", f"{self.fetched} fetched", f"{self.new} new",
                  f"{self.already + self.done_before} already there",
                  f"{len(self.errors)} error{'' if len(self.errors) == 1 else 's'}"]
        if self.failed_before:
            parts.insert(-1, f"{self.failed_before} failed before")
        if self.errors:
            kinds = Counter(_kind(r) for _, r in self.errors).most_common(6)
            parts[-1] += " (" + ", ".join(f"{k} ×{n}" for k, n in kinds) + ")"
        head = f"{self.started} cycle {self.number}: " if self.number else f"{self.started} "
        tail = f"; {self.seconds:.1f} s"
        if self.store_error:
            tail += f"; database: {self.store_error}"
        if self.stopped:
            tail += "; stopped"
        return head + ", ".join(parts) + tail

    def to_dict(self) -> dict:
        return {"cycle": self.number, "started": self.started, "seconds": round(self.seconds, 2),
                "feeds": self.feeds, "feeds_unchanged": self.feeds_unchanged, "entries": self.entries,
                "done_before": self.done_before, "failed_before": self.failed_before, "fetched": self.fetched, "new": self.new,
                "already_there": self.already, "errors": [{"url": u, "reason": r} for u, r in self.errors],
                "stopped": self.stopped, "store_error": self.store_error}


def _kind(reason: str) -> str:
    """A short class of an error for the cycle line: "HTTP 404", "timed out", "robots.txt", ..."""
    r = reason.split(": ", 1)[1] if reason.startswith("feed ") and ": " in reason else reason
    for key in ERROR_KINDS:
        m = re.search(key, r)
        if m:
            return m.group(0)
    return r.split(" (")[0][:40]


class Monitor:
    """Fetches feeds and pages into a store. Build one per process; `stop` (an Event) ends it cleanly."""

    def __init__(self, store: Store, settings: FetchSettings | None = None, stop: threading.Event | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.store = store
        self.settings = settings or FetchSettings()
        self.stop = stop or threading.Event()
        self.fetcher = Fetcher(self.settings, self.stop, transport)
        self.state = FetchState(store)
        self.cycles = 0
        self._analyst = None
        self._last_role = 0

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> "Monitor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- what a watch cycle and `ingest --urls` do ---

    def check_feeds(self, feeds: list[FeedConfig], default_interval: float, force: bool = False) -> CycleReport:
        """One cycle: every feed that is due, its new entries, and pages left to retry from earlier cycles."""
        report = self._start()
        try:
            rows = self.state.rows(f.url for f in feeds)
            due = [f for f in feeds if force or self.state.feed_due(rows.get(f.url), _interval(f, default_interval))]
            report.feeds = len(due)
            entries: dict[str, FeedEntry] = {}
            answered = []
            for feed, result in run_threads(due, lambda f: self._fetch_feed(f, rows.get(f.url)),
                                            self.settings.concurrency, self.stop):
                got = self._feed_answer(feed, result, rows.get(feed.url), report)
                if got is not None:
                    for entry in got:
                        entries.setdefault(entry.url, entry)  # a URL in two feeds: the first feed's entry
                    answered.append((feed, result))
            report.entries = len(entries)
            self._pages(list(entries.values()), report, retries=True)
            if not self.stop.is_set():
                for feed, result in answered:
                    self.state.record(feed.url, "feed", "ok", http_status=result.status, final_url=result.final_url,
                                      etag=result.etag, last_modified=result.last_modified, feed=feed.name,
                                      count_try=False)
        except StoreError as e:
            report.store_error = str(e)
        return self._finish(report)

    def fetch_urls(self, urls: list[str]) -> CycleReport:
        """Pages by URL (normalised): each fetched unless done in an earlier run."""
        report = self._start(count=False)
        report.entries = len(urls)
        try:
            self._pages([FeedEntry(url=u) for u in urls], report, retries=False)
        except StoreError as e:
            report.store_error = str(e)
        return self._finish(report)

    def seconds_to_next(self, feeds: list[FeedConfig], default_interval: float) -> float:
        rows = self.state.rows(f.url for f in feeds)
        return min((seconds_until_due(rows.get(f.url), _interval(f, default_interval)) for f in feeds),
                   default=default_interval)

    # --- feeds ---

    def _fetch_feed(self, feed: FeedConfig, row: FetchRow | None) -> FetchResult:
        etag = row.etag if row else None
        modified = row.last_modified if row else None
        return self.fetcher.fetch(feed.url, etag=etag, last_modified=modified, accept=FEED_ACCEPT)

    def _feed_answer(self, feed: FeedConfig, result: FetchResult, row: FetchRow | None,
                     report: CycleReport) -> list[FeedEntry] | None:
        if result.outcome == "stopped":
            return None
        keep = {"etag": row.etag if row else None, "last_modified": row.last_modified if row else None}
        if result.outcome == "not_modified":
            report.feeds_unchanged += 1
            self.state.record(feed.url, "feed", "not_modified", http_status=result.status, final_url=result.final_url,
                              etag=result.etag or keep["etag"],
                              last_modified=result.last_modified or keep["last_modified"],
                              feed=feed.name, count_try=False)
            return None
        error = None
        entries: list[FeedEntry] = []
        if not result.ok:
            error = result.error
        else:
            try:
                parsed = parse_feed(result, feed.name)
            except FeedError as e:
                error = str(e)
            else:
                declared = (parsed.language or "").split("-")[0].strip().lower()
                wanted = feed.language.split("-")[0].lower()
                if declared and declared != wanted:
                    error = f"the feed declares language {parsed.language!r}, the config says {feed.language!r}"
                entries = parsed.entries
        if error is None:
            return entries
        report.errors.append((feed.url, f"feed {feed.name}: {error}"))
        status = "retry" if result.outcome == "retry" else "failed"
        self.state.record(feed.url, "feed", status, http_status=result.status, final_url=result.final_url,
                          error=error, feed=feed.name, **keep)
        return None

    # --- pages ---

    def _pages(self, entries: list[FeedEntry], report: CycleReport, retries: bool) -> None:
        max_tries = self.settings.max_tries
        rows = self.state.rows(e.url for e in entries)
        todo: list[tuple[FeedEntry, FetchRow | None]] = []
        for entry in entries:
            row = rows.get(entry.url)
            if self.state.page_needs_fetch(row, max_tries):
                todo.append((entry, row))
            elif row is not None and row.status == "ok":
                report.done_before += 1
            else:
                report.failed_before += 1
        if retries:  # pages that failed for a passing reason in an earlier cycle, whatever feed listed them
            listed = {e.url for e in entries}
            for row in self.state.pending_retries(max_tries):
                if row.url not in listed:
                    todo.append((FeedEntry(row.url, row.entry_title, row.entry_published, row.feed), row))
        for (entry, row), result in run_threads(todo, lambda t: self.fetcher.fetch(t[0].url),
                                                self.settings.concurrency, self.stop):
            if result.outcome == "stopped" or self.stop.is_set():
                break
            report.fetched += 1
            self._page(entry, row, result, report)

    def _page(self, entry: FeedEntry, row: FetchRow | None, result: FetchResult, report: CycleReport) -> None:
        meta = dict(http_status=result.status, final_url=result.final_url, etag=result.etag,
                    last_modified=result.last_modified, feed=entry.feed, entry_title=entry.title,
                    entry_published=entry.published_at)
        tries = (row.tries if row else 0) + 1
        if not result.ok:
            self._page_failed(entry.url, result.outcome, result.error or "not fetched", tries, meta, report)
            return
        try:
            article = page_article(result, entry)
        except PageError as e:
            self._page_failed(entry.url, "failed", str(e), tries, meta, report)
            return
        rid = record_id(article.text)
        if has_article(self.store, rid):
            self.state.record(entry.url, "page", "ok", article_id=rid, **meta)
            report.already += 1
            return
        try:
            prepared = self._analyse(article)
        except Exception as e:  # one article the analysis trips on is reported; the monitor goes on
            self._page_failed(entry.url, "retry", f"analysis failed: {type(e).__name__}: {e}", tries, meta, report)
            return
        with self.store.write():  # the article and its fetch state: both or neither
            [new] = save_batch(self.store, [prepared])
            self.state.record(entry.url, "page", "ok", article_id=rid, **meta)
        if new:
            report.new += 1
        else:
            report.already += 1

    def _page_failed(self, url: str, outcome: str, error: str, tries: int, meta: dict, report: CycleReport) -> None:
        status = "retry" if outcome == "retry" else "failed"
        if status == "retry" and tries >= self.settings.max_tries:
            status, error = "failed", f"{error}; given up after {tries} attempts (cycles or runs)"
        self.state.record(url, "page", status, error=error, **meta)
        report.errors.append((url, error))

    def _analyse(self, article):
        if self._analyst is None:  # the models load only once something needs analysing
            from ..ingest import Analyst
            roles, self._last_role = load_roles(self.store)
            self._analyst = Analyst(roles)
        else:  # roles other processes taught since
            rows, self._last_role = load_roles(self.store, self._last_role)
            self._analyst.add_roles(rows)
        return self._analyst(article)

    # --- reports ---

    def _start(self, count: bool = True) -> CycleReport:
        if count:
            self.cycles += 1
        report = CycleReport(number=self.cycles if count else 0,
                             started=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        report.seconds = time.monotonic()
        return report

    def _finish(self, report: CycleReport) -> CycleReport:
        report.seconds = time.monotonic() - report.seconds
        report.stopped = self.stop.is_set()
        return report


def _interval(feed: FeedConfig, default: float) -> float:
    return feed.interval if feed.interval is not None else default


def watch(monitor: Monitor, feeds: list[FeedConfig], every: float, on_cycle: Callable[[CycleReport], None],
          once: bool = False, min_wait: float = 1.0) -> int:
    """Cycles until `monitor.stop` is set (or once); sleeps until the next feed is due. Returns the cycles run."""
    n = 0
    while not monitor.stop.is_set():
        report = monitor.check_feeds(feeds, every)
        n += 1
        on_cycle(report)
        if once or monitor.stop.is_set():
            break
        try:  # a database that failed this cycle is not hammered: the next try waits a full interval
            wait = every if report.store_error else monitor.seconds_to_next(feeds, every)
        except StoreError:
            wait = every
        monitor.stop.wait(max(min_wait, wait))
    return n
