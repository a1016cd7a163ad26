"""The store and the main job, measured: `khronika ingest` of N RT articles with 1 and 2 workers against
`khronika process` alone on the same input, query latencies on that database, then the same queries on a
database grown to >= 100,000 articles by copying the stored rows under new ids and dates (the NLP is not
re-run 50 times: the copies measure how the store's queries scale, not the pipeline).

    flock /tmp/khronika-heavy.lock .venv/bin/python bench/ingest.py                  # 2,000 articles, 100k scale
    flock /tmp/khronika-heavy.lock .venv/bin/python bench/ingest.py --queries-only   # the queries again, on big.db
    ... --queries-only --db PATH   # on another database (migrated to this schema first)
    .venv/bin/python bench/ingest.py -n 200 --scale 10000 --workdir /tmp/kb           # a quick look
    ... --write-results   # also replace this bench's section of bench/RESULTS.md

Runs the real CLI as subprocesses (wall time includes start-up and model loading, as a user sees it).
Reads ../shared/data/news-corpus (never copied into the project; the JSONL input is written to --workdir).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus" / "ru_kw_eval_datasets" / "data"
KHRONIKA = str(Path(sys.executable).parent / "khronika")
sys.path.insert(0, str(ROOT / "src"))

from khronika.store import open_store, queries  # noqa: E402
from khronika.store.lemmas import get_lemmatizer  # noqa: E402

SECTION_START = "<!-- bench/ingest.py: start -->"
SECTION_END = "<!-- bench/ingest.py: end -->"


def write_input(path: Path, n: int) -> int:
    """The first `n` RT articles with text (russia_today_0, 1, ...) as khronika JSONL input."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(8):
            with zipfile.ZipFile(CORPUS / f"russia_today_{i}.jsonlines.zip") as zf:
                for line in zf.read(zf.namelist()[0]).decode("utf-8").splitlines():
                    obj = json.loads(line)
                    if not (obj.get("content") or "").strip():
                        continue  # a few corpus lines have no text: not an article
                    out.write(json.dumps({"title": obj["title"], "text": obj["content"], "url": obj["url"]},
                                         ensure_ascii=False) + "\n")
                    count += 1
                    if count >= n:
                        return count
    return count


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess, tuple[float, float], float]:
    """Wall seconds, the result, load average before/after, and CPU seconds (user + system) of the whole
    process tree (workers included: they are waited for before the command exits)."""
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3 * 3600)
    except subprocess.TimeoutExpired:
        sys.exit(f"{' '.join(cmd)} ran for more than 3 hours: a runaway article? (ingest --article-timeout skips one)")
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, proc, (load_before, os.getloadavg()[0]), cpu


def percentiles(times: list[float]) -> dict:
    xs = sorted(times)
    p95 = xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]
    return {"n": len(xs), "p50_ms": round(statistics.median(xs) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "max_ms": round(xs[-1] * 1000, 1)}


def query_set(db: Path) -> dict[str, list]:
    """Queries an analyst would ask of this database: names, inflected names and title words for search;
    country, type, person and date filters for events; the busiest country pairs for dyad."""
    rnd = random.Random(7)
    with open_store(db, readonly=True) as store:
        names = [r[0] for r in store.all("SELECT name FROM actors ORDER BY n_articles DESC LIMIT 30")]
        inflected = [r[0] for r in store.all(
            "SELECT DISTINCT text FROM mentions WHERE type = 'PER' AND text <> normal AND actor IS NOT NULL "
            "LIMIT 200")]
        titles = [r[0] for r in store.all("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 2000")]
        words = [w for t in titles for w in t.split() if len(w) > 5 and w.isalpha()]
        countries = [r[0] for r in store.all(
            "SELECT country FROM event_actors WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC LIMIT 10")]
        types = [r[0] for r in store.all("SELECT event FROM events GROUP BY event ORDER BY count(*) DESC LIMIT 6")]
        persons = [r[0] for r in store.all(
            "SELECT a.name FROM actors a WHERE a.kind = 'person' ORDER BY a.n_articles DESC LIMIT 6")]
        pairs = [(r["a"], r["b"]) for r in queries.stats(store, top=15)["top_dyads"]]
    search = names[:20] + rnd.sample(inflected, min(15, len(inflected))) + rnd.sample(words, min(15, len(words)))
    search += [f"{a} {b}" for a, b in zip(rnd.sample(words, 10), rnd.sample(words, 10))]
    events = [{}] + [{"actor": c} for c in countries] + [{"recipient": c} for c in countries[:5]]
    events += [{"type": t} for t in types] + [{"actor": p} for p in persons]
    events += [{"actor": c, "type": t} for c, t in zip(countries[:4], types[:4])]
    events += [{"since": "2019", "until": "2019-06"}, {"since": "2022-01"}, {"actor": countries[0], "since": "2020"}] \
        if countries else []
    dyads = pairs + [(b, a) for a, b in pairs[:5]]
    return {"search": search, "events": events, "dyad": dyads}


def describe(db: Path) -> dict:
    """What a measured database holds."""
    with open_store(db, readonly=True) as store:
        return {"path": str(db), "articles": store.scalar("SELECT count(*) FROM articles"),
                "events": store.scalar("SELECT count(*) FROM events"),
                "first_reports": store.scalar("SELECT count(*) FROM event_groups WHERE canonical = event"),
                "bytes": db.stat().st_size}


def time_queries(db: Path, qs: dict[str, list]) -> dict:
    out = {}
    with open_store(db, readonly=True) as store:
        calls = {
            "search": [lambda q=q: queries.search(store, q, limit=20) for q in qs["search"]],
            "events": [lambda f=f: queries.events(store, limit=50, **f) for f in qs["events"]],
            "dyad": [lambda p=p: queries.dyad(store, *p) for p in qs["dyad"]],
        }
        for name, fns in calls.items():
            for fn in fns:  # warm the page cache and the lemma cache once
                fn()
            times = []
            for fn in fns:
                t = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t)
            out[name] = percentiles(times)
    return out


def replicate(db: Path, target: int) -> dict:
    """Grow the database to >= `target` articles by copying every stored article (and its mentions, actors
    links, quotes, events, related items and full-text entries) under a new id and a publication day spread
    over 2015-2024. SQLite-specific: this is a bench tool, not part of the store."""
    lem = get_lemmatizer()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    copies = max(0, math.ceil(target / n) - 1)
    A, M, Q, E = (con.execute(f"SELECT coalesce(max(pk), 0) + 1 FROM {t}").fetchone()[0]
                  for t in ("articles", "mentions", "quotes", "events"))
    art_lemmas = [(pk, lem.index_text(text)) for pk, text in con.execute("SELECT pk, text FROM articles")]
    quote_lemmas = [(pk, lem.index_text(text)) for pk, text in con.execute("SELECT pk, text FROM quotes")]
    t0 = time.perf_counter()

    def day(article: str, k: int) -> str:
        return f"date('2015-01-01', '+' || ((({article}) * 7919 + {k} * 104729) % 3650) || ' days')"

    for k in range(1, copies + 1):
        con.execute("BEGIN")
        con.execute(f"""INSERT INTO articles (pk, id, url, site, file, published_at, day, title, lead, photo_credit,
                text, content_hash, record, n_mentions, n_actors, n_quotes, n_events, ingested_at)
            SELECT pk + {k} * {A}, id || '-{k}', url, site, file, {day('pk', k)}, {day('pk', k)}, title, lead,
                photo_credit, text, content_hash,
                replace(replace(record, '"id":"' || id || '"', '"id":"' || id || '-{k}"'),
                        '"published_at":null', '"published_at":"' || {day('pk', k)} || '"'),
                n_mentions, n_actors, n_quotes, n_events, ingested_at
            FROM articles WHERE pk < {A}""")
        con.execute(f"""INSERT INTO article_actors (article, local, actor, office, country, sector, day)
            SELECT article + {k} * {A}, local, actor, office, country, sector, {day('article', k)}
            FROM article_actors WHERE article < {A}""")
        con.execute(f"""INSERT INTO mentions (pk, article, local, char_start, char_end, text, type, normal, actor)
            SELECT pk + {k} * {M}, article + {k} * {A}, local, char_start, char_end, text, type, normal, actor
            FROM mentions WHERE pk < {M}""")
        con.execute(f"""INSERT INTO quotes (pk, article, local, kind, char_start, char_end, text, speaker,
                speaker_text, cue, day)
            SELECT pk + {k} * {Q}, article + {k} * {A}, local, kind, char_start, char_end, text, speaker,
                speaker_text, cue, {day('article', k)}
            FROM quotes WHERE pk < {Q}""")
        own = f"CASE WHEN date IS NOT NULL OR historical = 1 THEN day ELSE {day('article', k)} END"
        con.execute(f"""INSERT INTO events (pk, article, local, event, mode, context, date, day, month, historical,
                future, hypothetical, negated, location, trigger_start, trigger_end, trigger_text, sentence_start,
                sentence_end, cameo, goldstein, quad, confidence)
            SELECT pk + {k} * {E}, article + {k} * {A}, local, event, mode, context, date, {own}, substr({own}, 1, 7),
                historical, future, hypothetical, negated, location, trigger_start, trigger_end, trigger_text,
                sentence_start, sentence_end, cameo, goldstein, quad, confidence
            FROM events WHERE pk < {E}""")
        con.execute(f"""INSERT INTO event_actors (event, side, position, actor, country)
            SELECT event + {k} * {E}, side, position, actor, country FROM event_actors WHERE event < {E}""")
        # each copy's events are grouped as the originals are (a copy is its own article, not a reprint); with
        # schema 6 the store's triggers fill event_dyads from these rows
        con.execute(f"""INSERT INTO event_groups (event, canonical)
            SELECT event + {k} * {E}, canonical + {k} * {E} FROM event_groups WHERE event < {E}""")
        con.execute(f"""INSERT INTO related (article, position, time, title, url)
            SELECT article + {k} * {A}, position, time, title, url FROM related WHERE article < {A}""")
        con.executemany("INSERT INTO articles_fts (rowid, lemmas) VALUES (?, ?)",
                        [(pk + k * A, lem_) for pk, lem_ in art_lemmas])
        con.executemany("INSERT INTO quotes_fts (rowid, lemmas) VALUES (?, ?)",
                        [(pk + k * Q, lem_) for pk, lem_ in quote_lemmas])
        con.execute("COMMIT")
    con.execute(f"UPDATE actors SET n_articles = n_articles * {copies + 1}")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    return {"articles": total, "events": events, "copies": copies, "seconds": round(time.perf_counter() - t0, 1),
            "bytes": db.stat().st_size}


def store_share(src: Path, n: int, work: Path) -> dict:
    """The store's cost as a share of the analysis, measured in one process on the same articles at the same
    time (a loaded shared machine slows both alike): for each article, Processor.process, then what ingest adds
    (registry, lemma index, rows; written in transactions of 50 as ingest does)."""
    from khronika.pipeline import Processor
    from khronika.reading import read_inputs
    from khronika.store import prepare, save_batch
    from khronika.store.registry import build_registry, learn
    db = work / "share.db"
    arts = [a for a in read_inputs([str(src)])][:n]
    reg = build_registry([])
    processor = Processor(registry=reg)
    processor.process(arts[0])  # warm-up
    t_nlp = t_store = 0.0
    pending = []
    with open_store(db) as store:
        for i, a in enumerate(arts, 1):
            t = time.perf_counter()
            rec = processor.process(a)
            t_nlp += time.perf_counter() - t
            t = time.perf_counter()
            pending.append(prepare(rec, learn(reg, rec)))
            if len(pending) == 50 or i == len(arts):
                save_batch(store, pending)
                pending = []
            t_store += time.perf_counter() - t
    return {"n": len(arts), "nlp_ms": round(t_nlp / len(arts) * 1000, 1),
            "store_ms": round(t_store / len(arts) * 1000, 1), "ratio": round((t_nlp + t_store) / t_nlp, 3)}


def cli_latency(db: Path, args: list[str], runs: int = 5) -> float:
    """A query as a user types it: process start-up, imports, lemmatiser load, the query, the table."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([KHRONIKA, *args, "--db", str(db)], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 2)


def markdown(r: dict) -> str:
    n = r["articles"]
    i1, i2, p = r["ingest_1"], r["ingest_2"], r["process"]
    lines = [
        SECTION_START,
        "## Store and ingest (bench/ingest.py)",
        "",
        f"{r['when']} · {r['machine']} · command: `{r['command']}`",
        "",
        f"Input: the first {n:,} RT articles of ../shared/data/news-corpus as JSONL. Wall times of the CLI as a "
        "subprocess (start-up and model loading included); load average before/after each run in brackets "
        "(other work on the shared machine shows there).",
        "",
        "| run | wall s | articles/s | wall vs `process` | CPU s (whole tree) | CPU vs `process` | "
        "peak RSS per analysing process |",
        "|---|---|---|---|---|---|---|",
        f"| `khronika process` (no store) | {p['wall']:.0f} | {n / p['wall']:.2f} | 1.00x | {p['cpu']:.0f} | 1.00x | "
        f"{p.get('rss', '—')} |",
        f"| `khronika ingest --workers 1` | {i1['wall']:.0f} | {n / i1['wall']:.2f} | "
        f"**{i1['wall'] / p['wall']:.2f}x** | {i1['cpu']:.0f} | **{i1['cpu'] / p['cpu']:.2f}x** | {i1['rss']} |",
        f"| `khronika ingest --workers 2` | {i2['wall']:.0f} | {n / i2['wall']:.2f} | "
        f"{i2['wall'] / p['wall']:.2f}x | {i2['cpu']:.0f} | {i2['cpu'] / p['cpu']:.2f}x | {i2['rss']} |",
        "",
        f"- store overhead (ingest, 1 worker / process alone): wall **{i1['wall'] / p['wall']:.2f}x**, CPU "
        f"**{i1['cpu'] / p['cpu']:.2f}x** (aim <= 1.15x)",
        f"- the same overhead measured in one process, article by article ({r['share']['n']} articles, noise "
        f"falls on both alike): analysis {r['share']['nlp_ms']} ms, store {r['share']['store_ms']} ms per article "
        f"= **{r['share']['ratio']:.3f}x**",
        f"- scaling 1 -> 2 workers, wall clock on this shared machine: **{i1['wall'] / i2['wall']:.2f}x** (aim >= 1.7x); "
        f"from CPU time (what two free cores allow: 2 x CPU with 1 worker / CPU with 2): "
        f"**{2 * i1['cpu'] / i2['cpu']:.2f}x**",
        f"- load average during: process {r['process']['load']}, ingest 1 {i1['load']}, ingest 2 {i2['load']}",
        f"- database after {n:,} articles: {r['db_bytes'] / 1e6:.0f} MB, {r['counts']}",
        "",
        *query_lines(r),
    ]
    s = r["scaled"]
    lines += [
        "",
        f"Scaled database: {s['articles']:,} articles, {s['events']:,} events, {s['bytes'] / 1e9:.2f} GB, built by "
        f"{s['copies']} copies of the stored rows with new ids and days spread over 2015-2024 in {s['seconds']:.0f} s.",
        f"As a user types it (`khronika ... --json`, start-up included, median of 5): search {r['cli']['search']} s, "
        f"events {r['cli']['events']} s, dyad {r['cli']['dyad']} s on the scaled database.",
        "",
        "Queries: search = top actor names, inflected person mentions, title words and word pairs; events = no "
        "filter, by actor/recipient country, type, person, and date ranges (limit 50, with the total count); "
        "dyad = the busiest country pairs and some reversed.",
        SECTION_END,
    ]
    return "\n".join(lines) + "\n"


def query_lines(r: dict) -> list[str]:
    """The query table (and, with --queries-only, which database it was measured on)."""
    big = r.get("queries_db") or r["scaled"]
    lines = ["Query latency, in process (`khronika.store.queries`, warm cache; p50 / p95 / max over the query set)"
             + (f", measured {r['queries_when']}:" if r.get("queries_when") else ":"), ""]
    if r.get("queries_db"):
        lines += [f"Measured with `{r['queries_command']}` on {big['path']}: {big['articles']:,} articles, "
                  f"{big['events']:,} events ({big['first_reports']:,} first reports), {big['bytes'] / 1e9:.2f} GB.",
                  ""]
    lines += [f"| query | n | {r['articles']:,} articles p50 / p95 ms | {big['articles']:,} articles p50 / p95 ms | "
              "p95 growth |", "|---|---|---|---|---|"]
    for q in ("search", "events", "dyad"):
        a, b = r["queries_small"][q], r["queries_big"][q]
        lines.append(f"| {q} | {a['n']} | {a['p50_ms']} / {a['p95_ms']} (max {a['max_ms']}) | "
                     f"{b['p50_ms']} / {b['p95_ms']} (max {b['max_ms']}) | {b['p95_ms'] / max(a['p95_ms'], 0.1):.1f}x |")
    return lines


def queries_only(args: argparse.Namespace, work: Path) -> None:
    """Time the queries again on an existing database, keeping everything else of --workdir/results.json."""
    big = Path(args.db) if args.db else work / "big.db"
    if not big.exists():
        sys.exit(f"{big}: no such database (build it with a full run of bench/ingest.py, or give --db)")
    t = time.perf_counter()
    open_store(big).close()  # brings it to this schema (a migration may fill new tables once)
    print(f"{big}: opened and migrated in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    small = work / "w1.db"
    results = work / "results.json"
    r = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    qs = query_set(small if small.exists() else big)
    print("queries ...", file=sys.stderr)
    r["queries_big"] = time_queries(big, qs)
    if small.exists():
        r["queries_small"] = time_queries(small, qs)
        r["articles"] = describe(small)["articles"]
    r["queries_when"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    r["queries_db"] = describe(big)
    r["queries_command"] = ("flock /tmp/khronika-heavy.lock .venv/bin/python bench/ingest.py --queries-only" +
                            (f" --db {args.db}" if args.db else ""))
    work.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(r, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if "queries_small" not in r:
        print(json.dumps(r["queries_big"], indent=2))
        return
    print("\n".join(query_lines(r)))
    if args.write_results:
        finish(r, work, True)


def write_results(text: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION_START in current and SECTION_END in current:
        head, rest = current.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1].lstrip("\n")
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = current.rstrip("\n") + "\n\n" + text
    path.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="RT articles to ingest")
    ap.add_argument("--scale", type=int, default=100_000, help="grow the database to at least this many articles")
    ap.add_argument("--workdir", default=str(ROOT / "var" / "bench-ingest"))
    ap.add_argument("--write-results", action="store_true", help="replace this bench's section of bench/RESULTS.md")
    ap.add_argument("--runs-only", action="store_true",
                    help="measure process and the two ingests again; keep the query figures of --workdir/results.json")
    ap.add_argument("--queries-only", action="store_true",
                    help="time the queries again on an existing database (--db, default --workdir/big.db; and "
                         "--workdir/w1.db when there); keep the runs of --workdir/results.json")
    ap.add_argument("--db", default=None, help="with --queries-only: the large database to query")
    args = ap.parse_args()
    work = Path(args.workdir)
    if args.queries_only:
        return queries_only(args, work)
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not there: this bench needs ../shared/data")
    work.mkdir(parents=True, exist_ok=True)
    previous = json.loads((work / "results.json").read_text(encoding="utf-8")) if args.runs_only else None
    for f in work.glob("*.db*"):
        if not (args.runs_only and f.name.startswith(("big.db", "share.db"))):
            f.unlink()
    src = work / "rt.jsonl"
    n = write_input(src, args.n)
    r: dict = {"articles": n, "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                          f"SQLite {sqlite3.sqlite_version}",
               "command": "flock /tmp/khronika-heavy.lock .venv/bin/python bench/ingest.py" +
                          (f" -n {args.n}" if args.n != 2000 else "") +
                          (f" --scale {args.scale}" if args.scale != 100_000 else "")}

    def rss(summary: dict, parent: bool) -> str:
        vals = list(summary["peak_rss_mb"].values()) or [summary["parent_rss_mb"]]
        return " / ".join(f"{v:.0f} MB" for v in vals) + (f" (+ parent {summary['parent_rss_mb']:.0f} MB)" if parent else "")

    print(f"process {n} articles ...", file=sys.stderr)
    wall, _, load, cpu = timed([KHRONIKA, "process", str(src), "-o", str(work / "process.jsonl"), "--no-progress"])
    r["process"] = {"wall": wall, "cpu": cpu, "load": f"{load[0]:.1f}/{load[1]:.1f}",
                    "rss": f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"}
    for w in (1, 2):
        print(f"ingest {n} articles, {w} worker(s) ...", file=sys.stderr)
        db = work / f"w{w}.db"
        wall, proc, load, cpu = timed([KHRONIKA, "ingest", str(src), "--db", str(db), "--workers", str(w),
                                       "--json", "--no-progress"])
        s = json.loads(proc.stdout)
        if s["new"] != n:
            sys.exit(f"ingest stored {s['new']} of {n}: {s['failures'][:3]}")
        r[f"ingest_{w}"] = {"wall": wall, "cpu": cpu, "load": f"{load[0]:.1f}/{load[1]:.1f}", "rss": rss(s, w > 1),
                            "summary": s}
    with open_store(work / "w1.db", readonly=True) as a, open_store(work / "w2.db", readonly=True) as b:
        ids1 = {x[0] for x in a.all("SELECT id FROM articles")}
        ids2 = {x[0] for x in b.all("SELECT id FROM articles")}
        assert ids1 == ids2, "1 and 2 workers stored different articles"
        st = queries.stats(a)
        r["counts"] = (f"{st['actors']['total']:,} actors, {st['mentions']:,} mentions, {st['quotes']['total']:,} "
                       f"quotes, {st['events']['total']:,} events")
    r["db_bytes"] = (work / "w1.db").stat().st_size
    if previous is not None:
        for key in ("queries_small", "queries_big", "scaled", "share", "cli", "queries_db", "queries_command"):
            if key in previous:
                r[key] = previous[key]
        r["queries_when"] = previous.get("queries_when") or previous["when"]
        finish(r, work, args.write_results)
        return
    qs = query_set(work / "w1.db")
    print("queries on the ingested database ...", file=sys.stderr)
    r["queries_small"] = time_queries(work / "w1.db", qs)
    big = work / "big.db"
    con = sqlite3.connect(work / "w1.db")
    con.execute(f"VACUUM INTO '{big}'")  # a copy to grow, leaving the measured database as it was
    con.close()
    print(f"growing a copy to {args.scale} articles ...", file=sys.stderr)
    r["scaled"] = replicate(big, args.scale)
    print("queries on the grown database ...", file=sys.stderr)
    r["queries_big"] = time_queries(big, qs)
    top_pair = qs["dyad"][0] if qs["dyad"] else ("KAZ", "BLR")
    print("store share, in one process ...", file=sys.stderr)
    r["share"] = store_share(src, min(n, 300), work)
    r["cli"] = {"search": cli_latency(big, ["search", qs["search"][0], "--json"]),
                "events": cli_latency(big, ["events", "--actor", qs["events"][1].get("actor", "RUS"), "--json"]),
                "dyad": cli_latency(big, ["dyad", *top_pair, "--json"])}
    finish(r, work, args.write_results)


def finish(r: dict, work: Path, write: bool) -> None:
    (work / "results.json").write_text(json.dumps(r, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    text = markdown(r)
    print(text)
    if write:
        write_results(text)


if __name__ == "__main__":
    main()
