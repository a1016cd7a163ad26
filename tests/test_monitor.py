"""The monitor against a news site served on 127.0.0.1 by the test (tests/monitor_site.py): two feed cycles and
a restart, each troublemaker handled as issue 10 says, good articles stored exactly once, conditional requests
answered 304 on the second cycle. A guard refuses any connection to another address."""
from __future__ import annotations

import socket
import sqlite3

import pytest

from khronika.monitor import FeedConfig, FetchSettings, Monitor, normalise_url
from khronika.monitor.state import FetchState
from khronika.store import get_record, open_store
from tests import monitor_site as ms


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch):
    """No test reaches any address outside 127.0.0.1."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kw):
        if host not in ("127.0.0.1", "localhost", b"127.0.0.1"):
            raise OSError(f"test guard: refusing to resolve {host!r}")
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def site():
    s = ms.serve()
    yield s
    s.close()


def settings(**kw) -> FetchSettings:
    base = dict(timeout=0.3, max_seconds=3.0, retries=2, backoff=0.01, max_backoff=0.05, host_interval=0.0,
                max_bytes=64 * 1024, trust_env=False, max_tries=3)
    base.update(kw)
    return FetchSettings(**base)


def feeds(site) -> list[FeedConfig]:
    return [FeedConfig("Вести Степи", site.url("/feed.xml")), FeedConfig("Центральная Азия", site.url("/atom.xml"))]


def state_of(db, path_url: str):
    with open_store(db) as store:
        return FetchState(store).get(normalise_url(path_url))


def article_rows(db) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT id, url, title FROM articles ORDER BY pk").fetchall()
    finally:
        con.close()


def test_two_cycles_and_a_restart(site, tmp_path):
    db = tmp_path / "k.db"
    good = {site.url(p) for p in ms.GOOD}

    with open_store(db) as store, Monitor(store, settings()) as monitor:
        first = monitor.check_feeds(feeds(site), default_interval=0)
        second = monitor.check_feeds(feeds(site), default_interval=0)

    # cycle 1: the five good pages (one of them listed by both feeds) are stored; each troublemaker is one error
    assert first.feeds == 2 and first.feeds_unchanged == 0
    assert first.entries == 10  # 9 + 2 links, one URL shared (tracking parameter and fragment aside)
    assert first.new == 5, first.errors
    errors = {url.replace(site.base, ""): reason for url, reason in first.errors}
    assert set(errors) == {ms.MISSING, ms.SLOW, ms.LOOP, ms.HUGE, ms.PRIVATE}, errors
    assert errors[ms.MISSING] == "HTTP 404"
    assert "timed out" in errors[ms.SLOW] and "3 tries" in errors[ms.SLOW]
    assert errors[ms.LOOP].startswith("redirect loop")
    assert "size cap" in errors[ms.HUGE]
    assert errors[ms.PRIVATE] == "disallowed by robots.txt"

    # retries: the 500 was retried and recovered; the slow page timed out on every try; 4xx never retried
    assert site.count(ms.FLAKY, 500) == 1 and site.count(ms.FLAKY, 200) == 1
    assert site.count(ms.MISSING) == 1
    assert site.count(ms.PRIVATE) == 0, "robots.txt forbids it: never requested"
    assert site.count("/robots.txt") == 1
    assert all("khronika/" in h.headers.get("User-Agent", "") for h in site.hits)

    # cycle 2: both feeds asked conditionally and answered 304; nothing new; good pages never fetched again
    assert second.feeds == 2 and second.feeds_unchanged == 2
    assert second.new == 0 and second.entries == 0
    for feed in ("/feed.xml", "/atom.xml"):
        hit = site.requests_to(feed)[-1]
        assert hit.status == 304
        assert hit.headers.get("If-None-Match") == ms.FEED_ETAG
        assert hit.headers.get("If-Modified-Since") == ms.FEED_MODIFIED
    for path in ms.GOOD:
        assert site.count(path, 200) == 1, path
    # the slow page (a passing failure) is tried again in cycle 2; the permanent failures are not
    assert [u for u, _ in second.errors] == [site.url(ms.SLOW)]
    assert site.count(ms.MISSING) == 1 and site.count(ms.LOOP) == 1 and site.count(ms.HUGE) == 1

    rows = article_rows(db)
    assert len(rows) == 5 and len({r[0] for r in rows}) == 5
    assert {r[1] for r in rows} == good

    # restart: a new monitor on the same database refetches nothing that is done
    before = len(site.hits)
    with open_store(db) as store, Monitor(store, settings()) as monitor:
        third = monitor.check_feeds(feeds(site), default_interval=0)
    assert third.new == 0 and third.feeds_unchanged == 2
    new_paths = [h.path for h in site.hits[before:]]
    assert set(new_paths) <= {"/robots.txt", "/feed.xml", "/atom.xml", ms.SLOW}, new_paths
    assert len(article_rows(db)) == 5

    # the slow page has had its three tries: given up, and no longer fetched
    slow = state_of(db, site.url(ms.SLOW))
    assert slow.status == "failed" and slow.tries == 3 and "given up" in slow.error
    with open_store(db) as store, Monitor(store, settings()) as monitor:
        fourth = monitor.check_feeds(feeds(site), default_interval=0)
    assert fourth.fetched == 0 and not fourth.errors


def test_pages_read_in_their_encodings_and_filled_from_the_feed(site, tmp_path):
    db = tmp_path / "k.db"
    with open_store(db) as store, Monitor(store, settings()) as monitor:
        rep = monitor.check_feeds(feeds(site), default_interval=0)
        assert rep.new == 5
        by_url = {r["source"]["url"]: r for r in (get_record(store, rid) for rid, _, _ in article_rows(db))}

    for path in (ms.CP1251_META, ms.CP1251_HEADER):  # cp1251 declared by a meta tag / by the header only
        rec = by_url[site.url(path)]
        assert rec["title"] == ms.ARTICLES[path]["title"]
        assert ms.ARTICLES[path]["paragraphs"][0] in rec["text"]

    # the page without a title or a date: the feed's title joins the analysed text, the feed's date is kept
    rec = by_url[site.url("/news/eu-moldova.html")]
    assert rec["title"] == ms.FEED_TITLES["/news/eu-moldova.html"]
    assert rec["text"].startswith(rec["title"] + "\n\n")
    assert rec["published_at"] == "2025-05-07T14:20"
    start, end = rec["paragraphs"][0]
    assert rec["text"][start:end] == rec["title"]

    # a page with its own title and date keeps them (not the feed's)
    rec = by_url[site.url("/news/kz-belarus.html")]
    assert rec["published_at"] == "2025-01-14T10:30" and rec["source"]["site"] == "Вести Степи"
    assert any(a["name"].endswith("Кошербаев") for a in rec["actors"]), [a["name"] for a in rec["actors"]]

    # what was fetched, when and how is in the store
    row = state_of(db, site.url(ms.FLAKY))
    assert row.status == "ok" and row.http_status == 200 and row.fetched_at and row.article_id
    feed = state_of(db, site.url("/feed.xml"))
    assert feed.kind == "feed" and feed.status == "ok" and feed.etag == ms.FEED_ETAG
    assert state_of(db, site.url(ms.PRIVATE)).status == "failed"


def test_stop_before_the_end_keeps_the_feed_for_next_time(site, tmp_path):
    """A cycle stopped half-way leaves no feed validators behind: the next run reads the feed in full again, and
    pages done before the stop are not fetched again."""
    import threading
    db = tmp_path / "k.db"
    stop = threading.Event()
    only = [FeedConfig("Вести Степи", site.url("/feed.xml"))]
    with open_store(db) as store, Monitor(store, settings(concurrency=1), stop) as monitor:
        real = monitor._page

        def page_then_stop(*args):
            real(*args)
            stop.set()  # as a SIGTERM handler would, after the first page
        monitor._page = page_then_stop
        rep = monitor.check_feeds(only, default_interval=0)
    assert rep.stopped and rep.fetched == 1
    assert state_of(db, site.url("/feed.xml")) is None, "validators are saved only after every entry is handled"
    done = len(article_rows(db))
    assert done <= 1

    with open_store(db) as store, Monitor(store, settings()) as monitor:
        rep = monitor.check_feeds(only, default_interval=0)
    assert rep.feeds_unchanged == 0 and rep.done_before == 1
    assert len(article_rows(db)) == 4  # FEED1's good pages
    assert state_of(db, site.url("/feed.xml")).etag == ms.FEED_ETAG
