"""The HTTP API under load: requests/s and latency percentiles of the article, events and dyad endpoints
(and the article page) on the 100,000-article database that bench/ingest.py builds, served by the real
`khronika serve` (uvicorn, one process) on 127.0.0.1.

    flock /tmp/khronika-heavy.lock .venv/bin/python bench/api.py                 # uses var/bench-ingest/big.db
    flock /tmp/khronika-heavy.lock .venv/bin/python bench/api.py --build         # build that database first
    .venv/bin/python bench/api.py --db some.db --seconds 3 --clients 2           # a quick look
    ... --write-results   # also replace this bench's section of bench/RESULTS.md

The load is bounded and local: `--clients` keep-alive connections to 127.0.0.1 only, each sending its next
request when the last answer arrived (a closed loop: no request queue can grow), for `--seconds` per endpoint;
then the server is stopped. The client runs on the same 2-core machine and takes CPU from the server, so the
figures are a floor for what the server alone could do.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KHRONIKA = str(Path(sys.executable).parent / "khronika")
DEFAULT_DB = ROOT / "var" / "bench-ingest" / "big.db"  # what bench/ingest.py leaves
BUILT_DB = ROOT / "var" / "bench-api" / "big.db"  # what --build makes, the same way, in a folder of its own
SECTION_START = "<!-- bench/api.py: start -->"
SECTION_END = "<!-- bench/api.py: end -->"


def build_db(n: int, scale: int) -> Path:
    """The store bench's database, built with its code: the first `n` RT articles ingested, grown by copies
    to >= `scale` articles."""
    sys.path.insert(0, str(ROOT / "bench"))
    import ingest as store_bench  # bench/ingest.py
    work = BUILT_DB.parent
    work.mkdir(parents=True, exist_ok=True)
    src, small = work / "rt.jsonl", work / "w1.db"
    for f in list(work.glob("w1.db*")) + list(work.glob("big.db*")):  # only this bench's own folder
        f.unlink()
    store_bench.write_input(src, n)
    print(f"ingesting {n} articles ...", file=sys.stderr)
    subprocess.run([KHRONIKA, "ingest", str(src), "--db", str(small), "--workers", "2", "--no-progress"],
                   check=True)
    con = sqlite3.connect(small)
    con.execute(f"VACUUM INTO '{BUILT_DB}'")
    con.close()
    print(f"growing to {scale} articles ...", file=sys.stderr)
    store_bench.replicate(BUILT_DB, scale)
    return BUILT_DB


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def busiest_pair(db: Path) -> tuple[str, str, int]:
    """The pair with the most events between them (either direction), as the dyad series counts them."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    row = con.execute(
        "SELECT min(x.country, y.country), max(x.country, y.country), count(DISTINCT x.event) FROM event_actors x "
        "JOIN event_actors y ON y.event = x.event AND y.side = 'recipient' JOIN events e ON e.pk = x.event "
        "WHERE x.side = 'actor' AND x.country IS NOT NULL AND y.country IS NOT NULL AND x.country <> y.country "
        "AND e.negated = 0 AND e.hypothetical = 0 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1").fetchone()
    con.close()
    return tuple(row) if row else ("-", "-", 0)


def request_sets(db: Path, n: int = 400) -> dict[str, list[str]]:
    """Paths a user's clicks would ask for: random articles; events by country, type, person and month;
    the busiest country pairs."""
    rnd = random.Random(11)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    total = con.execute("SELECT max(pk) FROM articles").fetchone()[0]
    ids = [r[0] for r in con.execute(
        f"SELECT id FROM articles WHERE pk IN ({','.join(str(rnd.randint(1, total)) for _ in range(n))})")]
    countries = [r[0] for r in con.execute(
        "SELECT country FROM event_actors WHERE side = 'actor' AND country IS NOT NULL "
        "GROUP BY country ORDER BY count(*) DESC LIMIT 12")]
    types = [r[0] for r in con.execute("SELECT event FROM events GROUP BY event ORDER BY count(*) DESC LIMIT 8")]
    people = [r[0] for r in con.execute(
        "SELECT a.key FROM actors a WHERE a.kind = 'person' ORDER BY a.n_articles DESC LIMIT 12")]
    pairs = con.execute(
        "SELECT x.country, y.country, count(*) FROM event_actors x JOIN event_actors y ON y.event = x.event "
        "AND y.side = 'recipient' WHERE x.side = 'actor' AND x.country IS NOT NULL AND y.country IS NOT NULL "
        "AND x.country <> y.country GROUP BY x.country, y.country ORDER BY count(*) DESC LIMIT 12").fetchall()
    con.close()
    q = urllib.parse.quote
    events = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            events.append(f"/api/events?actor={rnd.choice(countries)}&limit=20")
        elif kind == 1:
            events.append(f"/api/events?type={rnd.choice(types)}&limit=20")
        elif kind == 2:
            events.append(f"/api/events?actor={q(rnd.choice(people), safe='')}&limit=20")
        else:
            y = rnd.randint(2015, 2024)
            events.append(f"/api/events?actor={rnd.choice(countries)}&since={y}-{rnd.randint(1, 12):02d}"
                          f"&until={y}&limit=20")
    return {"article": [f"/api/articles/{i}" for i in ids],
            "events": events,
            "dyad": [f"/api/dyads/{a}/{b}" for a, b, _ in pairs] or ["/api/dyads/KAZ/BLR"],
            "article page": [f"/article/{i}" for i in ids]}


class Server:
    def __init__(self, db: Path):
        self.port = free_port()
        env = {**os.environ, "KHRONIKA_API_TOKEN": ""}
        self.proc = subprocess.Popen([KHRONIKA, "serve", "--db", str(db), "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                c.request("GET", "/api/stats")
                if c.getresponse().status == 200:
                    c.close()
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"khronika serve did not start: {self.proc.stderr.read().decode()[-1000:]}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def load(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """`clients` closed-loop keep-alive clients for `seconds`; every answer must be 200."""
    stop_at = time.monotonic() + seconds
    times: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    rnd = random.Random(3)
    orders = [rnd.sample(paths, len(paths)) for _ in range(clients)]

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = 0
        while time.monotonic() < stop_at:
            path = orders[k][i % len(orders[k])]
            i += 1
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException) as e:
                failures.append(f"{path}: {e}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            times[k].append(time.perf_counter() - t)
            if resp.status != 200:
                failures.append(f"{path}: HTTP {resp.status}")
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    xs = sorted(x for ts in times for x in ts)
    if not xs:
        sys.exit(f"no request completed: {failures[:3]}")
    p95 = xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]
    return {"requests": len(xs), "rps": round(len(xs) / wall, 1), "p50_ms": round(statistics.median(xs) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1), "max_ms": round(xs[-1] * 1000, 1), "errors": len(failures),
            "first_errors": failures[:3]}


def first_requests(port: int, paths: list[str], n: int = 12) -> dict:
    """One request for each of up to `n` distinct paths on a fresh server: nothing remembered yet (the
    remembered aggregates of stores.py, the page cache), as the first visitor of a page sees it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times = []
    for path in list(dict.fromkeys(paths))[:n]:
        t = time.perf_counter()
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        times.append(time.perf_counter() - t)
        if resp.status != 200:
            sys.exit(f"{path}: HTTP {resp.status}")
    conn.close()
    return {"n": len(times), "p50_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1)}


def markdown(r: dict) -> str:
    lines = [
        SECTION_START,
        "## api: the HTTP API under a bounded local load",
        "",
        f"`bench/api.py` serves the store bench's kind of database (`{r['db']}`: {r['articles']:,} articles, "
        f"{r['events']:,} events; {r['base']:,} analysed RT articles copied under new ids and dates by "
        f"bench/ingest.py's `replicate`) with `khronika serve` (uvicorn, one "
        f"process) and sends GET requests from {', '.join(str(c) for c in r['clients'])} closed-loop keep-alive "
        f"client(s) on 127.0.0.1 for {r['seconds']:g} s per endpoint and concurrency. Paths: random articles; "
        "events filtered by a country, a type, a person or a month (limit 20, with totals); the busiest country "
        "pairs' monthly series; the article reader page (HTML).",
        "",
        f"Command: `{r['command']}`. Machine: {r['machine']}. Commit {r['commit']}, {r['when']}. The load "
        "generator runs on the same 2 cores as the server, so requests/s are a floor.",
        "",
        "| endpoint | first requests: p50 / max ms | clients | requests | req/s | p50 ms | p95 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, rows in r["results"].items():
        cold = r["cold"][name]
        for c, x in rows.items():
            first = f"{cold['p50_ms']} / {cold['max_ms']} ({cold['n']} paths)" if c == min(rows) else ""
            lines.append(f"| {name} | {first} | {c} | {x['requests']:,} | {x['rps']} | {x['p50_ms']} | "
                         f"{x['p95_ms']} | {x['max_ms']} | {x['errors']} |")
    a, b, n = r["busiest"]
    dyad_cold, dyad_warm = r["cold"]["dyad"], r["results"]["dyad"][min(r["results"]["dyad"])]
    lines += ["", (
        f"Reading the figures: an article is one indexed row read and re-serialised. Events run the store's "
        f"filtered query with its total (`queries.events`, as `khronika events` does). A pair's monthly series "
        f"aggregates every event of the pair — the busiest, {a}–{b}, has {n:,} here, since {r['base']:,} "
        f"articles copied {r['articles'] / max(1, r['base']):.0f} times repeat their pairs — so its first request takes {dyad_cold['p50_ms']} ms (median of "
        f"{dyad_cold['n']} pairs, at most {dyad_cold['max_ms']} ms); the server then remembers the series "
        f"(src/khronika/api/stores.py) until the store's highest article or event key changes, and a repeated "
        f"request costs {dyad_warm['p50_ms']} ms. The reader page renders the highlighted text and the side "
        f"panel with Jinja2. With {max(r['clients'])} clients on 2 shared cores latency grows with the queue; "
        f"requests/s gain only where the work runs inside SQLite, which releases the GIL (the events "
        f"queries): one uvicorn process is otherwise bound to one core by Python."), SECTION_END]
    return "\n".join(lines).replace("\n\n" + SECTION_END, "\n" + SECTION_END)


def write_results(text: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if SECTION_START in current and SECTION_END in current:
        head, rest = current.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1]
        current = head + text + tail
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(current, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=None, help="the database to serve (default: bench/ingest.py's big.db, else "
                                               "the one --build made)")
    ap.add_argument("--build", action="store_true", help="build the store bench's 100k database first")
    ap.add_argument("-n", type=int, default=2000, help="with --build: RT articles to ingest before copying")
    ap.add_argument("--scale", type=int, default=100_000, help="with --build: articles to grow to")
    ap.add_argument("--clients", default="1,4", help="concurrent clients, comma-separated (at most 16)")
    ap.add_argument("--seconds", type=float, default=15.0, help="load per endpoint and concurrency (at most 120)")
    ap.add_argument("--write-results", action="store_true", help="replace this bench's section of bench/RESULTS.md")
    args = ap.parse_args()
    clients = [int(c) for c in args.clients.split(",") if c.strip()]
    if not clients or any(not 1 <= c <= 16 for c in clients) or not 0 < args.seconds <= 120:
        sys.exit("--clients: 1..16 each; --seconds: up to 120 (the load is kept bounded)")
    db = build_db(args.n, args.scale) if args.build else \
        Path(args.db) if args.db else (DEFAULT_DB if DEFAULT_DB.exists() else BUILT_DB)
    if not db.exists():
        sys.exit(f"{db}: no such database; run bench/ingest.py first, or this script with --build")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n_articles, n_events = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events"))
    n_base = con.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0]
    con.close()
    print(f"opening {db} (its schema is upgraded first if this khronika is newer) ...", file=sys.stderr)
    sys.path.insert(0, str(ROOT / "src"))
    from khronika.store import open_store
    open_store(db).close()  # any migration happens here, not inside the server's start-up deadline
    sets = request_sets(db)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    r: dict = {"articles": n_articles, "events": n_events, "base": n_base, "db": str(db.relative_to(ROOT)) if
               db.is_relative_to(ROOT) else str(db), "clients": clients, "seconds": args.seconds,
               "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": commit,
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                          f"SQLite {sqlite3.sqlite_version}",
               "command": "flock /tmp/khronika-heavy.lock .venv/bin/python bench/api.py" +
                          (f" --build -n {args.n}" if args.build else "") +
                          (f" --db {args.db}" if args.db else "") +
                          (f" --clients {args.clients}" if args.clients != "1,4" else "") +
                          (f" --seconds {args.seconds:g}" if args.seconds != 15.0 else ""),
               "results": {}, "cold": {}, "busiest": busiest_pair(db)}
    server = Server(db)
    try:
        r["cold"] = {name: first_requests(server.port, paths) for name, paths in sets.items()}
        for name, paths in sets.items():
            load(server.port, paths[:20], 1, min(2.0, args.seconds))  # warm the page cache and the threads
            r["results"][name] = {}
            for c in clients:
                print(f"{name}: {c} client(s), {args.seconds:g} s ...", file=sys.stderr)
                r["results"][name][c] = load(server.port, paths, c, args.seconds)
    finally:
        server.stop()
    out = ROOT / "var" / "bench-api.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(r)
    print(text)
    if args.write_results:
        write_results(text)


if __name__ == "__main__":
    main()
