"""The parts of an HTML page that trafilatura drops or mixes in: the related block (other articles' headlines
with their times and links), photo credits and the lead. Each finder reads the DOM; the caller removes what
they return before extracting the body."""
from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from ..record import RelatedItem
from .dates import parse_date, parse_item_time
from .markers import markers

INLINE_TAGS = {"a", "b", "strong", "em", "i", "span", "small", "br", "time", "sup", "sub", "u", "mark", "cite", "font"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "header", "li", "dt", "label"}
# An element whose text outside links is at most this (or this share of its text) is a list of links.
LINK_LIST_MAX_OWN_CHARS = 120
LINK_LIST_MAX_OWN_SHARE = 0.35
MAX_HEADING_CHARS = 60
MAX_DATE_CHARS = 40
MAX_CREDIT_CHARS = 200
MAX_RELATED_ITEMS = 50  # a related block lists a handful; a longer list is a site map, and pairing it would be slow


def norm(s: str | None) -> str:
    return " ".join((s or "").split())


def text_of(el: HtmlElement) -> str:
    return norm(el.text_content())


def short_text(el: HtmlElement, limit: int) -> str | None:
    """The element's text when it is at most `limit` characters, else None, without joining a big subtree."""
    pieces, raw = [], 0
    for piece in el.itertext():
        raw += len(piece)
        if raw > 4 * limit + 200:  # far beyond the limit even after whitespace is collapsed
            return None
        pieces.append(piece)
    text = norm("".join(pieces))
    return text if len(text) <= limit else None


def elements(root: HtmlElement):
    """Element nodes only (no comments or processing instructions)."""
    return (el for el in root.iter() if isinstance(el.tag, str))


def compact_attrs(el: HtmlElement) -> str:
    """class and id, lowercased, without '-' and '_': 'article__read-also' -> 'articlereadalso'."""
    return re.sub(r"[-_]", "", f"{el.get('class', '')} {el.get('id', '')}".lower())


def class_words(el: HtmlElement) -> list[str]:
    return [w for w in re.split(r"[-_\s]+", f"{el.get('class', '')} {el.get('id', '')}".lower()) if w]


def is_inside(el: HtmlElement, others: set[HtmlElement]) -> bool:
    return any(a in others for a in el.iterancestors()) or el in others


def _link_text_len(el: HtmlElement) -> int:
    return sum(len(text_of(a)) for a in el.iter("a"))


def _date_text_len(el: HtmlElement, ref: str | None) -> int:
    """Characters of `el` that are only dates or times (they belong to a link list's items)."""
    total = 0
    for sub in elements(el):
        if sub.tag == "a" or any(p.tag == "a" for p in sub.iterancestors()):
            continue
        if sub.tag == "time" or (len(sub) == 0 and _parse_time_text(text_of(sub), ref)):
            total += len(text_of(sub))
    return total


def is_link_list(el: HtmlElement, ignore: str = "", ref: str | None = None) -> bool:
    """Mostly links: what a related block, a menu or a list of headlines looks like; an article body is not."""
    total = len(text_of(el))
    own = total - _link_text_len(el) - len(ignore) - _date_text_len(el, ref)
    return own <= LINK_LIST_MAX_OWN_CHARS or own <= LINK_LIST_MAX_OWN_SHARE * total


def has_links(el: HtmlElement, exclude: HtmlElement | None = None) -> bool:
    for a in el.iter("a"):
        if a.get("href") and text_of(a) and (exclude is None or not is_inside(a, {exclude})):
            return True
    return False


def _parse_time_text(text: str, ref: str | None) -> str | None:
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    return parse_item_time(text, ref)


# ---- the related block ------------------------------------------------------------------------------------

def find_related_blocks(root: HtmlElement, h1: HtmlElement | None, ref: str | None = None) -> list[list[HtmlElement]]:
    """Groups of elements (usually one container) holding links to other articles: containers whose class/id
    says so, and what follows a heading like "Новости по теме". Never an element holding the page's h1."""
    m = markers()
    found: list[list[HtmlElement]] = []
    taken: set[HtmlElement] = set()

    def holds_h1(el: HtmlElement) -> bool:
        return h1 is not None and (el is h1 or any(a is el for a in h1.iterancestors()))

    for el in elements(root):
        if el.tag in ("html", "body", "head") or is_inside(el, taken) or holds_h1(el):
            continue
        compact = compact_attrs(el)
        if compact.strip() and m.is_related_class(compact) and has_links(el) and is_link_list(el, ref=ref):
            found.append([el])
            taken.add(el)
    for el in elements(root):
        if el.tag not in HEADING_TAGS or is_inside(el, taken):
            continue
        text = short_text(el, MAX_HEADING_CHARS)
        if not text or not m.related_heading_re.match(text):
            continue
        group = _block_for_heading(el, holds_h1, ref)
        found.append(group)
        taken.update(group)
    position = {el: i for i, el in enumerate(elements(root))}
    return sorted(found, key=lambda group: position[group[0]])


def _block_for_heading(heading: HtmlElement, holds_h1, ref: str | None) -> list[HtmlElement]:
    """Climb from the heading while the container is still a list of links; if the heading sits right in the
    article's text, take it with the link lists that follow it."""
    heading_text = text_of(heading)
    node, best = heading, None
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or holds_h1(parent):
            break
        if not is_link_list(parent, ignore=heading_text, ref=ref):
            break
        node = parent
        if has_links(node, exclude=heading):
            best = node
    if best is not None:
        return [best]
    group = [node]
    for sib in node.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if has_links(sib) and is_link_list(sib, ref=ref):
            group.append(sib)
        elif _parse_time_text(text_of(sib), ref) or not text_of(sib):
            group.append(sib)  # a date or an empty spacer between items
        else:
            break
    return group


def related_items(block: list[HtmlElement], base_url: str | None, ref: str | None = None) -> list[RelatedItem]:
    """Each linked headline of a block with its time (from the item's <time> or date text) and absolute URL."""
    more = markers().more_links
    order: list[HtmlElement] = [el for part in block for el in elements(part)]
    position = {el: i for i, el in enumerate(order)}
    times: list[tuple[int, str, HtmlElement]] = []
    for el in order:
        iso = _element_time(el, ref)
        if iso and not any(t[2] in el.iterancestors() for t in times if t[2].tag == "time"):
            times.append((position[el], iso, el))
    # distinct links in order, each with its longest headline
    links: dict[str, dict] = {}
    for el in order:
        if el.tag != "a":
            continue
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base_url, href) if base_url else href
        headline = _headline(el, ref)
        entry = links.setdefault(url, {"url": url, "title": "", "anchors": []})
        entry["anchors"].append(el)
        if len(headline) > len(entry["title"]):
            entry["title"] = headline
    entries = [e for e in links.values() if e["title"] and len(e["title"].split()) >= 2
               and e["title"].lower().strip(" .:»›→") not in more][:MAX_RELATED_ITEMS]
    if not entries:
        return []
    anchor_pos = [min(position[a] for a in e["anchors"]) for e in entries]
    first_link = anchor_pos[0]
    time_before = any(p < first_link for p, _, _ in times)
    items: list[RelatedItem] = []
    used: set[int] = set()
    for k, e in enumerate(entries):
        iso = _time_inside_item(e["anchors"][0], block, set(links) - {e["url"]}, base_url, ref)
        if iso is None:  # a flat list: the time next to the link, on the side where the block's times are
            lo = anchor_pos[k - 1] if (time_before and k) else (anchor_pos[k] if not time_before else -1)
            hi = anchor_pos[k] if time_before else (anchor_pos[k + 1] if k + 1 < len(entries) else len(order))
            for p, t, _ in times:
                if lo < p < hi and p not in used:
                    iso = t
                    used.add(p)
                    break
        items.append(RelatedItem(time=iso, title=e["title"], url=e["url"]))
    return items


def _element_time(el: HtmlElement, ref: str | None) -> str | None:
    if el.tag == "time":
        return parse_date(el.get("datetime")) or _parse_time_text(text_of(el), ref)
    if len(el) == 0 and el.tag != "a":
        return _parse_time_text(text_of(el), ref)
    return None


def _headline(a: HtmlElement, ref: str | None) -> str:
    """The link's text without the dates and times printed inside it."""
    pieces: list[str] = []

    def walk(el: HtmlElement) -> None:
        if el.tag != "time" and el.text:
            pieces.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(a)
    kept = [norm(p) for p in pieces if norm(p) and not _parse_time_text(norm(p), ref)]
    return norm(" ".join(kept))


def _time_inside_item(anchor: HtmlElement, block: list[HtmlElement], other_urls: set[str], base_url: str | None,
                      ref: str | None) -> str | None:
    """The time printed in the link's own item: the largest ancestor below the block without another link."""
    item = anchor
    for parent in anchor.iterancestors():
        if parent in block:
            break
        others = False
        for a in parent.iter("a"):
            href = (a.get("href") or "").strip()
            url = urljoin(base_url, href) if base_url and href else href
            if url in other_urls:
                others = True
                break
        if others:
            break
        item = parent
    if item is anchor:
        for el in elements(anchor):
            if el.tag == "time":
                return _element_time(el, ref)
        return None
    for el in elements(item):
        iso = _element_time(el, ref)
        if iso:
            return iso
    return None


# ---- photo credits ----------------------------------------------------------------------------------------

def find_credits(root: HtmlElement) -> tuple[str | None, list[HtmlElement]]:
    """The first photo credit ("gov.kz" for "Фото: gov.kz") and every caption/credit element to drop."""
    m = markers()
    drop: list[HtmlElement] = []
    dropped: set[HtmlElement] = set()
    credit: str | None = None
    footers = {el for el in elements(root) if el.tag == "footer" or "footer" in compact_attrs(el)}
    for el in elements(root):
        if is_inside(el, dropped) or is_inside(el, footers):  # a footer's "© 2025 Site" is no photo credit
            continue
        value: str | None = None
        is_credit_el = False
        compact = compact_attrs(el)
        if el.tag == "figcaption":
            is_credit_el = True
            value = _credit_in_caption(text_of(el))
        elif m.is_credit_class(compact) or (re.search(r"copyright|source", compact) and _near_image(el)):
            text = short_text(el, MAX_CREDIT_CHARS)
            if text is not None:
                is_credit_el = True
                value = _credit_value(text)
        elif el.tag in ("p", "div", "span", "small", "em", "i", "cite") \
                and all(c.tag in INLINE_TAGS for c in el if isinstance(c.tag, str)):
            text = short_text(el, MAX_CREDIT_CHARS)
            mm = m.credit_re.match(text) if text else None
            # "Фото: X" anywhere; a bare "© X" only beside an image (elsewhere it is a copyright notice)
            if mm and (mm.group("credit") or _near_image(el)):
                is_credit_el = True
                value = (mm.group("credit") or mm.group("credit2")).strip()
        if is_credit_el:
            drop.append(el)
            dropped.add(el)
            if value and credit is None:
                credit = value
    return credit, drop


def _credit_value(text: str) -> str | None:
    if not text:
        return None
    mm = markers().credit_re.match(text)
    if mm:
        return (mm.group("credit") or mm.group("credit2")).strip()
    return text.strip(" .")


def _credit_in_caption(text: str) -> str | None:
    """'Министр на встрече. Фото: gov.kz' -> 'gov.kz'; a caption with no credit -> None."""
    if not text:
        return None
    mm = markers().credit_re.match(text)
    if mm:
        return (mm.group("credit") or mm.group("credit2")).strip()
    mm = markers().credit_search_re.search(text)
    if mm:
        return (mm.group("credit") or mm.group("credit2")).strip(" .")
    return None


def _near_image(el: HtmlElement) -> bool:
    parent = el.getparent()
    return parent is not None and next(parent.iter("img", "picture", "figure"), None) is not None


# ---- the lead -----------------------------------------------------------------------------------------------

LEAD_TAGS = {"p", "div", "span", "h2", "h3", "h4", "section", "strong", "b"}
MIN_LEAD_CHARS = 30
MAX_LEAD_CHARS = 1500


def find_lead(root: HtmlElement, h1: HtmlElement | None, title: str | None) -> HtmlElement | None:
    """The element a page marks as its lead (class lead/summary/announce/subtitle...), preferring one after the h1."""
    m = markers()
    after_h1 = h1 is None
    candidates: list[tuple[bool, HtmlElement]] = []
    for el in elements(root):
        if el is h1:
            after_h1 = True
            continue
        if el.tag not in LEAD_TAGS or not m.is_lead_class(class_words(el)):
            continue
        if h1 is not None and any(a is el for a in h1.iterancestors()):
            continue  # a header holding the title and the lead: its child may be the lead
        if any(c.tag in ("p", "div") and len(text_of(c)) > MIN_LEAD_CHARS for c in el if isinstance(c.tag, str)) \
                and sum(1 for c in el if isinstance(c.tag, str) and c.tag == "p") > 1:
            continue  # a container of several paragraphs is a body, not a lead
        text = text_of(el)
        if MIN_LEAD_CHARS <= len(text) <= MAX_LEAD_CHARS and text != norm(title):
            candidates.append((after_h1, el))
    for after, el in candidates:
        if after:
            return el
    return candidates[0][1] if candidates else None


def first_paragraph_is(description: str | None, paragraph: str) -> bool:
    """og:description repeats the first paragraph (maybe cut short with an ellipsis)."""
    d = norm(description).rstrip(".…").strip()
    p = norm(paragraph)
    return len(d) >= MIN_LEAD_CHARS and (p == d or p.rstrip(".") == d or p.startswith(d))


def remove(el: HtmlElement) -> None:
    """Drop an element and its children, keeping the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def strip_noise(root: HtmlElement) -> None:
    for el in list(root.iter("script", "style", "noscript", "template", "svg", "iframe", etree.Comment)):
        if el.getparent() is not None:
            remove(el)
