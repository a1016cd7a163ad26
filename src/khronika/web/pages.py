"""The web pages: server-rendered Jinja2 (autoescaped: every piece of article text is escaped where it is
written) over the same store questions as the API, with a little vendored JavaScript for the reader's
clicks and the network graph."""
from __future__ import annotations

from pathlib import Path
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..store import QueryError, Store, get_record
from ..store import queries as q
from ..api.routes import store
from . import chart, highlight
from .codes import QUAD_NAMES, cameo_name

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE = 25  # items per page on list pages
KINDS = ("person", "organization", "country", "igo", "media", "group", "place")


def actor_url(key: str | None) -> str:
    return "/actor/" + quote(key or "", safe="")


def dyad_url(a: str, b: str, **params: str | None) -> str:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items() if v)
    return f"/dyad/{quote(a, safe='')}/{quote(b, safe='')}" + (f"?{query}" if query else "")


def web_url(url: str | None) -> str | None:
    """A link taken from an article (its source, related items) only when it is http(s): never javascript:."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def number(n: int | None) -> str:
    """12345 -> "12 345" (a narrow no-break space between thousands)."""
    return "" if n is None else f"{n:,}".replace(",", "\u202f")


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = number
    env.globals.update(actor_url=actor_url, dyad_url=dyad_url, web_url=web_url, quad_names=QUAD_NAMES, cameo_name=cameo_name,
                       plover_types=q.PLOVER_TYPES)
    return env


templates = Jinja2Templates(env=_env())
router = APIRouter(include_in_schema=False)




def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return render(request, "error.html", status=status, status_code=status, message=message)


def blank(value: Optional[str]) -> Optional[str]:
    """Form fields arrive as empty strings when left empty."""
    value = (value or "").strip()
    return value or None


def pager(request: Request, total: int, offset: int, limit: int = PAGE) -> dict:
    return {"total": total, "offset": offset, "limit": limit, "first": offset + 1 if total else 0,
            "last": min(total, offset + limit),
            "prev": str(request.url.include_query_params(offset=max(0, offset - limit))) if offset > 0 else None,
            "next": str(request.url.include_query_params(offset=offset + limit)) if offset + limit < total else None}


# --- home, search, lists ---

@router.get("/", response_class=HTMLResponse)
def home(request: Request, s: Store = Depends(store)):
    from ..api import data
    stores = request.app.state.stores
    stats = stores.memo(s, "stats", (), lambda: q.stats(s))
    recent = data.articles(s, limit=12)
    pairs = stores.memo(s, "pairs", (10,), lambda: data.dyads(s, limit=10))
    return render(request, "home.html", stats=stats, recent=recent["items"], pairs=pairs["items"])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, s: Store = Depends(store), q_: Optional[str] = Query(None, alias="q", max_length=500),
           in_: str = Query("all", alias="in"), offset: int = Query(0, ge=0)):
    text = blank(q_)
    if in_ not in ("all", "articles", "quotes"):
        in_ = "all"
    res = None
    if text:
        res = q.search(s, text, limit=PAGE, offset=offset, what=in_)
        for part in ("articles", "quotes"):
            for item in res.get(part, {}).get("items", []):
                item["marked"] = highlight.marked(item["snippet"])
    pages = None
    if res:
        total = max(res.get("articles", {}).get("total", 0), res.get("quotes", {}).get("total", 0))
        pages = pager(request, total, offset)
    return render(request, "search.html", query=text or "", where=in_, res=res, pages=pages)


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, s: Store = Depends(store), since: Optional[str] = None, until: Optional[str] = None,
             offset: int = Query(0, ge=0)):
    from ..api import data
    res = data.articles(s, blank(since), blank(until), None, PAGE, offset)
    return render(request, "articles.html", res=res, pages=pager(request, res["total"], offset),
                  since=blank(since) or "", until=blank(until) or "")


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, s: Store = Depends(store), actor: Optional[str] = None, recipient: Optional[str] = None,
           type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           offset: int = Query(0, ge=0)):
    form = {"actor": blank(actor), "recipient": blank(recipient), "type": blank(type), "since": blank(since),
            "until": blank(until)}
    res = q.events(s, limit=PAGE, offset=offset, **form)
    return render(request, "events.html", res=res, form={k: v or "" for k, v in form.items()},
                  pages=pager(request, res["total"], offset))


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, s: Store = Depends(store), speaker: Optional[str] = None, since: Optional[str] = None,
           until: Optional[str] = None, offset: int = Query(0, ge=0)):
    form = {"speaker": blank(speaker), "since": blank(since), "until": blank(until)}
    res = q.quotes(s, limit=PAGE, offset=offset, **form)
    return render(request, "quotes.html", res=res, form={k: v or "" for k, v in form.items()},
                  pages=pager(request, res["total"], offset))


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, s: Store = Depends(store), q_: Optional[str] = Query(None, alias="q", max_length=200),
           kind: Optional[str] = None, offset: int = Query(0, ge=0)):
    from ..api import data
    kind = blank(kind)
    if kind not in KINDS:
        kind = None
    res = data.actors(s, blank(q_), kind, None, PAGE, offset)
    return render(request, "actors.html", res=res, query=blank(q_) or "", kind=kind or "", kinds=KINDS,
                  pages=pager(request, res["total"], offset))


# --- one article ---

@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, s: Store = Depends(store)):
    record = get_record(s, article_id) if len(article_id) <= 64 else None
    if record is None:
        return error_page(request, 404, f"no article {article_id[:80]!r} in the database")
    actors = {a["id"]: a for a in record["actors"]}
    colours = highlight.speaker_colours(record)
    for qt in record["quotes"]:
        qt["colour"] = colours.get(qt.get("speaker"), highlight.PALETTE_SIZE - 1)
        qt["speaker_actor"] = actors.get(qt.get("speaker"))
    for ev in record["events"]:
        ev["actors"] = [actors[x] for x in ev.get("actor", []) if x in actors]
        ev["recipients"] = [actors[x] for x in ev.get("recipient", []) if x in actors]
        ev["location_actor"] = actors.get(ev.get("location"))
        ev["evidence"] = highlight.evidence(record, ev)
        ev["pairs"] = sorted({(a["country"], r["country"]) for a in ev["actors"] for r in ev["recipients"]
                              if a.get("country") and r.get("country") and a["country"] != r["country"]})
    mentions_of: dict[str, int] = {}
    for m in record["mentions"]:
        if m.get("actor"):
            mentions_of[m["actor"]] = mentions_of.get(m["actor"], 0) + 1
    speakers = [(actors.get(sp), c) for sp, c in colours.items() if sp is not None]
    groups: dict[str, list[dict]] = {}
    for a in record["actors"]:
        a["mentions"] = mentions_of.get(a["id"], 0)
        groups.setdefault(a["kind"], []).append(a)
    from ..stories.queries import article_story
    story = article_story(s, article_id)  # thread, reprints, related headlines found in the store (stories)
    return render(request, "article.html", r=record, blocks=highlight.blocks(record), groups=groups,
                  speakers=speakers, colours=colours, story=story,
                  related_ids={x["position"]: x["id"] for x in story["related"] if x["id"]} if story else {})


@router.get("/thread/{thread_id}", response_class=HTMLResponse)
def thread(request: Request, thread_id: int, s: Store = Depends(store)):
    from ..stories.queries import ThreadNotFound, thread_page
    try:
        res = thread_page(s, thread_id)
    except ThreadNotFound:
        return error_page(request, 404, f"no thread {thread_id} in the database")
    return render(request, "thread.html", t=res)


# --- one actor ---

@router.get("/actor/{key:path}", response_class=HTMLResponse)
def actor(request: Request, key: str, s: Store = Depends(store)):
    from ..api import data
    found = data.actor_by_key(s, key) or next(iter(q.find_actors(s, key, 1)), None) if key.strip() else None
    if found is None:
        return error_page(request, 404, f"no actor {key[:80]!r} in the database")
    res = request.app.state.stores.memo(s, "actor", (found["key"], 20), lambda: q.actor_profile(s, found["key"], 20))
    span_first = min((o["first_seen"] for o in res["offices"] if o["first_seen"]), default=None)
    span_last = max((o["last_seen"] for o in res["offices"] if o["last_seen"]), default=None)
    return render(request, "actor.html", res=res, a=res["actor"], span=(span_first, span_last))


# --- a pair of countries ---

@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad(request: Request, a: str, b: str, s: Store = Depends(store), since: Optional[str] = None, until: Optional[str] = None,
         month: Optional[str] = None, offset: int = Query(0, ge=0)):
    from ..api import data
    since, until, month = blank(since), blank(until), blank(month)
    from ..api.routes import series_total
    res = request.app.state.stores.memo(s, "dyad", (a, b, since, until), lambda: q.dyad(s, a, b, since, until))
    names = data.country_names(s, [res["a"], res["b"]])
    total = series_total(request, s, a, b, month, since, until)
    timeline = data.dyad_events(s, res["a"], res["b"], month, since, until, PAGE, offset, total)
    by_month: dict[str, list[dict]] = {}
    for ev in timeline["items"]:
        by_month.setdefault((ev["day"] or "")[:7] or "undated", []).append(ev)
    articles: dict[str, dict] = {}
    for ev in timeline["items"]:
        art = articles.setdefault(ev["article_id"], {"id": ev["article_id"], "title": ev["title"],
                                                     "published_at": ev["published_at"], "events": 0})
        art["events"] += 1
    return render(request, "dyad.html", res=res, A=res["a"], B=res["b"], names=names, chart=chart.build(res["months"], month),
                  timeline=timeline, by_month=by_month, articles=list(articles.values()), month=month,
                  since=since or "", until=until or "", pages=pager(request, timeline["total"], offset))


@router.get("/dyad", response_class=HTMLResponse)
def dyad_form(request: Request, s: Store = Depends(store), a: Optional[str] = None, b: Optional[str] = None):
    """The home page's pair form: /dyad?a=KAZ&b=BLR -> /dyad/KAZ/BLR."""
    from fastapi.responses import RedirectResponse
    a, b = blank(a), blank(b)
    if not a or not b:
        return error_page(request, 400, "name two countries (codes like KAZ and BLR, or names)")
    return RedirectResponse(dyad_url(q.check_country(s, a), q.check_country(s, b)), status_code=303)


# --- the network ---

@router.get("/network", response_class=HTMLResponse)
def network(request: Request):
    return render(request, "network.html")


__all__ = ["router", "error_page", "QueryError"]
