"""Exports from the store, streamed in chunks so a large database never sits in memory:

- jsonl:   one record per line, exactly as `khronika process` emits it (spec/RECORD.md);
- parquet: a directory of tables (articles, actors, mentions, quotes, events, roles, related) via pyarrow;
- plover:  one PLOVER event per line, with the manual's JSON field names (id, date, actor/recipient as
           entity objects with code and sector, event, mode, context, quad_code, event_scale, ...);
- gdelt:   GDELT 2.0's 61-column tab-separated event table, no header (as GDELT ships it), one row per
           actor x recipient pair, so GDELT tools can read khronika events.

`--since/--until` select articles by publication day (jsonl, parquet) or events by their day (plover,
gdelt); anything without a day is left out when a bound is given.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .store import Store, StoreError
from .store.dates import add_day_range, check_range
from .store.write import record_from_row

FORMATS = ("jsonl", "parquet", "plover", "gdelt")
CHUNK = 5000
CODER = f"khronika {__version__}"

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61


class ExportError(Exception):
    """The output cannot be written (a clear one-line reason)."""


def _range_sql(column: str, lo: str | None, hi: str | None) -> tuple[str, list]:
    """The day-range condition (possibly empty) of an export query, built by the store's one helper."""
    conds: list[str] = []
    params: list = []
    add_day_range(conds, params, column, lo, hi)
    return " AND ".join(conds), params


def _chunks(store: Store, sql: str, params: list, size: int = CHUNK) -> Iterator[list]:
    cur = store.execute(sql, params)
    while True:
        with store.guard():
            rows = cur.fetchmany(size)
        if not rows:
            return
        yield rows


@contextmanager
def _text_out(out: str):
    if out == "-":
        yield sys.stdout
        return
    path = Path(out)
    if path.is_dir():
        raise ExportError(f"{out}: is a directory; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        tmp.replace(path)  # a finished export appears whole, never half-written
    except OSError as e:
        raise ExportError(f"{out}: cannot write ({e.strerror or e})") from None


def export(store: Store, fmt: str, out: str, since: str | None = None, until: str | None = None,
           advance: Callable[[int], None] | None = None) -> dict:
    """Write `fmt` to `out` (a file, '-' for stdout, or a directory for parquet); returns counts."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    lo, hi = check_range(since, until)
    advance = advance or (lambda n=1: None)
    if fmt == "jsonl":
        return export_jsonl(store, out, lo, hi, advance)
    if fmt == "parquet":
        return export_parquet(store, out, lo, hi, advance)
    if fmt == "plover":
        return export_plover(store, out, lo, hi, advance)
    return export_gdelt(store, out, lo, hi, advance)


# --- records ---

def export_jsonl(store: Store, out: str, lo: str | None, hi: str | None, advance) -> dict:
    cond, params = _range_sql("day", lo, hi)
    n = 0
    with _text_out(out) as fh:
        for rows in _chunks(store, f"SELECT text, record FROM articles {'WHERE ' + cond if cond else ''} "
                                   f"ORDER BY pk", params, 500):
            for text, rec in rows:
                fh.write(json.dumps(record_from_row(text, rec), ensure_ascii=False) + "\n")
            n += len(rows)
            advance(len(rows))
    return {"records": n}


# --- events: shared reading ---

EVENT_SQL = """
SELECT e.pk, a.id, e.local, e.event, e.mode, e.context, e.date, e.day, e.historical, e.future, e.hypothetical,
       e.negated, l.name, l.country, l.kind, e.trigger_start, e.trigger_end, e.trigger_text, e.sentence_start,
       e.sentence_end, e.cameo, e.goldstein, e.quad, e.confidence, a.url, a.title, a.site, a.ingested_at,
       length(a.title), length(a.lead), l.key
FROM events e JOIN articles a ON a.pk = e.article LEFT JOIN actors l ON l.pk = e.location
WHERE e.pk > ? {cond} ORDER BY e.pk LIMIT ?
"""


def _events(store: Store, cond: str, params: list) -> Iterator[tuple[tuple, dict[str, list[dict]]]]:
    """Events (keyset pages by pk) with their actor and recipient entities."""
    last = 0
    while True:
        rows = store.all(EVENT_SQL.format(cond=("AND " + cond) if cond else ""), (last, *params, CHUNK))
        if not rows:
            return
        lo_pk, hi_pk = rows[0][0], rows[-1][0]
        parties: dict[int, dict[str, list[dict]]] = {}
        for ev, side, key, name, country, sector, office, wikidata in store.all(
                "SELECT x.event, x.side, a.key, a.name, x.country, a.sector, a.office, a.wikidata "
                "FROM event_actors x JOIN actors a ON a.pk = x.actor WHERE x.event BETWEEN ? AND ? "
                "ORDER BY x.event, x.side, x.position", (lo_pk, hi_pk)):
            parties.setdefault(ev, {"actor": [], "recipient": []})[side].append(
                {"key": key, "name": name, "country": country, "sector": sector, "office": office,
                 "wikidata": wikidata})
        for r in rows:
            yield r, parties.get(r[0], {"actor": [], "recipient": []})
        last = hi_pk


def _plover_entity(p: dict) -> dict:
    ent = {"code": p["country"], "sector": p["sector"], "identifier_id": p["wikidata"] or p["key"],
           "identifier_text": p["name"]}
    if p["office"]:
        ent["office"] = p["office"]
    return ent


def plover_event(r: tuple, parties: dict[str, list[dict]]) -> dict:
    loc = {"extracted_place": r[12], "resolved_place": r[12], "country_code": r[13]} if r[12] else None
    return {
        "id": f"{r[1]}-{r[2]}", "date": r[7], "event": [r[3]], "mode": [r[4]] if r[4] else [],
        "context": json.loads(r[5] or "[]"),
        "actor": [_plover_entity(p) for p in parties["actor"]],
        "recipient": [_plover_entity(p) for p in parties["recipient"]],
        "event_text": [r[17]] if r[17] else [], "quad_code": r[22], "event_scale": r[21], "event_loc": loc,
        "text_info": {"start": r[18], "end": r[19]},
        "cite_info": {"url": r[24], "title": r[25], "language": "ru", "publication": r[26], "coder": CODER,
                      "codebook": "PLOVER 2.0"},
        "coder": CODER, "coded_date": (r[27] or "")[:10] or None,
        # khronika's own fields (PLOVER allows provider fields beyond its names)
        "article_id": r[1], "event_id": r[2], "date_in_text": r[6], "historical": bool(r[8]),
        "future": bool(r[9]), "hypothetical": bool(r[10]), "negated": bool(r[11]), "cameo": r[20],
        "trigger": {"start": r[15], "end": r[16]}, "confidence": r[23],
    }


def export_plover(store: Store, out: str, lo: str | None, hi: str | None, advance) -> dict:
    cond, params = _range_sql("e.day", lo, hi)
    n = 0
    with _text_out(out) as fh:
        for r, parties in _events(store, cond, params):
            fh.write(json.dumps(plover_event(r, parties), ensure_ascii=False) + "\n")
            n += 1
            if n % 1000 == 0:
                advance(1000)
    advance(n % 1000)
    return {"events": n}


def _gdelt_clean(value) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def gdelt_rows(r: tuple, parties: dict[str, list[dict]]) -> Iterator[list[str]]:
    added = (r[27] or "").replace("-", "").replace(":", "").replace("T", "").replace("Z", "")[:14]
    day = r[7] or (r[27] or "")[:10]  # GDELT dates events it cannot place by the day it saw the report
    try:
        d = date.fromisoformat(day)
    except ValueError:
        d = None
    sqldate = d.strftime("%Y%m%d") if d else ""
    fraction = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else ""
    lead_end = (r[28] or 0) + 2 + (r[29] or 0) if r[29] else (r[28] or 0)
    root = 1 if r[15] is not None and r[15] < lead_end else 0
    cameo = r[20] or ""
    if r[12]:
        action_geo = ["1" if r[14] == "country" else "4", r[12], "", "", "", "", "", ""]
    else:
        action_geo = ["0", "", "", "", "", "", "", ""]
    actors = parties["actor"] or [None]
    recipients = parties["recipient"] or [None]
    pairs = [(a, b) for a in actors for b in recipients][:100]
    for i, (a, b) in enumerate(pairs):
        def actor_cols(p):
            if p is None:
                return [""] * 10
            code = (p["country"] or "") + (p["sector"] or "")
            return [code, p["name"], p["country"] or "", "", "", "", "", p["sector"] or "", "", ""]
        row = [str(r[0] * 100 + i), sqldate, sqldate[:6], sqldate[:4], fraction,
               *actor_cols(a), *actor_cols(b),
               str(root), cameo, cameo[:3], cameo[:2], _gdelt_clean(r[22]), _gdelt_clean(r[21]),
               "1", "1", "1", "",
               "0", "", "", "", "", "", "", "",
               "0", "", "", "", "", "", "", "",
               *action_geo, added, r[24] or f"khronika:{r[1]}"]
        yield [_gdelt_clean(v) for v in row]


def export_gdelt(store: Store, out: str, lo: str | None, hi: str | None, advance) -> dict:
    cond, params = _range_sql("e.day", lo, hi)
    n = rows = 0
    with _text_out(out) as fh:
        for r, parties in _events(store, cond, params):
            for row in gdelt_rows(r, parties):
                fh.write("\t".join(row) + "\n")
                rows += 1
            n += 1
            if n % 1000 == 0:
                advance(1000)
    advance(n % 1000)
    return {"events": n, "rows": rows}


# --- parquet tables ---

def _schemas():
    import pyarrow as pa
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    ls = pa.list_(pa.string())
    return {
        "articles": [("id", s), ("url", s), ("site", s), ("file", s), ("published_at", s), ("day", s),
                     ("title", s), ("lead", s), ("photo_credit", s), ("text", s), ("content_hash", s),
                     ("n_mentions", i), ("n_actors", i), ("n_quotes", i), ("n_events", i), ("ingested_at", s)],
        "actors": [("key", s), ("name", s), ("kind", s), ("country", s), ("sector", s), ("office", s),
                   ("wikidata", s), ("articles", i), ("first_seen", s), ("last_seen", s)],
        "mentions": [("article_id", s), ("mention_id", s), ("start", i), ("end", i), ("text", s), ("type", s),
                     ("normal", s), ("actor_key", s)],
        "quotes": [("article_id", s), ("quote_id", s), ("kind", s), ("start", i), ("end", i), ("text", s),
                   ("speaker_key", s), ("speaker_text", s), ("cue", s), ("day", s)],
        "events": [("article_id", s), ("event_id", s), ("event", s), ("mode", s), ("context", ls), ("date", s),
                   ("day", s), ("historical", b), ("future", b), ("hypothetical", b), ("negated", b),
                   ("location_key", s), ("trigger_start", i), ("trigger_end", i), ("trigger_text", s),
                   ("sentence_start", i), ("sentence_end", i), ("cameo", s), ("goldstein", f), ("quad", i),
                   ("confidence", f), ("actor_keys", ls), ("actor_countries", ls), ("recipient_keys", ls),
                   ("recipient_countries", ls)],
        "roles": [("key", s), ("name", s), ("office", s), ("country", s), ("sector", s), ("seen_at", s),
                  ("article_id", s)],
        "related": [("article_id", s), ("position", i), ("time", s), ("title", s), ("url", s)],
    }


def _table_queries(cond: str) -> dict[str, str]:
    where = f"WHERE {cond}" if cond else ""
    return {
        "articles": f"SELECT id, url, site, file, published_at, day, title, lead, photo_credit, text, content_hash, "
                    f"n_mentions, n_actors, n_quotes, n_events, ingested_at FROM articles a {where} ORDER BY a.pk",
        "actors": ("SELECT key, name, kind, country, sector, office, wikidata, n_articles, first_seen, last_seen "
                   "FROM actors ORDER BY pk") if not cond else
                  (f"SELECT x.key, x.name, x.kind, x.country, x.sector, x.office, x.wikidata, x.n_articles, "
                   f"x.first_seen, x.last_seen FROM actors x WHERE x.pk IN (SELECT aa.actor FROM article_actors aa "
                   f"JOIN articles a ON a.pk = aa.article {where}) ORDER BY x.pk"),
        "mentions": f"SELECT a.id, m.local, m.char_start, m.char_end, m.text, m.type, m.normal, x.key "
                    f"FROM mentions m JOIN articles a ON a.pk = m.article LEFT JOIN actors x ON x.pk = m.actor "
                    f"{where} ORDER BY m.pk",
        "quotes": f"SELECT a.id, q.local, q.kind, q.char_start, q.char_end, q.text, x.key, q.speaker_text, q.cue, "
                  f"q.day FROM quotes q JOIN articles a ON a.pk = q.article LEFT JOIN actors x ON x.pk = q.speaker "
                  f"{where} ORDER BY q.pk",
        "roles": ("SELECT r.key, r.name, r.office, r.country, r.sector, r.seen_at, r.article_id FROM actor_roles r "
                  "ORDER BY r.pk") if not cond else
                 (f"SELECT r.key, r.name, r.office, r.country, r.sector, r.seen_at, r.article_id FROM actor_roles r "
                  f"JOIN articles a ON a.id = r.article_id {where} ORDER BY r.pk"),
        "related": f"SELECT a.id, r.position, r.time, r.title, r.url FROM related r "
                   f"JOIN articles a ON a.pk = r.article {where} ORDER BY r.article, r.position",
    }


def export_parquet(store: Store, out: str, lo: str | None, hi: str | None, advance) -> dict:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise ExportError("parquet needs pyarrow (pip install pyarrow)") from None
    folder = Path(out)
    if out == "-" or (folder.exists() and not folder.is_dir()):
        raise ExportError(f"{out}: parquet export writes a directory of tables; give a directory path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{out}: cannot create ({e.strerror or e})") from None
    cond, params = _range_sql("a.day", lo, hi)
    schemas = _schemas()
    queries = _table_queries(cond)
    counts: dict[str, int] = {}

    def write(name: str, batches: Iterator[list]) -> None:
        schema = pa.schema(schemas[name])
        tmp = folder / f"{name}.parquet.part"
        n = 0
        try:
            with pq.ParquetWriter(tmp, schema, compression="zstd") as w:
                for rows in batches:
                    cols = list(zip(*rows)) if rows else [[] for _ in schema]
                    w.write_table(pa.table([pa.array(list(c), type=t) for c, t in zip(cols, schema.types)],
                                           schema=schema))
                    n += len(rows)
                    if name == "articles":
                        advance(len(rows))
            tmp.replace(folder / f"{name}.parquet")
        except OSError as e:
            raise ExportError(f"{tmp}: cannot write ({e.strerror or e})") from None
        counts[name] = n

    for name in ("articles", "actors", "mentions", "quotes"):
        uses_params = name != "actors" or cond
        write(name, _chunks(store, queries[name], params if uses_params else []))

    def event_batches() -> Iterator[list]:
        batch = []
        for r, parties in _events(store, cond, params):
            batch.append([
                r[1], r[2], r[3], r[4], json.loads(r[5] or "[]"), r[6], r[7], bool(r[8]), bool(r[9]), bool(r[10]),
                bool(r[11]), r[30], r[15], r[16], r[17], r[18], r[19], r[20], r[21], r[22], r[23],
                [p["key"] for p in parties["actor"]], [p["country"] for p in parties["actor"]],
                [p["key"] for p in parties["recipient"]], [p["country"] for p in parties["recipient"]]])
            if len(batch) >= CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch
    write("events", event_batches())
    write("roles", _chunks(store, queries["roles"], params if cond else []))
    write("related", _chunks(store, queries["related"], params))
    return counts


__all__ = ["FORMATS", "GDELT_COLUMNS", "ExportError", "StoreError", "export"]
