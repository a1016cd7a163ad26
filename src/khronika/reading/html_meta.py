"""What an HTML page says about itself: title, canonical URL, site name, description and publication date
(meta tags, JSON-LD, <time> in the article, the date line near the title, a date in the URL)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from lxml.html import HtmlElement

from .dates import parse_date, parse_date_line
from .html_blocks import MAX_DATE_CHARS, elements, norm, short_text, text_of

# <meta property/name/itemprop> keys that carry the publication date, most specific first.
DATE_META_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "datepublished", "article.published", "pubdate", "publishdate", "publish-date", "publish_date",
    "parsely-pub-date", "sailthru.date", "mediator_published_time", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "date",
)
ARTICLE_TYPES = re.compile(r"article|posting|report", re.I)
TITLE_SEPARATORS = (" | ", " — ", " – ", " - ", " :: ", " / ")
# How far around the h1 (in elements, document order) a date line still belongs to the article's header.
DATE_LINE_WINDOW_BEFORE = 30
DATE_LINE_WINDOW_AFTER = 60


@dataclass
class PageMeta:
    meta: dict[str, str] = field(default_factory=dict)  # lowercased property/name -> content (first wins)
    jsonld: list[dict] = field(default_factory=list)    # every JSON-LD object, @graph flattened
    title_tag: str | None = None
    canonical: str | None = None
    base: str | None = None

    def get(self, *keys: str) -> str | None:
        for k in keys:
            v = self.meta.get(k)
            if v:
                return v
        return None

    def articles(self) -> list[dict]:
        """JSON-LD objects whose @type is an article type (NewsArticle, ReportageNewsArticle, BlogPosting...)."""
        out = []
        for obj in self.jsonld:
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and ARTICLE_TYPES.search(t) for t in types):
                out.append(obj)
        return out


def read_meta(root: HtmlElement) -> PageMeta:
    """Meta tags, JSON-LD, <title>, canonical and <base>; call before scripts are stripped."""
    pm = PageMeta()
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = norm(el.get("content"))
        if key and content and key not in pm.meta and (el.get("itemprop") is None or _in_head(el)):
            pm.meta[key] = content
    for el in root.iter("script"):
        if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
            pm.jsonld.extend(_jsonld_objects(el.text))
    t = root.find(".//title")
    pm.title_tag = text_of(t) if t is not None else None
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            pm.canonical = el.get("href").strip()
            break
    b = root.find(".//base")
    pm.base = b.get("href") if b is not None and b.get("href") else None
    return pm


def _in_head(el: HtmlElement) -> bool:
    return any(a.tag == "head" for a in el.iterancestors())


def _jsonld_objects(raw: str) -> list[dict]:
    try:
        data = json.loads(raw.strip().rstrip(";"))
    except ValueError:
        return []  # broken JSON-LD is common; the page's other signals remain
    out: list[dict] = []
    stack = [data]
    while stack:
        obj = stack.pop(0)
        if isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, dict):
            out.append(obj)
            if "@graph" in obj:
                stack.append(obj["@graph"])
    return out


def page_url(pm: PageMeta) -> str | None:
    for candidate in (pm.canonical, pm.get("og:url", "twitter:url")):
        if candidate and candidate.startswith(("http://", "https://")):
            return candidate
    for obj in pm.articles():
        for key in ("url", "mainEntityOfPage"):
            v = obj.get(key)
            if isinstance(v, dict):
                v = v.get("@id") or v.get("url")
            if isinstance(v, str) and v.startswith(("http://", "https://")):
                return v
    return None


def site_name(pm: PageMeta, url: str | None, h1: str | None = None) -> str | None:
    """og:site_name, the JSON-LD publisher, what <title> adds to the h1 ('h1 - Site', 'Site - h1'), the host."""
    name = pm.get("og:site_name", "application-name", "twitter:site")
    if name and not name.startswith("@"):
        return name
    for obj in pm.articles():
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str) and pub["name"].strip():
            return pub["name"].strip()
    if pm.title_tag and h1 and norm(h1) != pm.title_tag:
        for sep in TITLE_SEPARATORS:
            if pm.title_tag.startswith(norm(h1) + sep):
                return pm.title_tag[len(norm(h1) + sep):].split(sep)[-1].strip() or None
            if pm.title_tag.endswith(sep + norm(h1)):
                return pm.title_tag[: -len(sep + norm(h1))].split(sep)[0].strip() or None
    if url:
        host = urlparse(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def strip_site_suffix(title: str, site: str | None, h1: str | None = None) -> str:
    """'Заголовок - Сайт' -> 'Заголовок' when the tail is the site's name (or the head is the h1)."""
    title = norm(title)
    for sep in TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, tail = title.rsplit(sep, 1)
        tail_l = tail.lower().strip()
        if len(tail_l) < 2:
            continue
        if (site and (tail_l == site.lower() or site.lower() in tail_l or tail_l in site.lower())) \
                or (h1 and norm(head) == norm(h1)) or parse_date_line(tail):  # "... | DW | 19.01.2020"
            return strip_site_suffix(head, site, h1)
    return title


def find_h1(root: HtmlElement) -> HtmlElement | None:
    """The article's headline: the h1 inside <article>/<main> if any, else the h1 with the longest text."""
    h1s = [h for h in root.iter("h1") if text_of(h)]
    if not h1s:
        return None
    for h in h1s:
        if any(a.tag in ("article", "main") for a in h.iterancestors()):
            return h
    return max(h1s, key=lambda h: len(text_of(h)))


def page_title(pm: PageMeta, h1: HtmlElement | None, site: str | None) -> str | None:
    h1_text = text_of(h1) if h1 is not None else None
    candidates = [pm.get("og:title", "twitter:title")]
    candidates += [o.get("headline") for o in pm.articles() if isinstance(o.get("headline"), str)]
    for c in candidates:
        if c and norm(c):
            return strip_site_suffix(c, site, h1_text)
    if h1_text:
        return h1_text
    if pm.title_tag:
        return _strip_unknown_suffix(strip_site_suffix(pm.title_tag, site))
    return None


def _strip_unknown_suffix(title: str) -> str:
    """With no site name known: drop a short last segment after a separator ('... | Новости Казахстана')."""
    for sep in (" | ", " — ", " - "):
        if sep in title:
            head, tail = title.rsplit(sep, 1)
            if len(tail.split()) <= 4 and len(head.split()) >= 4:
                return head
    return title


def description(pm: PageMeta) -> str | None:
    return pm.get("og:description", "description", "twitter:description")


# ---- the publication date ---------------------------------------------------------------------------------

def meta_published(pm: PageMeta, url: str | None) -> str | None:
    """The publication date the page's meta tags or JSON-LD declare."""
    for key in DATE_META_KEYS:
        iso = parse_date(pm.meta.get(key))
        if iso:
            return iso
    articles = pm.articles()
    if url and len(articles) > 1:  # a page describing several articles: the one at this URL first
        articles.sort(key=lambda o: o.get("url") != url and _id_of(o.get("mainEntityOfPage")) != url)
    for obj in articles + [o for o in pm.jsonld if o not in articles]:
        v = obj.get("datePublished") or obj.get("dateCreated")
        iso = parse_date(v) if isinstance(v, str) else None
        if iso:
            return iso
    return None


def dom_published(root: HtmlElement, h1: HtmlElement | None, url: str | None) -> str | None:
    """The date printed in the page: itemprop=datePublished, a <time> or date line by the title, the URL.
    `root` must already be without the related blocks, whose dates belong to other articles."""
    for el in elements(root):
        if el.get("itemprop") == "datePublished":
            iso = parse_date(el.get("content") or el.get("datetime")) or parse_date(text_of(el))
            if iso:
                return iso
    return _date_near_title(root, h1) or _labelled_date(root) or _date_in_url(url)


_DATE_LABEL = re.compile(r"^(?:опубликовано|опубликован|дата публикации|дата|published|date)\b", re.I)


def _labelled_date(root: HtmlElement) -> str | None:
    """A date the page labels as the publication date ("Дата 19.01.2020", "Опубликовано: ..."), wherever it is."""
    for el in elements(root):
        if el.tag in ("a", "script", "style") or len(el) > 3:
            continue
        text = short_text(el, MAX_DATE_CHARS + 30)
        if text and _DATE_LABEL.match(text):
            iso = parse_date_line(text)
            if iso:
                return iso
    return None


def _id_of(v) -> str | None:
    if isinstance(v, dict):
        return v.get("@id") or v.get("url")
    return v if isinstance(v, str) else None


def _date_near_title(root: HtmlElement, h1: HtmlElement | None) -> str | None:
    """A <time> or a date-only line close to the h1 (or, without one, inside <article>)."""
    order = list(elements(root))
    if h1 is not None and h1 in order:
        at = order.index(h1)
        window = order[at + 1: at + 1 + DATE_LINE_WINDOW_AFTER] + order[max(0, at - DATE_LINE_WINDOW_BEFORE): at][::-1]
    else:
        art = next((el for el in order if el.tag in ("article", "main")), None)
        if art is None:
            return None
        window = [el for el in elements(art)][:DATE_LINE_WINDOW_AFTER]
    for el in window:  # a machine-readable <time> first
        if el.tag == "time":
            iso = parse_date(el.get("datetime")) or parse_date_line(text_of(el))
            if iso:
                return iso
    for el in window:
        if el.tag in ("a", "h1", "h2", "h3") or not all(c.tag in ("span", "b", "strong", "i", "em", "time", "br")
                                                       for c in el if isinstance(c.tag, str)):
            continue
        text = text_of(el)
        if text and len(text) <= MAX_DATE_CHARS + 20:
            iso = parse_date_line(text)
            if iso:
                return iso
    return None


def _date_in_url(url: str | None) -> str | None:
    """ng.ru/politics/2018-03-22/..., site.kz/news/2025/12/31/... -> the date."""
    if not url:
        return None
    path = urlparse(url).path
    m = re.search(r"/((?:19|20)\d\d)[-/](0[1-9]|1[0-2])[-/](0[1-9]|[12]\d|3[01])(?:/|$|[-_])", path)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
