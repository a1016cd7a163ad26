"""Fetching one URL politely and robustly: robots.txt, per-host limits, timeouts, retries with exponential
backoff on 5xx/408/429/timeouts/network errors (never on other 4xx), conditional requests, a size cap,
redirects followed by hand (each hop checked against robots.txt and its host's limits) up to a limit."""
from __future__ import annotations

import email.utils
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

import httpx

from .gate import Gates, Stopped
from .robots import RobotsCache
from .settings import FetchSettings
from .urls import BadURL, normalise_url, origin

RETRY_STATUSES = {408, 429}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


@dataclass
class FetchResult:
    url: str  # as asked
    outcome: str  # ok | not_modified | failed (permanent) | retry (temporary) | stopped
    status: int | None = None  # the last HTTP status
    final_url: str | None = None  # after redirects
    body: bytes = b""
    content_type: str | None = None  # "text/html", without parameters
    charset: str | None = None  # from the Content-Type header
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # why not ok: one line
    tries: int = 0
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


class _Failure(Exception):
    def __init__(self, outcome: str, error: str, status: int | None = None, retry_after: float | None = None,
                 retry_here: bool = True):
        super().__init__(error)
        self.outcome, self.error, self.status, self.retry_after = outcome, error, status, retry_after
        self.retry_here = retry_here  # False: retrying at once cannot help (robots.txt unreachable, cached a while)


class Fetcher:
    """Thread-safe: many threads may call `fetch` at once; the limits hold across all of them."""

    def __init__(self, settings: FetchSettings | None = None, stop: threading.Event | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.settings = s = settings or FetchSettings()
        self.stop = stop or threading.Event()
        self.client = httpx.Client(
            headers={"User-Agent": s.user_agent, "Accept-Language": s.accept_language,
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.timeout), follow_redirects=False, trust_env=s.trust_env,
            limits=httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=s.concurrency),
            transport=transport)
        self.gates = Gates(s.host_concurrency, s.host_interval, self.stop)
        self.robots = RobotsCache(self._fetch_robots, s.robots_ttl, self._crawl_delay) if s.robots else None
        self.requests = 0  # requests sent, for reports and tests

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the public call ---

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5") -> FetchResult:
        """GET `url` following the rules above; never raises for a network or HTTP problem."""
        s = self.settings
        tries = 0
        while True:
            tries += 1
            try:
                result = self._follow(url, etag, last_modified, accept)
            except Stopped:
                result = FetchResult(url, "stopped", error="stopped before it was fetched")
            except _Failure as f:
                result = FetchResult(url, f.outcome, status=f.status, error=f.error)
                if f.outcome == "retry" and f.retry_here and tries <= s.retries:
                    wait = min(s.max_backoff, f.retry_after if f.retry_after is not None
                               else s.backoff * 2 ** (tries - 1) * random.uniform(0.8, 1.2))
                    if not self.stop.wait(wait):
                        continue
                    result = FetchResult(url, "stopped", status=f.status, error="stopped while waiting to retry")
                elif f.outcome == "retry" and tries > 1:
                    result.error = f"{f.error} ({tries} tries)"
            result.tries = tries
            return result

    # --- one try: hops through redirects ---

    def _follow(self, url: str, etag: str | None, last_modified: str | None, accept: str) -> FetchResult:
        seen = [url]
        current = url
        while True:
            self._check_robots(current)
            response_info = self._request(current, etag, last_modified, accept)
            status, headers, body = response_info
            if status in REDIRECT_STATUSES and headers.get("location"):
                try:
                    target = normalise_url(urljoin(current, headers["location"]))
                except BadURL as e:
                    raise _Failure("failed", f"redirect to a bad URL: {e}", status) from None
                if target in seen:
                    raise _Failure("failed", f"redirect loop ({' -> '.join(seen[seen.index(target):] + [target])})",
                                   status)
                if len(seen) > self.settings.max_redirects:
                    raise _Failure("failed", f"more than {self.settings.max_redirects} redirects", status)
                seen.append(target)
                current = target
                etag = last_modified = None  # validators belong to the URL they came from
                continue
            if status == 304:
                return FetchResult(url, "not_modified", status, current, etag=headers.get("etag"),
                                   last_modified=headers.get("last-modified"), redirects=seen[1:])
            if 200 <= status < 300:
                ctype, charset = _content_type(headers.get("content-type"))
                return FetchResult(url, "ok", status, current, body, ctype, charset, headers.get("etag"),
                                   headers.get("last-modified"), redirects=seen[1:])
            if status >= 500 or status in RETRY_STATUSES:
                raise _Failure("retry", f"HTTP {status}", status, _retry_after(headers.get("retry-after")))
            raise _Failure("failed", f"HTTP {status}", status)

    def _check_robots(self, url: str) -> None:
        if self.robots is None:
            return
        answer = self.robots.check(origin(url), url)
        if not answer.allowed:
            raise _Failure("retry" if answer.temporary else "failed", answer.reason, retry_here=False)

    def _request(self, url: str, etag: str | None, last_modified: str | None,
                 accept: str) -> tuple[int, httpx.Headers, bytes]:
        """One GET through the host's gate; the body read with the size cap and the whole-response deadline
        (a body is read only for 2xx answers)."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        s = self.settings
        with self.gates[origin(url)].turn():
            self.requests += 1
            deadline = time.monotonic() + s.max_seconds
            try:
                with self.client.stream("GET", url, headers=headers) as resp:
                    if not 200 <= resp.status_code < 300:
                        return resp.status_code, resp.headers, b""
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > s.max_bytes:
                        raise _Failure("failed", f"larger than the size cap ({declared} > {s.max_bytes} bytes)",
                                       resp.status_code)
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes(CHUNK):
                        size += len(chunk)
                        if size > s.max_bytes:
                            raise _Failure("failed", f"larger than the size cap (over {s.max_bytes} bytes)",
                                           resp.status_code)
                        if time.monotonic() > deadline:
                            raise _Failure("retry", f"timed out (the response took over {s.max_seconds:g} s)")
                        if self.stop.is_set():
                            raise Stopped()
                        chunks.append(chunk)
                    return resp.status_code, resp.headers, b"".join(chunks)
            except httpx.TimeoutException:
                raise _Failure("retry", f"timed out (no answer within {s.timeout:g} s)") from None
            except httpx.DecodingError as e:
                raise _Failure("failed", f"undecodable response body ({e})") from None
            except httpx.TransportError as e:
                raise _Failure("retry", f"network error: {_transport_reason(e)}") from None
            except httpx.InvalidURL as e:
                raise _Failure("failed", f"invalid URL: {e}") from None

    # --- robots.txt through the same client, gate and caps ---

    def _fetch_robots(self, url: str) -> tuple[int | None, str | None, str | None]:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            try:
                status, headers, body = self._request(current, None, None, "text/plain,*/*;q=0.5")
            except _Failure as f:
                if f.status is not None and f.outcome == "failed":  # too large: read no rules rather than guess
                    return 200, "", None
                return f.status, None, f.error
            if status in REDIRECT_STATUSES and headers.get("location"):
                current = urljoin(current, headers["location"])
                continue
            if 200 <= status < 300:
                return status, body.decode("utf-8", errors="replace"), None
            return status, None, None
        return 404, None, None  # a redirect chain without end: as if there were no robots.txt

    def _crawl_delay(self, origin_: str, delay: float) -> None:
        self.gates[origin_].slow_down(min(delay, self.settings.max_crawl_delay))


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    main, _, params = value.partition(";")
    charset = None
    for p in params.split(";"):
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip("\"'") or None
    return main.strip().lower() or None, charset


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _transport_reason(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return " ".join(text.split())[:200]
