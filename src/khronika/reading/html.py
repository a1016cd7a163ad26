"""HTML pages: trafilatura for the body, our own DOM pass for what it drops (related block,
photo credits) and for the publication date."""
from __future__ import annotations

from ..record import Source
from .article import Article
from .page import read_page_text


def read_html(html: str, source: Source | None = None) -> Article:
    import trafilatura
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise ValueError("no article text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None else None
    body = text if not title else f"{title}\n{text}"
    art = read_page_text(body, source=source)
    if meta is not None and meta.date:
        art.published_at = meta.date
    return art
