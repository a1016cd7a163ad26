"""Writing prepared articles: one article = one set of rows, all in the caller's transaction.

Idempotent by record id: an article already stored (by this run, an earlier one, or another process
writing at the same time) is detected by the unique id and nothing of it is written twice.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable, Iterator

from ..record import Record
from .base import now_iso
from .dates import day_of, month_of
from .lemmas import fold, get_lemmatizer
from .prepare import PreparedArticle

if TYPE_CHECKING:
    from .base import Store

ARTICLE_COLUMNS = ("id, url, site, file, published_at, day, title, lead, photo_credit, text, content_hash, record, "
                   "n_mentions, n_actors, n_quotes, n_events, ingested_at")

UPSERT_ACTOR = """
INSERT INTO actors (key, name, name_fold, kind, country, sector, office, wikidata, n_articles, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
ON CONFLICT (key) DO UPDATE SET
  name = CASE WHEN length(excluded.name) > length(actors.name) THEN excluded.name ELSE actors.name END,
  name_fold = CASE WHEN length(excluded.name) > length(actors.name) THEN excluded.name_fold ELSE actors.name_fold END,
  country = COALESCE(actors.country, excluded.country),
  sector = COALESCE(excluded.sector, actors.sector),
  office = COALESCE(excluded.office, actors.office),
  wikidata = COALESCE(actors.wikidata, excluded.wikidata),
  n_articles = actors.n_articles + 1,
  first_seen = CASE WHEN actors.first_seen IS NULL OR excluded.first_seen < actors.first_seen
                    THEN excluded.first_seen ELSE actors.first_seen END,
  last_seen = CASE WHEN actors.last_seen IS NULL OR excluded.last_seen > actors.last_seen
                   THEN excluded.last_seen ELSE actors.last_seen END
RETURNING pk, name
"""

INSERT_ROLE = """
INSERT INTO actor_roles (actor, key, name, office, country, sector, seen_at, article_id)
VALUES ((SELECT pk FROM actors WHERE key = ?), ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (key, office, article_id) DO NOTHING
"""


def save_batch(store: "Store", items: Iterable[PreparedArticle]) -> list[bool]:
    """Write a batch in one transaction; for each item, whether it was new (False: already stored)."""
    now = now_iso()
    with store.write():
        return [save_article(store, p, now) for p in items]


def record_without_text(record: dict) -> str:
    # The text has its own column; the record JSON keeps the key (as null) so its field order survives.
    # Compact separators: returned records are re-serialised with the spec's separators (get_record).
    return json.dumps({**record, "text": None}, ensure_ascii=False, separators=(",", ":"))


def save_article(store: "Store", p: PreparedArticle, now: str | None = None) -> bool:
    r = p.record
    day = day_of(r.get("published_at"))
    src = r.get("source") or {}
    row = store.one(
        f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 17)}) "
        f"ON CONFLICT (id) DO NOTHING RETURNING pk",
        (r["id"], src.get("url"), src.get("site"), src.get("file"), r.get("published_at"), day,
         r.get("title"), r.get("lead"), r.get("photo_credit"), r["text"], p.content_hash, record_without_text(r),
         len(r["mentions"]), len(r["actors"]), len(r["quotes"]), len(r["events"]), now or now_iso()))
    if row is None:
        return False
    art = row[0]
    dialect = store.dialect

    # actors: merged across articles by key; the record's local ids map to global pks
    local: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for a in r["actors"]:
        if a["key"] in by_key:  # the spec says once per record; be safe if a key repeats
            local[a["id"]] = by_key[a["key"]]
            continue
        before = store.one("SELECT name FROM actors WHERE key = ?", (a["key"],))
        pk, name = store.one(UPSERT_ACTOR, (a["key"], a["name"], fold(a["name"]), a["kind"], a.get("country"),
                                            a.get("sector"), a.get("office"), a.get("wikidata"), day, day))
        local[a["id"]] = by_key[a["key"]] = pk
        if before is None or before[0] != name:  # new, or a longer name replaced the old one
            lemmas = p.actor_lemmas.get(a["key"]) if name == a["name"] else None
            for sql, params in dialect.fts_replace("actors", pk, lemmas or get_lemmatizer().index_text(name)):
                store.execute(sql, params)
    store.executemany(
        "INSERT INTO article_actors (article, local, actor, office, country, sector, day) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(art, a["id"], local[a["id"]], a.get("office"), a.get("country"), a.get("sector"), day) for a in r["actors"]])

    store.executemany(
        "INSERT INTO mentions (article, local, char_start, char_end, text, type, normal, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(art, m["id"], m["start"], m["end"], m["text"], m["type"], m.get("normal"), local.get(m.get("actor")))
         for m in r["mentions"]])

    for q, lemmas in zip(r["quotes"], p.quote_lemmas):
        (qpk,) = store.one(
            "INSERT INTO quotes (article, local, kind, char_start, char_end, text, speaker, speaker_text, cue, day) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pk",
            (art, q["id"], q["kind"], q["start"], q["end"], q["text"], local.get(q.get("speaker")),
             q.get("speaker_text"), q.get("cue"), day))
        store.execute(*dialect.fts_insert("quotes", qpk, lemmas))

    countries = {a["id"]: a.get("country") for a in r["actors"]}
    for e in r["events"]:
        # an event placed in the past with no date of its own must not take the article's date
        eday = day_of(e.get("date")) or (None if e.get("historical") else day)
        trig, sent = e.get("trigger") or {}, e.get("sentence") or {}
        (epk,) = store.one(
            "INSERT INTO events (article, local, event, mode, context, date, day, month, historical, future, "
            "hypothetical, negated, location, trigger_start, trigger_end, trigger_text, sentence_start, "
            "sentence_end, cameo, goldstein, quad, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pk",
            (art, e["id"], e["event"], e.get("mode"), json.dumps(e.get("context") or [], ensure_ascii=False),
             e.get("date"), eday, month_of(eday), int(bool(e.get("historical"))), int(bool(e.get("future"))),
             int(bool(e.get("hypothetical"))), int(bool(e.get("negated"))), local.get(e.get("location")),
             trig.get("start"), trig.get("end"), trig.get("text"), sent.get("start"), sent.get("end"),
             e.get("cameo"), e.get("goldstein"), e.get("quad"), e.get("confidence")))
        sides = [("actor", e.get("actor") or []), ("recipient", e.get("recipient") or [])]
        store.executemany(
            "INSERT INTO event_actors (event, side, position, actor, country) VALUES (?, ?, ?, ?, ?)",
            [(epk, side, i, local[aid], countries.get(aid))
             for side, ids in sides for i, aid in enumerate(ids) if aid in local])

    store.executemany("INSERT INTO related (article, position, time, title, url) VALUES (?, ?, ?, ?, ?)",
                      [(art, i, x.get("time"), x.get("title"), x.get("url")) for i, x in enumerate(r["related"])])

    save_roles(store, p.roles)
    store.execute(*dialect.fts_insert("articles", art, p.lemmas))
    from ..stories import link_article  # duplicates, thread, related links, events across articles
    link_article(store, art, r, p.lemmas, day, by_key)
    return True


def save_roles(store: "Store", rows: list[dict]) -> None:
    store.executemany(INSERT_ROLE, [
        (x["key"], x["key"], x["name"], x.get("office") or "", x.get("country"), x.get("sector"),
         x.get("seen_at"), x.get("article_id") or "") for x in rows])


# --- reading back ---

def record_from_row(text: str, record_json: str) -> dict:
    d = json.loads(record_json)
    d["text"] = text
    return d


def get_record(store: "Store", article_id: str) -> dict | None:
    """The stored record exactly as `khronika process` emitted it."""
    row = store.one("SELECT text, record FROM articles WHERE id = ?", (article_id,))
    return None if row is None else record_from_row(row[0], row[1])


def iter_records(store: "Store", batch: int = 500, where: str = "", params: tuple = ()) -> Iterator[dict]:
    """Every stored record (optionally filtered by a WHERE clause over `articles`), in ingest order,
    fetched in keyset pages so memory stays flat on a large database."""
    last = 0
    cond = f"AND ({where})" if where else ""
    while True:
        rows = store.all(f"SELECT pk, text, record FROM articles WHERE pk > ? {cond} ORDER BY pk LIMIT ?",
                         (last, *params, batch))
        if not rows:
            return
        for pk, text, rec in rows:
            yield record_from_row(text, rec)
        last = rows[-1][0]


def has_article(store: "Store", article_id: str) -> bool:
    return store.one("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None


def load_roles(store: "Store", after: int = 0) -> tuple[list[dict], int]:
    """Role rows with pk > `after` (all of them by default) and the last pk seen."""
    rows = store.all("SELECT pk, name, key, office, country, sector, seen_at, article_id FROM actor_roles "
                     "WHERE pk > ? ORDER BY pk", (after,))
    out = [{"name": r[1], "key": r[2], "office": r[3] or None, "country": r[4], "sector": r[5],
            "seen_at": r[6], "article_id": r[7] or None} for r in rows]
    return out, (rows[-1][0] if rows else after)


# --- migration backfills (schema.py) ---

def index_existing_text(store: "Store") -> None:
    lem = get_lemmatizer()
    d = store.dialect
    for pk, text in store.all("SELECT pk, text FROM articles"):
        store.execute(*d.fts_insert("articles", pk, lem.index_text(text)))
    for pk, text in store.all("SELECT pk, text FROM quotes"):
        store.execute(*d.fts_insert("quotes", pk, lem.index_text(text)))
    for pk, name in store.all("SELECT pk, name FROM actors"):
        for sql, params in d.fts_replace("actors", pk, lem.index_text(name)):
            store.execute(sql, params)


def learn_roles_from_records(store: "Store") -> None:
    from .registry import build_registry, learn
    registry = build_registry([])
    for d in iter_records(store):
        save_roles(store, learn(registry, Record.from_dict(d)))
