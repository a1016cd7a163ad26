"""The fetcher's rules one by one, on answers made in the test (httpx.MockTransport: no socket is opened) and on
the 127.0.0.1 site for timing: robots.txt by RFC 9309, Crawl-delay, Retry-After, retries only where they can
help, the size cap from Content-Length, per-host spacing and concurrency, URL normal forms, feed parsing."""
from __future__ import annotations

import threading
import time

import httpx
import pytest

from khronika.monitor import Fetcher, FetchSettings, normalise_url
from khronika.monitor.feeds import FeedError, parse_feed
from khronika.monitor.pages import PageError, page_article
from tests import monitor_site as ms
from tests.test_monitor import only_localhost, site  # noqa: F401  (fixtures)

PAGE = ms.page_html("/news/kz-belarus.html").encode("utf-8")


def settings(**kw) -> FetchSettings:
    base = dict(timeout=0.5, max_seconds=3.0, retries=2, backoff=0.01, max_backoff=0.05, host_interval=0.0,
                max_bytes=64 * 1024, trust_env=False)
    base.update(kw)
    return FetchSettings(**base)


def mock(handler, **kw) -> tuple[Fetcher, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)
    return Fetcher(settings(**kw), transport=httpx.MockTransport(record)), seen


def paths(seen: list[httpx.Request]) -> list[str]:
    return [r.url.path for r in seen]


def test_robots_missing_means_no_rules():
    f, seen = mock(lambda r: httpx.Response(404) if r.url.path == "/robots.txt" else httpx.Response(200, content=PAGE))
    assert f.fetch("https://news.example/a.html").ok
    assert f.fetch("https://news.example/b.html").ok
    assert paths(seen) == ["/robots.txt", "/a.html", "/b.html"]  # robots.txt read once per site


def test_robots_unreachable_means_try_later():
    f, seen = mock(lambda r: httpx.Response(503) if r.url.path == "/robots.txt" else httpx.Response(200, content=PAGE))
    r = f.fetch("https://news.example/a.html")
    assert r.outcome == "retry" and r.error.startswith("robots.txt unreachable") and r.tries == 1
    assert "/a.html" not in paths(seen)


def test_robots_rules_for_our_token_and_crawl_delay():
    robots = "User-agent: *\nAllow: /\n\nUser-agent: khronika\nDisallow: /politics/drafts/\nCrawl-delay: 1\n"

    def handler(r):
        return httpx.Response(200, text=robots) if r.url.path == "/robots.txt" else httpx.Response(200, content=PAGE)
    f, seen = mock(handler)
    assert f.fetch("https://news.example/politics/drafts/x.html").error == "disallowed by robots.txt"
    start = time.monotonic()
    assert f.fetch("https://news.example/politics/1.html").ok
    assert f.fetch("https://news.example/politics/2.html").ok
    assert time.monotonic() - start >= 1.0  # the Crawl-delay (whole seconds) spaces two requests to the site
    assert "/politics/drafts/x.html" not in paths(seen)


def test_retries_only_where_they_can_help():
    answers = {"/gone": [410], "/busy": [429, 200], "/down": [502, 503, 500], "/forbidden": [403]}

    def handler(r):
        if r.url.path == "/robots.txt":
            return httpx.Response(404)
        status = answers[r.url.path].pop(0)
        return httpx.Response(status, headers={"Retry-After": "0"} if status == 429 else {},
                              content=PAGE if status == 200 else b"")
    f, seen = mock(handler)
    assert f.fetch("https://x.example/gone").outcome == "failed"
    assert f.fetch("https://x.example/forbidden").outcome == "failed"
    busy = f.fetch("https://x.example/busy")
    assert busy.ok and busy.tries == 2
    down = f.fetch("https://x.example/down")
    assert down.outcome == "retry" and down.tries == 3 and "(3 tries)" in down.error
    assert paths(seen).count("/gone") == 1 and paths(seen).count("/forbidden") == 1


def test_size_cap_from_content_length_and_conditional_headers():
    def handler(r):
        if r.url.path == "/robots.txt":
            return httpx.Response(404)
        if r.url.path == "/big":
            return httpx.Response(200, headers={"Content-Length": str(10 ** 9)}, content=b"")
        if r.headers.get("If-None-Match") == '"v2"':
            return httpx.Response(304)
        return httpx.Response(200, headers={"ETag": '"v2"', "Last-Modified": "Tue, 14 Jan 2025 10:00:00 GMT"},
                              content=PAGE)
    f, seen = mock(handler)
    big = f.fetch("https://x.example/big")
    assert big.outcome == "failed" and "size cap" in big.error
    first = f.fetch("https://x.example/page")
    assert first.ok and first.etag == '"v2"'
    again = f.fetch("https://x.example/page", etag=first.etag, last_modified=first.last_modified)
    assert again.outcome == "not_modified"
    assert seen[-1].headers["If-Modified-Since"] == "Tue, 14 Jan 2025 10:00:00 GMT"


def test_too_many_redirects_and_redirect_to_a_forbidden_path():
    def handler(r):
        if r.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /closed/\n")
        n = int(r.url.path.strip("/step") or 0) if r.url.path.startswith("/step") else None
        if n is not None:
            return httpx.Response(302, headers={"Location": f"/step{n + 1}"})
        return httpx.Response(301, headers={"Location": "/closed/page"})
    f, seen = mock(handler, max_redirects=3)
    r = f.fetch("https://x.example/step0")
    assert r.outcome == "failed" and r.error == "more than 3 redirects"
    r = f.fetch("https://x.example/moved")
    assert r.outcome == "failed" and r.error == "disallowed by robots.txt"
    assert "/closed/page" not in paths(seen)


def test_encodings_and_what_is_not_an_article():
    from khronika.monitor.fetch import FetchResult
    text = ms.page_html("/news/uzbek-decree.html", meta=False).replace("—", "-").replace("©", "(c)")  # koi8-r has neither
    ok = FetchResult("https://x.example/a", "ok", 200, "https://x.example/a", text.encode("koi8-r"),
                     "text/html", "koi8-r")
    assert page_article(ok).title == ms.ARTICLES["/news/uzbek-decree.html"]["title"]
    # a header naming no known charset: the bytes decide (valid UTF-8 here)
    odd = FetchResult("https://x.example/a", "ok", 200, None, text.encode("utf-8"), "text/html", "x-unknown")
    assert page_article(odd).title == ms.ARTICLES["/news/uzbek-decree.html"]["title"]
    with pytest.raises(PageError, match="content type application/pdf"):
        page_article(FetchResult("u", "ok", 200, None, b"%PDF-1.7", "application/pdf"))
    with pytest.raises(PageError, match="PNG"):
        page_article(FetchResult("u", "ok", 200, None, b"\x89PNG\r\n\x1a\n....", None))


def test_feeds_parse_and_bad_feeds_say_so():
    from khronika.monitor.fetch import FetchResult
    base = "https://news.example"
    body = ms.rss(base, ms.FEED1).encode("utf-8")
    feed = parse_feed(FetchResult(base + "/rss", "ok", 200, base + "/rss", body, "application/rss+xml"), "Вести")
    assert feed.title == "Вести Степи" and feed.language == "ru"
    first = feed.entries[0]
    assert first.url == base + "/news/kz-belarus.html"  # utm_source dropped
    assert first.published_at == "2025-01-13T08:00" and first.feed == "Вести"
    moldova = next(e for e in feed.entries if e.url.endswith("eu-moldova.html"))
    assert moldova.title == ms.FEED_TITLES["/news/eu-moldova.html"] and moldova.published_at == "2025-05-07T14:20"
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(FetchResult(base, "ok", 200, base, PAGE, "text/html"))


def test_url_normal_forms():
    assert normalise_url("HTTPS://News.Example:443/a?utm_medium=rss&id=7#c") == "https://news.example/a?id=7"
    assert normalise_url("http://news.example") == "http://news.example/"
    assert normalise_url("http://news.example:8080/a?b=%D0%BC") == "http://news.example:8080/a?b=%D0%BC"


def test_per_host_spacing_and_concurrency(site):
    """host_concurrency=1 and host_interval: requests to one site never overlap and start apart."""
    f = Fetcher(settings(host_interval=0.15, host_concurrency=1, concurrency=4))
    urls = [site.url(p) for p in ms.GOOD[:4]]
    results: list = []
    threads = [threading.Thread(target=lambda u=u: results.append(f.fetch(u))) for u in urls]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results)
    # robots.txt + 4 pages (the flaky page's 500 and its retry make 6), each ≥ 0.15 s after the one before
    assert time.monotonic() - start >= 0.15 * 4
    assert site.max_active == 1
    f.close()


def test_a_feed_in_another_language_is_refused(tmp_path):
    """The config says ru; a feed that declares kk (a Kazakh-language edition) is an error, its pages unread."""
    from khronika.monitor import FeedConfig, Monitor
    from khronika.store import open_store
    base = "https://kz.example"
    feed = ms.rss(base, ms.FEED2).replace("<language>ru</language>", "<language>kk</language>")

    def handler(r):
        if r.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, text=feed, headers={"Content-Type": "application/rss+xml"})
    seen: list = []
    with open_store(tmp_path / "k.db") as store, Monitor(
            store, settings(), transport=httpx.MockTransport(lambda r: seen.append(r) or handler(r))) as monitor:
        rep = monitor.check_feeds([FeedConfig("Qazaq", base + "/rss")], default_interval=0)
        row = monitor.state.get(base + "/rss")
    assert rep.entries == 0 and rep.fetched == 0 and len(rep.errors) == 1
    assert "declares language 'kk'" in rep.errors[0][1]
    assert row.status == "failed" and row.etag is None
    assert paths(seen) == ["/robots.txt", "/rss"]
