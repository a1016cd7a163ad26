"""Questions an analyst asks of the store. Each returns plain dicts/lists (the CLI renders them as
tables or JSON; the HTTP API returns them). Bad questions raise QueryError with a one-line reason.
Every value reaches SQL as a parameter; only fixed fragments and placeholder lists are formatted in."""
from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any, Iterable

from .dates import add_day_range, check_range
from .dyads import pair_condition
from .errors import QueryError
from .lemmas import WORD, fold, get_lemmatizer

if TYPE_CHECKING:
    from .base import Store

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# Codes that are not ISO 3166 states but stand for an actor's "country" (RECORD.md).
SPECIAL_CODES = {"IGO", "UNO", "EUR"}


def marks(n: int) -> str:
    return ", ".join("?" * n)


def where_sql(conds: list[str]) -> str:
    return ("WHERE " + " AND ".join(conds)) if conds else ""


# --- actors and countries named in a query ---

def actor_row(r) -> dict:
    return {"pk": r["pk"], "key": r["key"], "name": r["name"], "kind": r["kind"], "country": r["country"],
            "sector": r["sector"], "office": r["office"], "wikidata": r["wikidata"],
            "articles": r["n_articles"], "first_seen": r["first_seen"], "last_seen": r["last_seen"]}


ACTOR_COLS = "pk, key, name, kind, country, sector, office, wikidata, n_articles, first_seen, last_seen"


def find_actors(store: "Store", name: str, limit: int = 10) -> list[dict]:
    """Actors a user means by `name`: a key or Wikidata id, an exact name, else every actor whose name
    holds all the words (in any case form: "Путина" finds "Владимир Путин"), busiest first."""
    name = (name or "").strip()
    if not name:
        raise QueryError("an actor name is empty")
    # both columns indexed (a Wikidata id, where known, is the key)
    rows = store.all(f"SELECT {ACTOR_COLS} FROM actors WHERE key = ? OR name_fold = ? "
                     f"ORDER BY n_articles DESC LIMIT ?", (name, fold(name), limit))
    if not rows:
        groups = get_lemmatizer().query_groups(name)
        if groups:
            sub, params = store.dialect.fts_search("actors", groups)
            rows = store.all(f"SELECT {', '.join('a.' + c.strip() for c in ACTOR_COLS.split(','))} "
                             f"FROM ({sub}) m JOIN actors a ON a.pk = m.pk ORDER BY a.n_articles DESC, m.score "
                             f"LIMIT ?", (*params, limit))
    return [actor_row(r) for r in rows]


def resolve_actors(store: "Store", name: str, what: str = "actor") -> list[dict]:
    found = find_actors(store, name)
    if not found:
        raise QueryError(f"no {what} in the database matches {name!r}")
    return found


def is_country_code(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}", text or ""))


def check_country(store: "Store", code: str) -> str:
    """An ISO 3166 alpha-3 code (or IGO/UNO/EUR), or a country's name as stored ("Казахстан")."""
    text = (code or "").strip()
    if is_country_code(text.upper()) and text.upper() == text:
        if text in SPECIAL_CODES or _iso3(text) or store.one("SELECT 1 FROM actors WHERE country = ?", (text,)):
            return text
        raise QueryError(f"{text!r} is not a country code (ISO 3166 alpha-3 like KAZ, or IGO/UNO/EUR)")
    for a in find_actors(store, text):
        if a["kind"] == "country" and a["country"]:
            return a["country"]
    raise QueryError(f"{text!r} is neither a country code (KAZ, BLR, ...) nor a country in the database")


def _iso3(code: str) -> bool:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency
        return False
    return pycountry.countries.get(alpha_3=code) is not None


def check_type(event_type: str | None) -> str | None:
    if not event_type:
        return None
    t = event_type.strip().upper()
    if t not in PLOVER_TYPES:
        raise QueryError(f"unknown event type {event_type!r}; PLOVER types: {', '.join(PLOVER_TYPES)}")
    return t


def check_limit(limit: int, offset: int = 0) -> None:
    if limit < 1 or limit > 10_000:
        raise QueryError(f"limit {limit} is out of range (1..10000)")
    if offset < 0:
        raise QueryError(f"offset {offset} is negative")


# --- full-text search ---

def search_groups(text: str) -> list[tuple[str, ...]]:
    groups = get_lemmatizer().query_groups(text or "")
    if not groups:
        raise QueryError(f"nothing to search for in {text!r} (no words)")
    if len(groups) > 32:
        raise QueryError("too many words in the search (at most 32)")
    return groups


def snippet(text: str, groups: list[tuple[str, ...]], width: int = 220) -> dict:
    """A window of `text` around the first matching word, with the matching words' spans in it."""
    lem = get_lemmatizer()
    wanted = {x for g in groups for x in g}

    def hit(word: str) -> bool:
        return any(x in wanted for x in lem.lemmas(word))

    first = next((m.start() for m in WORD.finditer(text) if hit(m.group())), None)
    if first is None:
        return {"text": text[:width] + ("…" if len(text) > width else ""), "hits": []}
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    prefix = "…" if start else ""
    shown = prefix + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
    spans = [(m.start() + len(prefix), m.end() + len(prefix))
             for m in WORD.finditer(text, start, end) if hit(m.group())]
    spans = [(a - start, b - start) for a, b in spans]
    return {"text": shown, "hits": spans}


# A word found in most of a large database is ranked among its most recently stored matches only. bm25 reads
# each match's length and positions: at 100,000 articles a word in 75,000 of them ranks its window of 10,000
# in ~13 ms per index (articles, quotes), where 20,000 took ~27 ms and left a search's p95 near 85 ms under load.
RANK_WINDOW = 10_000


def _matches(store: "Store", index: str, groups: list[tuple[str, ...]]) -> tuple[int, str, list]:
    """How many rows of a full-text index match, and the subquery (with its parameters) that scores them."""
    sub, params = store.dialect.fts_search(index, groups)
    total = store.scalar(f"SELECT count(*) FROM ({sub}) m", params)
    if total > RANK_WINDOW:
        sub, params = store.dialect.fts_search(index, groups, RANK_WINDOW)
    return total, sub, params


def search(store: "Store", text: str, limit: int = 20, offset: int = 0, what: str = "all") -> dict:
    """Articles and quotes whose lemmas match every word of `text`, best first (bm25 over the lemma index;
    when more than RANK_WINDOW rows match, among the RANK_WINDOW most recently stored)."""
    check_limit(limit, offset)
    groups = search_groups(text)
    out: dict[str, Any] = {"query": text, "lemmas": [list(g) for g in groups]}
    if what in ("all", "articles"):
        total, sub, params = _matches(store, "articles", groups)
        # rank and cut in the index first, then fetch only the page's rows (texts are large)
        rows = store.all(f"SELECT a.id, a.title, a.published_at, a.url, a.site, a.file, a.text, m.score "
                         f"FROM (SELECT pk, score FROM ({sub}) f ORDER BY score, pk DESC LIMIT ? OFFSET ?) m "
                         f"JOIN articles a ON a.pk = m.pk ORDER BY m.score, a.pk DESC", (*params, limit, offset))
        out["articles"] = {"total": total, "items": [
            {"id": r[0], "title": r[1], "published_at": r[2], "source": r[3] or r[4] or r[5],
             "score": round(-r[7], 3), "snippet": snippet(r[6], groups)} for r in rows]}
    if what in ("all", "quotes"):
        total, sub, params = _matches(store, "quotes", groups)
        rows = store.all(f"SELECT a.id, a.title, a.published_at, q.local, q.kind, q.text, s.name, s.key, "
                         f"q.speaker_text, m.score "
                         f"FROM (SELECT pk, score FROM ({sub}) f ORDER BY score, pk DESC LIMIT ? OFFSET ?) m "
                         f"JOIN quotes q ON q.pk = m.pk JOIN articles a ON a.pk = q.article "
                         f"LEFT JOIN actors s ON s.pk = q.speaker ORDER BY m.score, q.pk DESC",
                         (*params, limit, offset))
        out["quotes"] = {"total": total, "items": [
            {"article_id": r[0], "title": r[1], "published_at": r[2], "quote_id": r[3], "kind": r[4],
             "speaker": r[6] or r[8], "speaker_key": r[7], "score": round(-r[9], 3),
             "snippet": snippet(r[5], groups)} for r in rows]}
    return out


# --- events ---

EVENT_COLS = ("e.pk, a.id, e.local, e.event, e.mode, e.context, e.date, e.day, e.historical, e.future, "
              "e.hypothetical, e.negated, e.trigger_text, e.sentence_start, e.sentence_end, e.cameo, "
              "e.goldstein, e.quad, e.confidence, a.title, a.url, a.published_at")


def _side_filter(store: "Store", side: str, who: str | None, used: dict) -> tuple[str, list] | None:
    """The events with `who` (a country code or an actor's name) on `side`: a subquery over the covering
    indexes of event_actors (pks, a pk may repeat), and its parameters."""
    if not who:
        return None
    if is_country_code(who):
        code = check_country(store, who)
        used[side] = {"country": code}
        return "SELECT x.event FROM event_actors x WHERE x.country = ? AND x.side = ?", [code, side]
    actors = resolve_actors(store, who)
    used[side] = {"actors": [a["name"] for a in actors]}
    return (f"SELECT x.event FROM event_actors x WHERE x.actor IN ({marks(len(actors))}) AND x.side = ?",
            [*[a["pk"] for a in actors], side])


# events that happened as told: neither negated nor hypothetical (the dyads, the network)
OCCURRED = ("e.negated = 0", "e.hypothetical = 0")


def filter_events(conds: list[str], params: list, type: str | None, lo: str | None, hi: str | None) -> str | None:
    """Conditions on events `e` by PLOVER type and day range (checked bounds); returns the checked type."""
    t = check_type(type)
    if t:
        conds.append("e.event = ?")
        params.append(t)
    add_day_range(conds, params, "e.day", lo, hi)
    return t


def events(store: "Store", actor: str | None = None, recipient: str | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Events, newest first. `actor`/`recipient`: a country code (KAZ) or an actor's name; dates
    filter on the event's own date where the text gives one, else the article's."""
    check_limit(limit, offset)
    lo, hi = check_range(since, until)
    conds: list[str] = []
    params: list = []
    used: dict[str, Any] = {}
    sides = [f for f in (_side_filter(store, "actor", actor, used), _side_filter(store, "recipient", recipient, used))
             if f is not None]
    for sub, sub_params in sides:
        # `pk IN (...)` drives the query from the event_actors index instead of testing every event
        conds.append(f"e.pk IN ({sub})")
        params += sub_params
    t = filter_events(conds, params, type, lo, hi)
    where = where_sql(conds)
    if sides and len(conds) == len(sides):
        # parties only: counted in event_actors' covering indexes without reading an event (an event may hold
        # two parties of one filter, hence DISTINCT / INTERSECT)
        if len(sides) == 1:
            total = store.scalar(f"SELECT count(DISTINCT t.event) FROM ({sides[0][0]}) t", sides[0][1])
        else:
            total = store.scalar(f"SELECT count(*) FROM ({sides[0][0]} INTERSECT {sides[1][0]}) t", params)
    else:
        total = store.scalar(f"SELECT count(*) FROM events e {where}", params)
    page_where = where
    if total and total * total > (limit + offset) * (store.scalar("SELECT max(pk) FROM events") or 0):
        # many matches: walking the day index newest first meets a page of them sooner than looking up every
        # matching event and sorting (at 100,000 articles, an actor country's page in 14 ms instead of 25);
        # `+e.pk` keeps the planner from driving the query by the pk lists of the side filters
        page_where = where.replace("e.pk IN (", "+e.pk IN (")
    rows = store.all(f"SELECT {EVENT_COLS} FROM ({page_sql(page_where)}) p JOIN events e ON e.pk = p.pk "
                     f"JOIN articles a ON a.pk = e.article ORDER BY e.day DESC NULLS LAST, e.pk DESC",
                     (*params, limit, offset))
    return {"filters": {"actor": used.get("actor"), "recipient": used.get("recipient"), "type": t,
                        "since": lo, "until": hi},
            "total": total, "items": event_items(store, rows)}


def page_sql(where: str) -> str:
    """One page of event pks, newest first: sorted and cut before any wide row is read."""
    return f"SELECT e.pk FROM events e {where} ORDER BY e.day DESC NULLS LAST, e.pk DESC LIMIT ? OFFSET ?"


def event_items(store: "Store", rows: list) -> list[dict]:
    if not rows:
        return []
    pks = [r[0] for r in rows]
    parties: dict[int, dict[str, list]] = {pk: {"actor": [], "recipient": []} for pk in pks}
    for ev, side, name, key, country in store.all(
            f"SELECT x.event, x.side, a.name, a.key, x.country FROM event_actors x JOIN actors a ON a.pk = x.actor "
            f"WHERE x.event IN ({marks(len(pks))}) ORDER BY x.event, x.side, x.position", pks):
        parties[ev][side].append({"name": name, "key": key, "country": country})
    texts = {}
    items = []
    for r in rows:
        sentence = None
        if r[13] is not None and r[14] is not None:
            if r[1] not in texts:
                texts[r[1]] = store.scalar("SELECT text FROM articles WHERE id = ?", (r[1],))
            sentence = texts[r[1]][r[13]:r[14]]
        items.append({
            "article_id": r[1], "event_id": r[2], "event": r[3], "mode": r[4], "context": json.loads(r[5] or "[]"),
            "date": r[6], "day": r[7], "historical": bool(r[8]), "future": bool(r[9]),
            "hypothetical": bool(r[10]), "negated": bool(r[11]),
            "actor": parties[r[0]]["actor"], "recipient": parties[r[0]]["recipient"],
            "trigger": r[12], "sentence": sentence, "cameo": r[15], "goldstein": r[16], "quad": r[17],
            "confidence": r[18], "title": r[19], "url": r[20], "published_at": r[21]})
    return items


# --- one actor ---

def actor_profile(store: "Store", name: str, limit: int = 20) -> dict:
    """An actor with its offices over time, what it said, did, and had done to it."""
    check_limit(limit)
    found = resolve_actors(store, name)
    a = found[0]
    offices = _offices(store, a)
    quotes_ = store.all(
        "SELECT a.id, a.title, a.published_at, q.local, q.kind, q.text, q.cue FROM quotes q "
        "JOIN articles a ON a.pk = q.article WHERE q.speaker = ? ORDER BY q.day DESC NULLS LAST, q.pk DESC "
        "LIMIT ?", (a["pk"], limit))
    n_quotes = store.scalar("SELECT count(*) FROM quotes WHERE speaker = ?", (a["pk"],))
    out = {"actor": {k: v for k, v in a.items() if k != "pk"},
           "also_matching": [{"name": x["name"], "key": x["key"], "country": x["country"]} for x in found[1:]],
           "offices": offices,
           "quotes": {"total": n_quotes, "items": [
               {"article_id": r[0], "title": r[1], "published_at": r[2], "quote_id": r[3], "kind": r[4],
                "text": r[5], "cue": r[6]} for r in quotes_]}}
    for side, label in (("actor", "events_as_actor"), ("recipient", "events_as_recipient")):
        cond = "e.pk IN (SELECT x.event FROM event_actors x WHERE x.actor = ? AND x.side = ?)"
        total = store.scalar(f"SELECT count(*) FROM events e WHERE {cond}", (a["pk"], side))
        rows = store.all(f"SELECT {EVENT_COLS} FROM ({page_sql('WHERE ' + cond)}) p JOIN events e ON e.pk = p.pk "
                         f"JOIN articles a ON a.pk = e.article ORDER BY e.day DESC NULLS LAST, e.pk DESC",
                         (a["pk"], side, limit, 0))
        out[label] = {"total": total, "items": event_items(store, rows)}
    return out


def _offices(store: "Store", a: dict) -> list[dict]:
    """Offices over time: what each article said the actor was (with the article's day), and the roles the
    registry learned from appositions; one row per office with first and last day seen."""
    rows = store.all(
        "SELECT office, country, sector, day, article_id FROM ("
        " SELECT aa.office, aa.country, aa.sector, aa.day, ar.id AS article_id FROM article_actors aa"
        " JOIN articles ar ON ar.pk = aa.article WHERE aa.actor = ? AND aa.office IS NOT NULL"
        " UNION"
        " SELECT office, country, sector, substr(seen_at, 1, 10), article_id FROM actor_roles"
        " WHERE (actor = ? OR key = ?) AND office <> '') t", (a["pk"], a["pk"], a["key"]))
    merged: dict[tuple, dict] = {}
    for office, country, sector, day, article_id in rows:
        m = merged.setdefault((office, country), {"office": office, "country": country, "sector": sector,
                                                  "first_seen": None, "last_seen": None, "articles": set()})
        m["sector"] = m["sector"] or sector
        if day:
            m["first_seen"] = min(filter(None, [m["first_seen"], day]))
            m["last_seen"] = max(filter(None, [m["last_seen"], day]))
        if article_id:
            m["articles"].add(article_id)
    out = [{**m, "articles": len(m["articles"])} for m in merged.values()]
    return sorted(out, key=lambda m: (m["first_seen"] is None, m["first_seen"] or "", -m["articles"]))


# --- a pair of countries ---

# the events that are the first report of what they report (khronika.stories groups reports across articles)
FIRST_REPORTS = "SELECT event FROM event_groups WHERE canonical = event"


def dyad(store: "Store", a: str, b: str, since: str | None = None, until: str | None = None) -> dict:
    """Events between two countries by month: counts per direction and quad class, Goldstein sums.
    An event is between A and B when they stand on opposite sides (actor / recipient), or both act
    together with no recipient ("Казахстан и Беларусь обсудили..."). Negated and hypothetical events
    are not counted; historical events without a date of their own fall in "undated"."""
    ca, cb = check_country(store, a), check_country(store, b)
    if ca == cb:
        raise QueryError(f"a dyad needs two different countries (got {ca} twice)")
    lo, hi = check_range(since, until)
    # first reports only, one row per event linking the pair (event_dyads, kept by the store: dyads.py)
    cond, params, a_to_b, b_to_a = pair_condition(ca, cb)
    conds = [cond]
    add_day_range(conds, params, "d.day", lo, hi)
    rows = store.all(
        f"SELECT d.month, d.quad, d.type, count(*), sum({a_to_b}), sum({b_to_a}), sum(d.joint), "
        f"sum(coalesce(d.goldstein, 0)) FROM event_dyads d WHERE {' AND '.join(conds)} "
        f"GROUP BY d.month, d.quad, d.type", params)
    months: dict[str, dict] = {}
    for month, quad, event, n, n_a_to_b, n_b_to_a, n_joint, goldstein in rows:
        m = months.setdefault(month or "undated", {"month": month or "undated", "events": 0, "a_to_b": 0,
                                                   "b_to_a": 0, "joint": 0, "goldstein": 0.0,
                                                   "quad": {str(q): 0 for q in QUADS}, "types": {}})
        # int/float: PostgreSQL sums integers as numeric
        n = int(n)
        m["events"] += n
        m["a_to_b"] += int(n_a_to_b)
        m["b_to_a"] += int(n_b_to_a)
        m["joint"] += int(n_joint)
        m["goldstein"] = round(m["goldstein"] + float(goldstein), 2)
        if quad in QUADS:
            m["quad"][str(quad)] += n
        m["types"][event] = m["types"].get(event, 0) + n
    series = sorted(months.values(), key=lambda m: (m["month"] == "undated", m["month"]))
    total = {"events": sum(m["events"] for m in series), "goldstein": round(sum(m["goldstein"] for m in series), 2),
             "quad": {q: sum(m["quad"][q] for m in series) for q in map(str, QUADS)}}
    return {"a": ca, "b": cb, "since": lo, "until": hi, "months": series, "total": total,
            "quad_names": {str(k): v for k, v in QUADS.items()}}


# --- quotes ---

def quotes(store: "Store", speaker: str | None = None, since: str | None = None, until: str | None = None,
           limit: int = 50, offset: int = 0) -> dict:
    check_limit(limit, offset)
    lo, hi = check_range(since, until)
    conds, params, used = [], [], None
    if speaker:
        if is_country_code(speaker):
            code = check_country(store, speaker)
            conds.append("s.country = ?")
            params.append(code)
            used = {"country": code}
        else:
            found = resolve_actors(store, speaker, "speaker")
            conds.append(f"q.speaker IN ({marks(len(found))})")
            params += [x["pk"] for x in found]
            used = {"actors": [x["name"] for x in found]}
    add_day_range(conds, params, "q.day", lo, hi)
    where = where_sql(conds)
    base = "FROM quotes q JOIN articles a ON a.pk = q.article LEFT JOIN actors s ON s.pk = q.speaker"
    total = store.scalar(f"SELECT count(*) {base} {where}", params)
    rows = store.all(f"SELECT a.id, a.title, a.published_at, q.local, q.kind, q.text, q.cue, s.name, s.key, "
                     f"s.country, q.speaker_text {base} {where} ORDER BY q.day DESC NULLS LAST, q.pk DESC "
                     f"LIMIT ? OFFSET ?", (*params, limit, offset))
    return {"filters": {"speaker": used, "since": lo, "until": hi}, "total": total, "items": [
        {"article_id": r[0], "title": r[1], "published_at": r[2], "quote_id": r[3], "kind": r[4], "text": r[5],
         "cue": r[6], "speaker": r[7] or r[10], "speaker_key": r[8], "speaker_country": r[9]} for r in rows]}


# --- the whole database ---

def stats(store: "Store", top: int = 10) -> dict:
    def pairs(sql: str, params: Iterable = ()) -> dict:
        return {str(k): v for k, v in store.all(sql, tuple(params))}

    arts = store.one("SELECT count(*), min(day), max(day), sum(CASE WHEN day IS NULL THEN 1 ELSE 0 END) "
                     "FROM articles")
    out = {
        "database": store.where, "schema_version": int(store.meta().get("schema_version", 0)),
        "articles": {"total": arts[0], "first_day": arts[1], "last_day": arts[2], "undated": arts[3] or 0},
        "actors": {"total": store.scalar("SELECT count(*) FROM actors"),
                   "by_kind": pairs("SELECT kind, count(*) FROM actors GROUP BY kind ORDER BY count(*) DESC")},
        "mentions": store.scalar("SELECT count(*) FROM mentions"),
        "quotes": {"total": store.scalar("SELECT count(*) FROM quotes"),
                   "by_kind": pairs("SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY count(*) DESC")},
        "events": {"total": store.scalar("SELECT count(*) FROM events"),
                   "distinct": store.scalar(f"SELECT count(*) FROM ({FIRST_REPORTS}) d"),
                   "by_type": pairs("SELECT event, count(*) FROM events GROUP BY event ORDER BY count(*) DESC"),
                   "by_quad": pairs("SELECT quad, count(*) FROM events GROUP BY quad ORDER BY quad")},
        "roles": store.scalar("SELECT count(*) FROM actor_roles"),
        "top_actors": [{"name": r[0], "key": r[1], "country": r[2], "articles": r[3]} for r in store.all(
            "SELECT name, key, country, n_articles FROM actors WHERE kind <> 'country' "
            "ORDER BY n_articles DESC, name LIMIT ?", (top,))],
        "top_dyads": [{"a": r[0], "b": r[1], "events": r[2]} for r in store.all(
            "SELECT x.country, y.country, count(DISTINCT x.event) FROM event_actors x "
            "JOIN event_actors y ON y.event = x.event AND y.side = 'recipient' "
            f"WHERE x.side = 'actor' AND x.country IS NOT NULL AND y.country IS NOT NULL AND x.country <> y.country "
            f"AND x.event IN ({FIRST_REPORTS}) "
            "GROUP BY x.country, y.country ORDER BY count(DISTINCT x.event) DESC LIMIT ?", (top,))],
    }
    if store.dialect.name == "sqlite" and os.path.exists(store.where):
        out["bytes"] = os.path.getsize(store.where)
    return out
