"""A fetched page -> Article, through the reading layer; the feed entry that linked it fills what the page lacks
(title, publication date, URL, site)."""
from __future__ import annotations

import codecs
from dataclasses import dataclass, replace

from ..reading import Article, read_page_text
from ..reading.encoding import NotText, binary_kind, decode
from ..reading.html import read_html
from ..reading.inputs import sniff_text
from ..record import Source
from .fetch import FetchResult

HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml"}
TEXT_TYPES = {"text/plain"}


@dataclass
class FeedEntry:
    """What a feed says about one of its items."""
    url: str  # normalised
    title: str | None = None
    published_at: str | None = None  # ISO 8601, the site's local time as the feed writes it
    feed: str | None = None  # the feed's name (config) it came from
    site: str | None = None  # the feed's own title, for pages that name no site


class PageError(ValueError):
    pass


def known_charset(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def page_text(result: FetchResult) -> str:
    """The body as text: a BOM, valid UTF-8, the header's charset, the page's <meta charset>, then a guess
    among Cyrillic encodings (reading.encoding.decode)."""
    if not result.body.strip():
        raise PageError("empty page")
    what = binary_kind(result.body)
    if what:
        raise PageError(f"not an article page ({what})")
    try:
        return decode(result.body, declared=known_charset(result.charset))
    except NotText as e:
        raise PageError(str(e)) from None


def page_article(result: FetchResult, entry: FeedEntry | None = None) -> Article:
    ctype = result.content_type
    if ctype and ctype not in HTML_TYPES | TEXT_TYPES:
        raise PageError(f"not an article page (content type {ctype})")
    text = page_text(result)
    kind = "html" if ctype in HTML_TYPES else "text" if ctype in TEXT_TYPES else sniff_text(text[:4096])
    if kind == "jsonl":
        kind = "text"
    source = Source(url=result.final_url or result.url)
    try:
        article = read_html(text, source=source) if kind == "html" else read_page_text(text, source=source)
    except ValueError as e:
        raise PageError(str(e)) from None
    except Exception as e:  # a page that trips a parser is one failed page, not a stopped monitor
        raise PageError(f"could not be read ({type(e).__name__}: {e})") from None
    return fill_from_entry(article, entry) if entry is not None else article


def fill_from_entry(article: Article, entry: FeedEntry) -> Article:
    """The feed's title, date, link and site where the page has none. A title joins the analysed text (as the
    page's own title would), so the article is rebuilt from its parts."""
    source = article.source
    if not source.url or not source.site:
        source = Source(url=source.url or entry.url, site=source.site or entry.site, file=source.file)
    published = article.published_at or entry.published_at
    if article.title or not entry.title:
        return replace(article, published_at=published, source=source)
    parts = [article.text[a:b] for a, b in article.paragraphs]
    if article.lead and parts and parts[0] == article.lead:
        parts = parts[1:]
    return Article.from_parts(entry.title, article.lead, parts, photo_credit=article.photo_credit,
                              published_at=published, related=list(article.related), source=source)
