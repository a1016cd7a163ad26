"""Questions the API and the pages ask that the CLI does not: article lists, actor lists with totals, the
events behind one month of a country pair, the busiest pairs, the actor network. All SQL goes through the
Store (its dialect rewrites placeholders), in the portable subset the store's own queries use."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..store import QueryError
from ..store import queries as q
from ..store.dates import add_day_range, check_range
from ..store.dyads import pair_condition
from ..store.lemmas import fold, get_lemmatizer

if TYPE_CHECKING:
    from ..store import Store

ARTICLE_COLS = "a.id, a.title, a.published_at, a.url, a.site, a.file, a.n_actors, a.n_quotes, a.n_events, a.lead"


def article_item(r) -> dict:
    return {"id": r[0], "title": r[1], "published_at": r[2], "source": {"url": r[3], "site": r[4], "file": r[5]},
            "actors": r[6], "quotes": r[7], "events": r[8], "lead": r[9]}


def articles(store: "Store", since: str | None = None, until: str | None = None, site: str | None = None,
             limit: int = 20, offset: int = 0) -> dict:
    """Articles, newest first (by publication day; undated ones after the dated, latest ingested first)."""
    q.check_limit(limit, offset)
    lo, hi = check_range(since, until)
    conds: list[str] = []
    params: list = []
    add_day_range(conds, params, "a.day", lo, hi)
    if site:
        conds.append("a.site = ?")
        params.append(site)
    where = q.where_sql(conds)
    total = store.scalar(f"SELECT count(*) FROM articles a {where}", params)
    rows = store.all(f"SELECT {ARTICLE_COLS} FROM articles a {where} "
                     f"ORDER BY a.day DESC NULLS LAST, a.pk DESC LIMIT ? OFFSET ?", (*params, limit, offset))
    return {"filters": {"since": lo, "until": hi, "site": site}, "total": total,
            "items": [article_item(r) for r in rows]}


def article_exists(store: "Store", article_id: str) -> bool:
    return store.one("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None


def actors(store: "Store", name: str | None = None, kind: str | None = None, country: str | None = None,
           limit: int = 20, offset: int = 0) -> dict:
    """Actors, most mentioned first; `name` matches keys, exact names, or every word in any case form."""
    q.check_limit(limit, offset)
    conds, params = [], []
    if kind:
        conds.append("a.kind = ?")
        params.append(kind)
    if country:
        conds.append("a.country = ?")
        params.append(country.strip().upper())
    cols = ", ".join("a." + c.strip() for c in q.ACTOR_COLS.split(","))
    if name and name.strip():
        text = name.strip()
        exact = ["(a.key = ? OR a.wikidata = ? OR a.name_fold = ?)", *conds]
        exact_params = [text, text, fold(text), *params]
        where = " AND ".join(exact)
        total = store.scalar(f"SELECT count(*) FROM actors a WHERE {where}", exact_params)
        if total:
            rows = store.all(f"SELECT {cols} FROM actors a WHERE {where} ORDER BY a.n_articles DESC, a.pk "
                             f"LIMIT ? OFFSET ?", (*exact_params, limit, offset))
        else:
            groups = get_lemmatizer().query_groups(text)
            if not groups:
                raise QueryError(f"nothing to search for in {text!r} (no words)")
            sub, sub_params = store.dialect.fts_search("actors", groups)
            extra = (" AND " + " AND ".join(conds)) if conds else ""
            base = f"FROM ({sub}) m JOIN actors a ON a.pk = m.pk WHERE 1 = 1{extra}"
            total = store.scalar(f"SELECT count(*) {base}", (*sub_params, *params))
            rows = store.all(f"SELECT {cols} {base} ORDER BY a.n_articles DESC, m.score LIMIT ? OFFSET ?",
                             (*sub_params, *params, limit, offset))
    else:
        where = q.where_sql(conds)
        total = store.scalar(f"SELECT count(*) FROM actors a {where}", params)
        rows = store.all(f"SELECT {cols} FROM actors a {where} ORDER BY a.n_articles DESC, a.pk LIMIT ? OFFSET ?",
                         (*params, limit, offset))
    items = [{k: v for k, v in q.actor_row(r).items() if k != "pk"} for r in rows]
    return {"filters": {"name": name or None, "kind": kind, "country": country}, "total": total, "items": items}


def actor_by_key(store: "Store", key: str) -> dict | None:
    r = store.one(f"SELECT {q.ACTOR_COLS} FROM actors WHERE key = ?", (key,))
    return None if r is None else q.actor_row(r)


def country_names(store: "Store", codes: list[str]) -> dict[str, str]:
    """The stored name of each country code's state actor ("KAZ" -> "Казахстан"), where there is one."""
    codes = [c for c in dict.fromkeys(codes) if c]
    if not codes:
        return {}
    rows = store.all(f"SELECT country, name FROM actors WHERE kind = 'country' AND country IN ({q.marks(len(codes))}) "
                     f"ORDER BY n_articles DESC", codes)
    out: dict[str, str] = {}
    for code, name in rows:
        out.setdefault(code, name)
    return out


# --- country pairs ---

def dyad_events(store: "Store", a: str, b: str, month: str | None = None, since: str | None = None,
                until: str | None = None, limit: int = 50, offset: int = 0, total: int | None = None) -> dict:
    """The events behind a dyad's series (all, or one month's point: "YYYY-MM" or "undated"), newest first.
    `total`: their number when the caller knows it already (from the series), saving a count."""
    q.check_limit(limit, offset)
    ca, cb = q.check_country(store, a), q.check_country(store, b)
    if ca == cb:
        raise QueryError(f"a dyad needs two different countries (got {ca} twice)")
    lo, hi = check_range(since, until)
    # the series' events by the series' definition: event_dyads (store/dyads.py), first reports only
    pair, params, _, _ = pair_condition(ca, cb)
    conds = [pair]
    if month == "undated":
        conds.append("d.month IS NULL")
    elif month:
        check_month(month)
        conds.append("d.month = ?")
        params.append(month)
    add_day_range(conds, params, "d.day", lo, hi)
    where = f"e.pk IN (SELECT d.event FROM event_dyads d WHERE {' AND '.join(conds)})"
    if total is None:
        total = store.scalar(f"SELECT count(*) FROM events e WHERE {where}", params)
    rows = [] if offset >= total else store.all(
        f"SELECT {q.EVENT_COLS} FROM events e JOIN articles a ON a.pk = e.article WHERE {where} "
        f"ORDER BY e.day DESC NULLS LAST, e.pk DESC LIMIT ? OFFSET ?", (*params, limit, offset))
    return {"a": ca, "b": cb, "month": month, "since": lo, "until": hi, "total": total,
            "items": q.event_items(store, rows)}


def check_month(month: str) -> None:
    import re
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise QueryError(f"month {month!r} is not YYYY-MM (or 'undated')")


def dyads(store: "Store", limit: int = 20, offset: int = 0) -> dict:
    """Country pairs by how many events one did to the other (either direction), busiest first: the dyad
    series' events (event_dyads: first reports, negated and hypothetical ones left out) less joint actions."""
    q.check_limit(limit, offset)
    directed = "FROM event_dyads WHERE lo_to_hi = 1 OR hi_to_lo = 1"
    total = store.scalar(f"SELECT count(*) FROM (SELECT DISTINCT lo, hi {directed}) t")
    rows = store.all(f"SELECT lo, hi, count(*) AS n {directed} GROUP BY lo, hi "
                     f"ORDER BY n DESC, lo, hi LIMIT ? OFFSET ?", (limit, offset))
    names = country_names(store, [c for r in rows for c in r[:2]])
    return {"total": total, "items": [{"a": r[0], "b": r[1], "events": r[2], "a_name": names.get(r[0]),
                                       "b_name": names.get(r[1])} for r in rows]}


# --- the actor network ---

def network(store: "Store", since: str | None = None, until: str | None = None, type: str | None = None,
            quad: int | None = None, by: str = "actor", min_events: int = 1, limit: int = 300,
            offset: int = 0) -> dict:
    """Actors (or countries) as nodes, events as edges actor -> recipient, one edge per quad class,
    heaviest first. Negated and hypothetical events are left out."""
    q.check_limit(limit, offset)
    if by not in ("actor", "country"):
        raise QueryError(f"by={by!r}: use 'actor' or 'country'")
    if quad is not None and quad not in q.QUADS:
        raise QueryError(f"quad {quad} is not a quad class (1..4)")
    if min_events < 1:
        raise QueryError(f"min_events {min_events} must be at least 1")
    lo, hi = check_range(since, until)
    conds, params = list(q.OCCURRED), []
    t = q.filter_events(conds, params, type, lo, hi)
    if quad is not None:
        conds.append("e.quad = ?")
        params.append(quad)
    col = "actor" if by == "actor" else "country"
    extra = "" if by == "actor" else " AND xa.country IS NOT NULL AND xr.country IS NOT NULL AND xa.country <> xr.country"
    grouped = (f"SELECT xa.{col} AS src, xr.{col} AS dst, e.quad AS quad, count(DISTINCT e.pk) AS n "
               f"FROM events e JOIN event_actors xa ON xa.event = e.pk AND xa.side = 'actor' "
               f"JOIN event_actors xr ON xr.event = e.pk AND xr.side = 'recipient' "
               f"WHERE {' AND '.join(conds)}{extra} AND xa.{col} <> xr.{col} "
               f"GROUP BY xa.{col}, xr.{col}, e.quad HAVING count(DISTINCT e.pk) >= ?")
    params.append(min_events)
    total = store.scalar(f"SELECT count(*) FROM ({grouped}) g", params)
    rows = store.all(f"SELECT src, dst, quad, n FROM ({grouped}) g ORDER BY n DESC, src, dst, quad "
                     f"LIMIT ? OFFSET ?", (*params, limit, offset))
    node_ids = list(dict.fromkeys([r[0] for r in rows] + [r[1] for r in rows]))
    nodes: list[dict[str, Any]] = []
    if by == "actor" and node_ids:
        info = {r[0]: r for r in store.all(
            f"SELECT pk, key, name, kind, country FROM actors WHERE pk IN ({q.marks(len(node_ids))})", node_ids)}
        keys = {pk: info[pk][1] for pk in node_ids if pk in info}
        for pk in node_ids:
            if pk in info:
                _, key, name, kind, country = info[pk]
                nodes.append({"id": key, "name": name, "kind": kind, "country": country})
    elif node_ids:
        names = country_names(store, node_ids)
        keys = {c: c for c in node_ids}
        nodes = [{"id": c, "name": names.get(c) or c, "kind": "country", "country": c} for c in node_ids]
    else:
        keys = {}
    degree: dict[str, int] = {}
    edges = []
    for src, dst, quad_, n in rows:
        if src not in keys or dst not in keys:
            continue
        s, d = keys[src], keys[dst]
        degree[s] = degree.get(s, 0) + n
        degree[d] = degree.get(d, 0) + n
        edges.append({"source": s, "target": d, "quad": quad_, "events": n})
    for node in nodes:
        node["events"] = degree.get(node["id"], 0)
    return {"filters": {"since": lo, "until": hi, "type": t, "quad": quad, "by": by, "min_events": min_events},
            "total": total, "nodes": nodes, "edges": edges,
            "quad_names": {str(k): v for k, v in q.QUADS.items()}}
