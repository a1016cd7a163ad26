"""JSONL dumps: one article per line (spec/RECORD.md, "Input JSONL lines"), read line by line so that a dump
of any size streams; every bad line becomes a LineError with its number and the others go on."""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from ..record import Source
from .article import Article
from .dates import parse_date
from .encoding import NotText, decode

TEXT_FIELDS = ("text", "content", "body")
META_FIELDS = ("title", "url", "published_at", "site", "id")


class LineError(ValueError):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def article_from_object(obj: object, file: str | None = None) -> Article:
    """One JSONL object -> Article; ValueError with the reason when it is not an article."""
    if not isinstance(obj, dict):
        raise ValueError(f"a JSON {type(obj).__name__}, not an object")
    for key in META_FIELDS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise ValueError(f"'{key}' is not a string")
    src = Source(url=obj.get("url") or None, site=obj.get("site") or None, file=file)
    published = parse_date(obj.get("published_at"))
    title = obj.get("title") or None
    for key in TEXT_FIELDS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            art = Article.from_clean_text(value, title=title, source=src)
            art.published_at = published
            return art
    html = obj.get("html")
    if isinstance(html, str) and html.strip():
        from .html import read_html
        art = read_html(html, source=src)
        if title and not art.title:
            art = Article.from_parts(title.strip(), art.lead, _body(art), photo_credit=art.photo_credit,
                                     related=art.related, source=art.source, published_at=art.published_at)
        art.published_at = published or art.published_at
        return art
    present = [k for k in (*TEXT_FIELDS, "html") if k in obj]
    if present:
        raise ValueError(f"no text: '{present[0]}' is empty or not a string")
    raise ValueError("no text: none of 'text', 'content', 'body' or 'html' is there")


def _body(art: Article) -> list[str]:
    skip = int(bool(art.title)) + int(bool(art.lead))
    return [art.text[s:e] for s, e in art.paragraphs[skip:]]


def read_jsonl(text: str, file: str | None = None, max_bytes: int | None = None) -> Iterator[Article | LineError]:
    """A whole decoded JSONL text: an Article per good line and a LineError per bad one."""
    for n, line in enumerate(text.split("\n"), 1):
        if max_bytes is not None and len(line) > max_bytes:  # characters, a lower bound of its bytes
            yield LineError(n, f"line longer than the size limit ({max_bytes} bytes)")
            continue
        yield from _read_line(n, line, file)


def read_jsonl_lines(lines: Iterable[tuple[int, bytes | None]], file: str | None = None,
                     max_bytes: int | None = None) -> Iterator[Article | LineError]:
    """Numbered raw lines (None for a line over the size limit) -> Articles and LineErrors."""
    for n, raw in lines:
        if raw is None:
            yield LineError(n, f"line longer than the size limit ({max_bytes} bytes)")
            continue
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:  # JSON is UTF-8 by its RFC, but dumps saved in cp1251 exist
                line = decode(raw)
            except NotText as e:
                yield LineError(n, str(e))
                continue
        yield from _read_line(n, line, file)


def _read_line(n: int, line: str, file: str | None) -> Iterator[Article | LineError]:
    if not line.strip():
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        yield LineError(n, f"not JSON ({e.msg} at column {e.colno})")
        return
    except RecursionError:
        yield LineError(n, "not JSON (nested too deeply)")
        return
    try:
        article = article_from_object(obj, file=file)
    except ValueError as e:
        yield LineError(n, str(e))
        return
    except Exception as e:  # an `html` field that trips a parser: that line is skipped, the dump goes on
        yield LineError(n, f"could not be read ({type(e).__name__}: {e})")
        return
    yield article


def split_lines(chunks: Iterable[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Bytes arriving in chunks -> numbered lines; a line over `max_bytes` is given as None and never held
    whole in memory."""
    n = 0
    buf = b""
    skipping = False
    for chunk in chunks:
        buf += chunk
        while True:
            i = buf.find(b"\n")
            if i < 0:
                break
            line, buf = buf[:i], buf[i + 1:]
            n += 1
            if skipping:
                skipping = False
                yield n, None
            elif len(line) > max_bytes:
                yield n, None
            else:
                yield n, line
        if len(buf) > max_bytes:
            skipping, buf = True, b""
    if skipping:
        yield n + 1, None
    elif buf.strip():
        yield n + 1, buf
