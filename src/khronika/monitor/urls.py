"""URLs as the monitor keeps them: one normal form per page, so the same article linked by two feeds (or with
tracking parameters) is one row of fetch state and one fetch."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

# query parameters that only say where a click came from
TRACKING_PREFIXES = ("utm_",)
TRACKING_KEYS = {"fbclid", "gclid", "yclid", "ysclid", "_openstat", "mc_cid", "mc_eid"}


class BadURL(ValueError):
    pass


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped, an empty path as "/".
    Raises BadURL for anything that is not an absolute http(s) URL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise BadURL(f"{url!r} is not a URL ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise BadURL(f"{url!r} is not an http(s) URL")
    host = (parts.hostname or "").lower()
    if not host:
        raise BadURL(f"{url!r} has no host")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    # the query's own spelling is kept (servers differ on what an encoding means); only tracking pairs go
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair.split("=", 1)[0]))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _is_tracking(key: str) -> bool:
    key = unquote(key).lower()
    return key.startswith(TRACKING_PREFIXES) or key in TRACKING_KEYS


def origin(url: str) -> str:
    """"https://host:port" — what robots.txt and the per-host limits are kept for."""
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def read_url_list(path: str) -> tuple[list[str], list[tuple[str, str]]]:
    """A file with one URL a line (blank lines and '#' comments skipped) -> (URLs in order without repeats,
    [(file:line, reason)] for lines that are not http(s) URLs). Raises OSError when the file cannot be read."""
    text = Path(path).read_bytes().decode("utf-8-sig", errors="replace") if path != "-" else _stdin()
    urls: list[str] = []
    seen: set[str] = set()
    bad: list[tuple[str, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            url = normalise_url(line)
        except BadURL as e:
            bad.append((f"{path}:{n}", str(e)))
            continue
        if url not in seen:
            seen.add(url)
            urls.append(url)
    return urls, bad


def _stdin() -> str:
    import sys
    return sys.stdin.buffer.read().decode("utf-8-sig", errors="replace")
