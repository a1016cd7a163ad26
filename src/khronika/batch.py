"""The one batch function every engine calls: input rows -> records and flat tables.

A row is a JSON object as in a JSONL dump (`text`/`content`/`body` or `html`, optional `title`, `url`,
`published_at`, `site`, `id`). `BatchAnalyser` loads the pipeline once (per worker process or Ray actor) and
turns a list of rows into one `articles` table (the full record as JSON plus what the store needs to index
it, so `khronika load` only inserts). `flat_tables` derives the flat tables (articles, mentions, actors,
quotes, events) and the failures from it; `write_tables` writes them as Parquet, partitioned by month.

Every article is analysed on its own, with the same registry (the built-in one): the output does not depend
on how rows are split into batches or over workers, so engines agree row for row. Roles the articles teach
(appositions) are kept in the `roles` column and reach the store's registry when loaded.
"""
from __future__ import annotations

import os

# Before numpy loads in a worker: one BLAS thread per worker (two workers with multi-threaded BLAS on two
# cores fight over them).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import threading  # noqa: E402
from datetime import date, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Iterable, Iterator  # noqa: E402

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

TABLES = ("articles", "mentions", "actors", "quotes", "events", "failures")
UNKNOWN_MONTH = "unknown"
PARTITION = "month"
LINE = "line"  # the input column both engines hand to the analyser: one JSON object per row  # the Parquet partition column: YYYY-MM of the publication date, or "unknown"

# The table one analysed batch yields (one row per input row); everything else is derived from it.
ANALYSED = pa.schema([
    ("id", pa.string()), ("month", pa.string()), ("source", pa.string()), ("error", pa.string()),
    ("record", pa.string()), ("content_hash", pa.string()), ("lemmas", pa.string()),
    ("quote_lemmas", pa.list_(pa.string())), ("actor_lemmas", pa.string()), ("roles", pa.string()),
])

FLAT = {
    "articles": pa.schema([
        ("id", pa.string()), ("url", pa.string()), ("site", pa.string()), ("published_at", pa.string()),
        ("title", pa.string()), ("n_chars", pa.int64()), ("n_mentions", pa.int64()), ("n_actors", pa.int64()),
        ("n_quotes", pa.int64()), ("n_events", pa.int64()), ("record", pa.string()),
        ("content_hash", pa.string()), ("lemmas", pa.string()), ("quote_lemmas", pa.list_(pa.string())),
        ("actor_lemmas", pa.string()), ("roles", pa.string()), ("month", pa.string())]),
    "mentions": pa.schema([
        ("article", pa.string()), ("id", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("text", pa.string()), ("type", pa.string()), ("normal", pa.string()), ("actor", pa.string()),
        ("month", pa.string())]),
    "actors": pa.schema([
        ("article", pa.string()), ("id", pa.string()), ("key", pa.string()), ("name", pa.string()),
        ("kind", pa.string()), ("country", pa.string()), ("sector", pa.string()), ("office", pa.string()),
        ("wikidata", pa.string()), ("month", pa.string())]),
    "quotes": pa.schema([
        ("article", pa.string()), ("id", pa.string()), ("kind", pa.string()), ("start", pa.int64()),
        ("end", pa.int64()), ("text", pa.string()), ("speaker", pa.string()), ("speaker_key", pa.string()),
        ("speaker_text", pa.string()), ("cue", pa.string()), ("month", pa.string())]),
    "events": pa.schema([
        ("article", pa.string()), ("id", pa.string()), ("event", pa.string()), ("mode", pa.string()),
        ("context", pa.list_(pa.string())), ("actor", pa.list_(pa.string())),
        ("recipient", pa.list_(pa.string())), ("actor_keys", pa.list_(pa.string())),
        ("recipient_keys", pa.list_(pa.string())), ("date", pa.string()), ("historical", pa.bool_()),
        ("future", pa.bool_()), ("hypothetical", pa.bool_()), ("negated", pa.bool_()),
        ("location", pa.string()), ("trigger_start", pa.int64()), ("trigger_end", pa.int64()),
        ("trigger_text", pa.string()), ("sentence_start", pa.int64()), ("sentence_end", pa.int64()),
        ("cameo", pa.string()), ("goldstein", pa.float64()), ("quad", pa.int64()),
        ("confidence", pa.float64()), ("month", pa.string())]),
    "failures": pa.schema([("source", pa.string()), ("error", pa.string()), ("month", pa.string())]),
}


class BatchError(Exception):
    """Bad batch input or output (one line for the command to show)."""


def month_of(published_at: str | None) -> str:
    if published_at and len(published_at) >= 7 and published_at[4] == "-":
        return published_at[:7]
    return UNKNOWN_MONTH


def _plain(value: Any) -> Any:
    # Parquet inputs may type a date column; the reader wants ISO strings
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def source_of(row: dict) -> str:
    for key in ("url", "id"):
        if isinstance(row.get(key), str) and row[key]:
            return row[key]
    title = row.get("title")
    return f"untitled row" if not isinstance(title, str) else title[:80]


class BatchAnalyser:
    """rows -> the analysed table. Construct once per worker: it loads natasha and the gazetteers."""

    def __init__(self, timeout: float | None = 120.0):
        from .pipeline import Processor
        from .store.lemmas import get_lemmatizer
        from .store.registry import build_registry
        self.processor = Processor(registry=build_registry([]))
        self.lemmatizer = get_lemmatizer()
        self.timeout = timeout

    def analyse_line(self, line: str) -> dict:
        from .ingest import ArticleTimeout, analyse_guarded, failure_reason
        from .reading.jsonl import article_from_object
        from .store.prepare import prepare
        from .store.registry import learn
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            return {"source": line[:80], "error": f"invalid JSON ({e.msg})", "month": UNKNOWN_MONTH}
        where = source_of(row) if isinstance(row, dict) else line[:80]
        try:
            article = article_from_object(row)
        except ValueError as e:
            return {"source": where, "error": f"not an article: {e}", "month": UNKNOWN_MONTH}

        def run(art):
            record = self.processor.process(art)
            # roles read off this record alone (never fed back): the output is independent of batching
            return prepare(record, learn(None, record), self.lemmatizer)
        # the time limit uses SIGALRM, which only the main thread can take (Ray runs batches in other threads)
        timeout = self.timeout if threading.current_thread() is threading.main_thread() else None
        try:
            p = analyse_guarded(run, article, timeout)
        except (Exception, ArticleTimeout, MemoryError) as e:
            return {"source": where, "error": failure_reason(e, self.timeout), "month": month_of(article.published_at)}
        r = p.record
        return {"id": p.id, "month": month_of(r.get("published_at")), "source": where, "error": None,
                "record": json.dumps(r, ensure_ascii=False, separators=(",", ":")),
                "content_hash": p.content_hash, "lemmas": p.lemmas, "quote_lemmas": p.quote_lemmas,
                "actor_lemmas": json.dumps(p.actor_lemmas, ensure_ascii=False),
                "roles": json.dumps(p.roles, ensure_ascii=False)}

    def __call__(self, lines: Iterable[str]) -> pa.Table:
        return pa.Table.from_pylist([self.analyse_line(x) for x in lines], schema=ANALYSED)


def analyse_batch(analyser: BatchAnalyser, batch: pa.Table) -> pa.Table:
    """The engines' entry point: a batch of input rows (Arrow, one JSON line per row in column LINE)."""
    return analyser(batch.column(LINE).to_pylist())


# --- flat tables ---

def _ok(analysed: pa.Table) -> Iterator[tuple[dict, dict]]:
    for row in analysed.to_pylist():
        if row.get("error") is None and row.get("record"):
            yield row, json.loads(row["record"])


def flat_table(analysed: pa.Table, name: str) -> pa.Table:
    """One of the flat tables (FLAT[name]) from an analysed table."""
    rows: list[dict] = []
    if name == "failures":
        rows = [{"source": r["source"], "error": r["error"], "month": r["month"]}
                for r in analysed.to_pylist() if r.get("error") is not None]
    for row, rec in (_ok(analysed) if name != "failures" else ()):
        month, aid = row["month"], rec["id"]
        keys = {a["id"]: a["key"] for a in rec["actors"]}
        if name == "articles":
            src = rec.get("source") or {}
            rows.append({"id": aid, "url": src.get("url"), "site": src.get("site"),
                         "published_at": rec.get("published_at"), "title": rec.get("title"),
                         "n_chars": len(rec["text"]), "n_mentions": len(rec["mentions"]),
                         "n_actors": len(rec["actors"]), "n_quotes": len(rec["quotes"]),
                         "n_events": len(rec["events"]),
                         **{k: row[k] for k in ("record", "content_hash", "lemmas", "quote_lemmas",
                                                "actor_lemmas", "roles", "month")}})
        elif name == "mentions":
            rows += [{"article": aid, **{k: m.get(k) for k in ("id", "start", "end", "text", "type", "normal",
                                                               "actor")}, "month": month} for m in rec["mentions"]]
        elif name == "actors":
            rows += [{"article": aid, **{k: a.get(k) for k in ("id", "key", "name", "kind", "country", "sector",
                                                               "office", "wikidata")}, "month": month}
                     for a in rec["actors"]]
        elif name == "quotes":
            rows += [{"article": aid, **{k: q.get(k) for k in ("id", "kind", "start", "end", "text", "speaker",
                                                               "speaker_text", "cue")},
                      "speaker_key": keys.get(q.get("speaker")), "month": month} for q in rec["quotes"]]
        elif name == "events":
            for e in rec["events"]:
                trig, sent = e.get("trigger") or {}, e.get("sentence") or {}
                rows.append({
                    "article": aid, **{k: e.get(k) for k in ("id", "event", "mode", "context", "actor", "recipient",
                                                            "date", "historical", "future", "hypothetical",
                                                            "negated", "location", "cameo", "goldstein", "quad",
                                                            "confidence")},
                    "actor_keys": [keys.get(x, x) for x in e.get("actor") or []],
                    "recipient_keys": [keys.get(x, x) for x in e.get("recipient") or []],
                    "trigger_start": trig.get("start"), "trigger_end": trig.get("end"),
                    "trigger_text": trig.get("text"), "sentence_start": sent.get("start"),
                    "sentence_end": sent.get("end"), "month": month})
    return pa.Table.from_pylist(rows, schema=FLAT[name])


def flat_tables(analysed: pa.Table) -> dict[str, pa.Table]:
    return {name: flat_table(analysed, name) for name in TABLES}


def write_tables(tables: dict[str, pa.Table], out: Path, basename: str = "part-{i}.parquet") -> dict[str, int]:
    """Each table under OUT/<name>/month=YYYY-MM/*.parquet; returns rows written per table. Successive writes
    into one OUT need distinct `basename` templates ("part-3-{i}.parquet")."""
    import pyarrow.dataset as ds
    counts = {}
    for name, table in tables.items():
        counts[name] = table.num_rows
        if table.num_rows == 0:
            continue
        ds.write_dataset(table, out / name, format="parquet", partitioning=[PARTITION],
                         partitioning_flavor="hive", existing_data_behavior="overwrite_or_ignore",
                         basename_template=basename)
    return counts


def read_table(out: Path, name: str) -> pa.Table:
    """A flat table written by either engine (the partition column comes back as a string)."""
    import pyarrow.dataset as ds
    path = Path(out) / name
    if not path.exists():
        return FLAT[name].empty_table()
    part = ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive")
    return ds.dataset(path, format="parquet", partitioning=part).to_table()


# --- inputs ---

INPUT_SUFFIXES = {".jsonl": "json", ".jsonlines": "json", ".json": "json", ".parquet": "parquet"}


def input_files(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, str]]:
    """(file, format) for every JSONL/Parquet file named or found (recursively) in a directory."""
    out: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES)
            out += [(f, INPUT_SUFFIXES[f.suffix.lower()]) for f in found]
        elif p.is_file():
            kind = INPUT_SUFFIXES.get(p.suffix.lower())
            if kind is None:
                raise BatchError(f"{p}: not a JSONL or Parquet file (.jsonl, .jsonlines, .json, .parquet)")
            out.append((p, kind))
        else:
            raise BatchError(f"{p}: no such file or directory")
    if not out:
        raise BatchError("no JSONL or Parquet input files found")
    return out


def row_line(row: dict) -> str:
    """A Parquet row as the JSON line a dump would hold (dates as ISO strings)."""
    return json.dumps({k: _plain(v) for k, v in row.items() if v is not None}, ensure_ascii=False)


def iter_lines(files: list[tuple[Path, str]]) -> Iterator[str]:
    """Input rows in file order, each as one JSON line (both engines feed the analyser the same strings)."""
    for path, kind in files:
        if kind == "parquet":
            for batch in pq.ParquetFile(path).iter_batches():
                yield from (row_line(r) for r in batch.to_pylist())
            continue
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            yield from (line.rstrip("\n") for line in fh if line.strip())


# --- loading into the store ---

def prepared_from_row(row: dict):
    """An `articles` row -> what the store writes (nothing is analysed again)."""
    from .store.prepare import PreparedArticle
    record = json.loads(row["record"])
    return PreparedArticle(id=row["id"], record=record, content_hash=row["content_hash"], lemmas=row["lemmas"],
                           quote_lemmas=list(row["quote_lemmas"] or []),
                           actor_lemmas=json.loads(row["actor_lemmas"] or "{}"),
                           roles=json.loads(row["roles"] or "[]"))


def load_into_store(out: str | os.PathLike, db: str | None = None, chunk: int = 200) -> dict[str, int]:
    """The batch output under OUT into the store, idempotently (an article already stored is skipped)."""
    import pyarrow.dataset as ds
    from .store import open_store, save_batch
    path = Path(out) / "articles"
    if not path.is_dir():
        raise BatchError(f"{out}: no articles table (expected {path}/, written by `khronika batch`)")
    try:
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
        columns = ["id", "record", "content_hash", "lemmas", "quote_lemmas", "actor_lemmas", "roles"]
        scanner = dataset.scanner(columns=columns, batch_size=chunk)
        batches = scanner.to_batches()
    except (pa.ArrowInvalid, OSError) as e:
        raise BatchError(f"{path}: not a batch output table ({e})") from None
    new = old = 0
    with open_store(db) as store:
        for batch in batches:
            rows = batch.to_pylist()
            if not rows:
                continue
            flags = save_batch(store, [prepared_from_row(r) for r in rows])
            new += sum(flags)
            old += len(flags) - sum(flags)
    return {"new": new, "already": old}
