"""The read side of the HTTP API: the store's questions as JSON, every list paginated with its total."""
from __future__ import annotations

import json
import re
from typing import Iterator, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from ..store import Store, get_record
from ..store import queries as q
from . import data
from .errors import ApiError
from .paging import Page

router = APIRouter(prefix="/api")

ARTICLE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"


def store(request: Request) -> Iterator[Store]:
    """A read-only Store lent to this request alone (see stores.py)."""
    with request.app.state.stores.borrow() as s:
        yield s


def check_article_id(article_id: str) -> str:
    if not ARTICLE_ID.fullmatch(article_id):
        raise ApiError(400, f"{article_id[:80]!r} is not an article id (letters, digits, '-' and '_', at most 64)")
    return article_id


# --- articles ---

@router.get("/articles", tags=["articles"], summary="List articles (newest first) or search them")
def list_articles(request: Request, page: Page = Depends(), s: Store = Depends(store),
                  q_: Optional[str] = Query(None, alias="q", max_length=500,
                                            description="Words to find in any case form (ё = е)."),
                  since: Optional[str] = Query(None, description=DATE_HELP),
                  until: Optional[str] = Query(None, description=DATE_HELP),
                  site: Optional[str] = Query(None, max_length=200)) -> dict:
    if q_ is not None:
        res = q.search(s, q_, limit=page.limit, offset=page.offset, what="articles")
        return page.wrap(request, {"query": res["query"], "lemmas": res["lemmas"], **res["articles"]})
    return page.wrap(request, data.articles(s, since, until, site, page.limit, page.offset))


@router.get("/articles/{article_id}", tags=["articles"],
            summary="One article's record, exactly as `khronika process` emits it (spec/RECORD.md)")
def one_article(article_id: str = Path(..., max_length=200), s: Store = Depends(store)) -> Response:
    record = get_record(s, check_article_id(article_id))
    if record is None:
        raise ApiError(404, f"no article {article_id!r} in the database")
    # the stored record, in its own field order, serialised as `process` does (UTF-8, no ASCII escapes)
    return Response(json.dumps(record, ensure_ascii=False), media_type="application/json")


@router.get("/search", tags=["search"], summary="Full-text search across articles and quotes (Russian lemmas)")
def search(request: Request, q_: str = Query(..., alias="q", min_length=1, max_length=500),
           in_: Literal["all", "articles", "quotes"] = Query("all", alias="in"),
           page: Page = Depends(), s: Store = Depends(store)) -> dict:
    res = q.search(s, q_, limit=page.limit, offset=page.offset, what=in_)
    total = max(res.get("articles", {}).get("total", 0), res.get("quotes", {}).get("total", 0))
    return page.wrap(request, {**res, "total": total})


# --- actors ---

@router.get("/actors", tags=["actors"], summary="Actors, most mentioned first; search by name in any case form")
def list_actors(request: Request, page: Page = Depends(), s: Store = Depends(store),
                q_: Optional[str] = Query(None, alias="q", max_length=200),
                kind: Optional[Literal["person", "organization", "country", "place", "igo", "media", "group"]] = None,
                country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{3}$")) -> dict:
    return page.wrap(request, data.actors(s, q_, kind, country, page.limit, page.offset))


def actor_or_404(s: Store, key: str) -> dict:
    found = data.actor_by_key(s, key) or next(iter(q.find_actors(s, key, 1)), None)
    if found is None:
        raise ApiError(404, f"no actor {key!r} in the database")
    return found


@router.get("/actors/{key:path}/quotes", tags=["actors"], summary="What an actor said, newest first")
def actor_quotes(request: Request, key: str, page: Page = Depends(), s: Store = Depends(store),
                 since: Optional[str] = None, until: Optional[str] = None) -> dict:
    a = actor_or_404(s, key)
    return page.wrap(request, q.quotes(s, a["key"], since, until, page.limit, page.offset))


@router.get("/actors/{key:path}/events", tags=["actors"],
            summary="Events an actor did (role=actor) or had done to it (role=recipient)")
def actor_events(request: Request, key: str, role: Literal["actor", "recipient"] = "actor",
                 type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                 page: Page = Depends(), s: Store = Depends(store)) -> dict:
    a = actor_or_404(s, key)
    who = {"actor": a["key"]} if role == "actor" else {"recipient": a["key"]}
    return page.wrap(request, q.events(s, type=type, since=since, until=until, limit=page.limit,
                                       offset=page.offset, **who))


@router.get("/actors/{key:path}", tags=["actors"],
            summary="One actor: offices over time, its latest quotes and events (paged: .../quotes, .../events)")
def one_actor(request: Request, key: str,
              limit: int = Query(20, ge=1, le=200, description="Quotes and events of each kind."),
              s: Store = Depends(store)) -> dict:
    a = actor_or_404(s, key)
    res = dict(request.app.state.stores.memo(s, "actor", (a["key"], limit), lambda: q.actor_profile(s, a["key"], limit)))
    base = f"/api/actors/{a['key']}"
    res["links"] = {"quotes": f"{base}/quotes", "events_as_actor": f"{base}/events?role=actor",
                    "events_as_recipient": f"{base}/events?role=recipient"}
    return res


# --- events, quotes ---

@router.get("/events", tags=["events"], summary="Events, newest first, filtered as `khronika events` filters them")
def list_events(request: Request, page: Page = Depends(), s: Store = Depends(store),
                actor: Optional[str] = Query(None, max_length=200, description="A country code (KAZ) or an actor's name or key."),
                recipient: Optional[str] = Query(None, max_length=200, description="A country code or an actor's name or key."),
                type: Optional[str] = Query(None, description="A PLOVER type: " + ", ".join(q.PLOVER_TYPES)),
                since: Optional[str] = Query(None, description=DATE_HELP),
                until: Optional[str] = Query(None, description=DATE_HELP + " (inclusive)")) -> dict:
    return page.wrap(request, q.events(s, actor, recipient, type, since, until, page.limit, page.offset))


@router.get("/quotes", tags=["quotes"], summary="Quotes, newest first, by speaker (a name, or a country code)")
def list_quotes(request: Request, page: Page = Depends(), s: Store = Depends(store),
                speaker: Optional[str] = Query(None, max_length=200),
                since: Optional[str] = Query(None, description=DATE_HELP),
                until: Optional[str] = Query(None, description=DATE_HELP)) -> dict:
    return page.wrap(request, q.quotes(s, speaker, since, until, page.limit, page.offset))


# --- country pairs ---

@router.get("/dyads", tags=["dyads"], summary="Country pairs, busiest first")
def list_dyads(request: Request, page: Page = Depends(), s: Store = Depends(store)) -> dict:
    return page.wrap(request, data.dyads(s, page.limit, page.offset))


@router.get("/dyads/{a}/{b}", tags=["dyads"],
            summary="Events between two countries by month: directions, quad classes, Goldstein sums")
def one_dyad(request: Request, a: str = Path(..., max_length=100), b: str = Path(..., max_length=100),
             since: Optional[str] = Query(None, description=DATE_HELP),
             until: Optional[str] = Query(None, description=DATE_HELP),
             limit: int = Query(240, ge=1, le=1200, description="Months per page (oldest first)."),
             offset: int = Query(0, ge=0), s: Store = Depends(store)) -> dict:
    res = dict(request.app.state.stores.memo(s, "dyad", (a, b, since, until), lambda: q.dyad(s, a, b, since, until)))
    months = res.pop("months")
    names = data.country_names(s, [res["a"], res["b"]])
    res.update(a_name=names.get(res["a"]), b_name=names.get(res["b"]), total_months=len(months),
               limit=limit, offset=offset, months=months[offset:offset + limit])
    nxt = offset + limit
    res["next"] = str(request.url.include_query_params(offset=nxt)) if nxt < len(months) else None
    res["events_url"] = f"/api/dyads/{res['a']}/{res['b']}/events"
    return res


@router.get("/dyads/{a}/{b}/events", tags=["dyads"],
            summary="The events behind a dyad's series: all, or one month's point (month=YYYY-MM or 'undated')")
def dyad_events(request: Request, a: str = Path(..., max_length=100), b: str = Path(..., max_length=100),
                month: Optional[str] = Query(None, max_length=10),
                since: Optional[str] = Query(None, description=DATE_HELP),
                until: Optional[str] = Query(None, description=DATE_HELP),
                page: Page = Depends(), s: Store = Depends(store)) -> dict:
    total = series_total(request, s, a, b, month, since, until)
    return page.wrap(request, data.dyad_events(s, a, b, month, since, until, page.limit, page.offset, total))


def series_total(request: Request, s: Store, a: str, b: str, month: str | None, since: str | None,
                 until: str | None) -> int | None:
    """How many events lie behind a dyad's series (or one month's point), read from the (remembered) series
    itself: the same events by the same definition, without counting them again."""
    series = request.app.state.stores.memo(s, "dyad", (a, b, since, until), lambda: q.dyad(s, a, b, since, until))
    if month is None:
        return series["total"]["events"]
    return next((m["events"] for m in series["months"] if m["month"] == month), 0)


# --- the network, the whole database ---

@router.get("/network", tags=["network"],
            summary="Actors (or countries) as nodes, events as edges coloured by quad class; heaviest edges first")
def network(request: Request, since: Optional[str] = Query(None, description=DATE_HELP),
            until: Optional[str] = Query(None, description=DATE_HELP),
            type: Optional[str] = None, quad: Optional[int] = Query(None, ge=1, le=4),
            by: Literal["actor", "country"] = "actor", min_events: int = Query(1, ge=1, le=100_000),
            limit: int = Query(300, ge=1, le=2000, description="Edges per page."), offset: int = Query(0, ge=0),
            s: Store = Depends(store)) -> dict:
    res = dict(request.app.state.stores.memo(s, "network", (since, until, type, quad, by, min_events, limit, offset),
                                             lambda: data.network(s, since, until, type, quad, by, min_events,
                                                                  limit, offset)))
    res.update(limit=limit, offset=offset)
    nxt = offset + limit
    res["next"] = str(request.url.include_query_params(offset=nxt)) if nxt < res["total"] else None
    return res


@router.get("/stats", tags=["stats"], summary="What the database holds")
def stats(request: Request, s: Store = Depends(store)) -> dict:
    res = dict(request.app.state.stores.memo(s, "stats", (), lambda: q.stats(s)))
    res.pop("database", None)  # a server does not tell its file paths
    res.pop("bytes", None)
    return res
