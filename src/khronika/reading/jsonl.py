"""JSONL dumps: one article per line (spec/RECORD.md, "Input JSONL lines")."""
from __future__ import annotations

import json
from typing import Iterator

from ..record import Source
from .article import Article
from .dates import parse_date

TEXT_FIELDS = ("text", "content", "body")


class LineError(ValueError):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def article_from_object(obj: dict, file: str | None = None) -> Article:
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    src = Source(url=obj.get("url") or None, site=obj.get("site") or None, file=file)
    published = parse_date(obj.get("published_at")) if obj.get("published_at") else None
    title = obj.get("title") or None
    if title is not None and not isinstance(title, str):
        raise ValueError("'title' is not a string")
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
            art = Article.from_parts(title, art.lead, _body(art), photo_credit=art.photo_credit,
                                     related=art.related, source=src, published_at=art.published_at)
        art.published_at = published or art.published_at
        return art
    raise ValueError("no text: none of 'text', 'content', 'body' or 'html' holds a non-empty string")


def _body(art: Article) -> list[str]:
    skip = int(bool(art.title)) + int(bool(art.lead))
    return [art.text[s:e] for s, e in art.paragraphs[skip:]]


def read_jsonl(text: str, file: str | None = None) -> Iterator[Article | LineError]:
    """Yield an Article per good line and a LineError (with its line number) per bad one."""
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield LineError(n, f"not JSON ({e.msg})")
            continue
        try:
            yield article_from_object(obj, file=file)
        except ValueError as e:
            yield LineError(n, str(e))
