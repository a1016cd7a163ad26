"""HTML pages -> Article. Our own DOM pass takes out what trafilatura drops or mixes in (the related block with
its items, photo credits, the lead) and reads title, URL, site and publication date; trafilatura then extracts
the body from what is left, so nothing of the related block or the credits reaches `text`."""
from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

from ..record import RelatedItem, Source
from .article import Article
from .dates import parse_date_line
from .html_blocks import (elements, find_credits, find_lead, find_related_blocks, first_paragraph_is, norm,
                          related_items, remove, strip_noise, text_of)
from .html_meta import (description, dom_published, find_h1, meta_published, page_title, page_url, read_meta,
                        site_name)
from .page import is_related_heading, photo_credit

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")


def parse_html(html: str) -> HtmlElement:
    try:
        root = document_fromstring(_XML_DECL.sub("", html, count=1))
    except (etree.ParserError, ValueError) as e:
        raise ValueError(f"not parseable HTML ({e})") from None
    if root is None:
        raise ValueError("not parseable HTML")
    return root


def read_html(html: str, source: Source | None = None) -> Article:
    source = source or Source()
    root = parse_html(html)
    pm = read_meta(root)
    strip_noise(root)
    url = source.url or page_url(pm)
    base = pm.base or url
    h1 = find_h1(root)
    site = source.site or site_name(pm, url, text_of(h1) if h1 is not None else None)
    title = page_title(pm, h1, site)
    meta_date = meta_published(pm, url)

    related: list[RelatedItem] = []
    for block in find_related_blocks(root, h1, ref=meta_date):
        related.extend(related_items(block, base, ref=meta_date))
        for el in block:
            remove(el)
    published = meta_date or dom_published(root, h1, url)

    credit, credit_elements = find_credits(root)
    for el in credit_elements:
        remove(el)
    lead_el = find_lead(root, h1, title)
    lead = text_of(lead_el) if lead_el is not None else None
    if lead_el is not None:
        remove(lead_el)

    body = _body_paragraphs(root, title, lead, related)
    if not lead and body and first_paragraph_is(description(pm), body[0]) and len(body) > 1:
        lead, body = body[0], body[1:]
    if not body and not lead:
        raise ValueError("no article text found in the HTML")
    return Article.from_parts(title, lead, body, photo_credit=credit, published_at=published, related=related,
                              source=Source(url=url, site=site, file=source.file))


def _body_paragraphs(root: HtmlElement, title: str | None, lead: str | None, related: list[RelatedItem]) -> list[str]:
    import trafilatura
    # a line that is one link's whole text is navigation ("Главная", a rubric), not the article's prose
    link_texts = {text_of(a).lower() for a in root.iter("a")}
    text = trafilatura.extract(root, include_comments=False, include_tables=False, include_images=False,
                               include_links=False, favor_precision=False, deduplicate=False, output_format="txt")
    lines = [norm(l) for l in (text or "").split("\n")]
    if not any(lines):
        lines = _fallback_paragraphs(root)
    skip = {norm(title).lower(), norm(lead).lower()} | {norm(r.title).lower() for r in related if r.title}
    skip |= link_texts
    body: list[str] = []
    for line in lines:
        if not line or line.lower() in skip:
            continue
        if is_related_heading(line) or photo_credit(line) is not None or parse_date_line(line):
            continue
        body.append(line)
    return body


def _fallback_paragraphs(root: HtmlElement) -> list[str]:
    """When trafilatura finds nothing (a very short page): the block elements of <article>, <main> or <body>."""
    scope = next((el for el in elements(root) if el.tag in ("article", "main")), None)
    if scope is None:
        scope = root.find(".//body")
    if scope is None:
        return []
    out = []
    for el in elements(scope):
        if el.tag in BLOCK_TAGS and not any(a.tag in BLOCK_TAGS for a in el.iterancestors()):
            t = text_of(el)
            if t:
                out.append(t)
    return out
