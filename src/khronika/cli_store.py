"""The store's commands on `khronika`: ingest, search, events, actor, dyad, quotes, stats, export."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .cli import app, count_articles_hint, err, progress_bar, report
from .reading import DEFAULT_MAX_BYTES

DB_HELP = "Database: an SQLite file (default $KHRONIKA_DB or var/khronika.db) or postgresql://..."
out = Console(soft_wrap=True, highlight=False)


def _db(db: Optional[str]) -> str:
    from .store import default_db
    return db or default_db()


@contextmanager
def _store(db: Optional[str], readonly: bool = True) -> Iterator:
    """Open the database for a command; any StoreError becomes one line on stderr and exit code 1."""
    from .export import ExportError
    from .store import StoreError, open_store
    try:
        with open_store(_db(db), readonly=readonly, create=not readonly) as store:
            yield store
    except (StoreError, ExportError) as e:
        report(str(e))
        raise typer.Exit(1)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _ask(db: Optional[str], question: Callable, as_json: bool) -> Optional[dict]:
    """A query's answer from the database: a bad question is one line on stderr and exit code 1; with --json
    the answer is printed here (None returned), else it is returned for the command's tables."""
    from .store import QueryError
    with _store(db) as store:
        try:
            res = question(store)
        except QueryError as e:
            report(str(e))
            raise typer.Exit(1)
    if as_json:
        _print_json(res)
        return None
    return res


def _plain_table(title: str, headers: list[str], rows: Iterable[list[str]]) -> Table:
    """A table with every column shown, its title on the left."""
    t = Table(*headers, title=title, title_justify="left")
    for r in rows:
        t.add_row(*r)
    return t


def _names(parties: list[dict]) -> str:
    return "; ".join(f"{p['name']} ({p['country']})" if p.get("country") else p["name"] for p in parties)


def _flags(item: dict) -> str:
    return ",".join(f for f in ("historical", "future", "hypothetical", "negated") if item.get(f))


@app.command()
def ingest(
    paths: Optional[list[str]] = typer.Argument(None, help="Files, directories (searched recursively), '-' for stdin."),
    urls: Optional[str] = typer.Option(None, "--urls", help="Fetch and ingest the pages listed in this file (one URL a line) instead of PATHS."),
    fetch_config: Optional[str] = typer.Option(None, "--fetch-config", help="With --urls: a TOML file whose `fetch` table sets timeouts, rate limits, caps (as in a watch config)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Worker processes; 0 = automatic (1 for small inputs, else up to 4 cores)."),
    batch: int = typer.Option(50, "--batch", min=1, help="Articles per transaction (also committed every 2 s)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip input files larger than this."),
    busy_timeout: float = typer.Option(30.0, "--busy-timeout", min=0.0, help="Seconds to wait while another process writes."),
    article_timeout: float = typer.Option(120.0, "--article-timeout", min=0.0, help="Skip (and report) an article whose analysis takes longer; 0 = no limit."),
    worker_memory: int = typer.Option(4096, "--worker-memory", min=0, help="MB of address space per worker process; an article needing more is skipped; 0 = no limit."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
) -> None:
    """Analyse articles and store them; already stored articles are skipped (safe to rerun)."""
    from .ingest import auto_workers
    from .ingest import ingest as run_ingest
    from .store import StoreError, open_store

    if urls is not None or not paths:  # pages fetched by the monitor (khronika.monitor, cli_monitor.py)
        if paths or urls is None:
            raise typer.BadParameter("give PATHS or --urls FILE (one of them)", param_hint="PATHS")
        from .cli_monitor import ingest_urls
        return ingest_urls(urls, db, busy_timeout, as_json, fetch_config)
    total = count_articles_hint(paths)
    n_workers = workers or auto_workers(total)
    show = progress if progress is not None else sys.stderr.isatty()
    try:
        store = open_store(_db(db), busy_timeout=busy_timeout)
    except StoreError as e:
        report(str(e))
        raise typer.Exit(1)
    with store, progress_bar("ingesting", total, show) as advance:
        summary = run_ingest(paths, store, workers=n_workers, batch=batch, max_bytes=max_bytes,
                             advance=advance, busy_timeout=busy_timeout, article_timeout=article_timeout or None,
                             worker_memory_mb=worker_memory or None)
    if as_json:
        _print_json({"database": _db(db), **summary.to_dict()})
    else:
        rate = f", {summary.new / summary.seconds:.1f} articles/s" if summary.new and summary.seconds else ""
        err.print(f"[bold]{escape(_db(db))}[/]: {summary.new} new, {summary.already} already there, "
                  f"{len(summary.failed)} failed ({summary.seconds:.1f} s, {summary.workers} worker"
                  f"{'s' if summary.workers != 1 else ''}{rate})", highlight=False)
        for reason, n in summary.failure_reasons().most_common(10):
            first = next(w for w, r in summary.failed if r == reason)
            err.print(f"  failed {n}× [yellow]{escape(reason)}[/] (e.g. {escape(first)})", highlight=False, markup=True)
    if summary.error:
        report(f"stopped: {summary.error}")
        report("what was committed before is kept; rerun the same command to finish")
        raise typer.Exit(1)
    if summary.interrupted:
        report("interrupted; rerun the same command to finish")
        raise typer.Exit(130)
    if summary.new == 0 and summary.already == 0 and summary.failed:
        report("nothing could be stored")
        raise typer.Exit(1)


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to find in any case form ('Путина' finds 'Путин'; ё = е)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    where: str = typer.Option("all", "--in", help="all | articles | quotes"),
    limit: int = typer.Option(20, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Full-text search over articles and quotes (Russian lemmas)."""
    from .store import queries
    if where not in ("all", "articles", "quotes"):
        raise typer.BadParameter("must be all, articles or quotes", param_hint="--in")
    res = _ask(db, lambda store: queries.search(store, text, limit=limit, offset=offset, what=where), as_json)
    if res is None:
        return

    def snip(s: dict) -> Text:
        t = Text(s["text"])
        for a, b in s["hits"]:
            t.stylize("bold yellow", a, b)
        return t

    if "articles" in res:
        rows = [[it["published_at"] or "", Text.assemble((it["title"] or "", "bold"), "\n", snip(it["snippet"])),
                 it["id"]] for it in res["articles"]["items"]]
        out.print(_table(f"Articles: {res['articles']['total']} match",
                         [("published", FIXED), ("title / where the words are", {"ratio": 1}), ("article", FIXED)], rows))
    if "quotes" in res:
        rows = [[it["speaker"] or "?", snip(it["snippet"]), f"{it['article_id']}#{it['quote_id']}"]
                for it in res["quotes"]["items"]]
        out.print(_table(f"Quotes: {res['quotes']['total']} match",
                         [("speaker", {"max_width": 24}), ("quote", {"ratio": 1}), ("article", FIXED)], rows))


def _table(title: str, columns: list[tuple[str, dict]], rows: list[list[str]]) -> Table:
    """A table that leaves out columns empty in every row and gives the rest of the width to text columns."""
    keep = [i for i, (name, _) in enumerate(columns) if any(r[i] for r in rows)] if rows else list(range(len(columns)))
    t = Table(title=title, title_justify="left")
    for i in keep:
        name, opts = columns[i]
        t.add_column(name, **opts)
    for r in rows:
        t.add_row(*[r[i] for i in keep])
    return t


FIXED = {"no_wrap": True}
TEXT = {"ratio": 1, "overflow": "fold"}


def _events_table(items: list[dict], title: str) -> Table:
    rows = []
    for it in items:
        event = Text(it["event"])
        if it["mode"]:
            event.append("\n" + it["mode"], style="dim")
        who = Text(_names(it["actor"]) or "?")
        who.append(" → ", style="bold")
        who.append(_names(it["recipient"]) or "—")
        if _flags(it):
            who.append(f"\n{_flags(it)}", style="italic dim")
        where = Text(it["trigger"] or "")
        where.append("\n" + it["article_id"], style="dim")
        rows.append([it["date"] or it["day"] or "", event, who, "" if it["goldstein"] is None else f"{it['goldstein']:+g}", where])
    return _table(title, [("day", FIXED), ("event", {}), ("actor → recipient", {"ratio": 1}), ("G", FIXED),
                          ("trigger / article", {})], rows)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


@app.command()
def events(
    actor: Optional[str] = typer.Option(None, "--actor", help="A country code (KAZ) or an actor's name."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="A country code or an actor's name."),
    type: Optional[str] = typer.Option(None, "--type", help="A PLOVER event type (ACCUSE, CONSULT, ...)."),
    since: Optional[str] = typer.Option(None, "--since", help="YYYY, YYYY-MM or YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Events, newest first, filtered by actor, recipient, type and dates."""
    from .store import queries
    res = _ask(db, lambda store: queries.events(store, actor, recipient, type, since, until, limit, offset), as_json)
    if res is None:
        return
    out.print(_events_table(res["items"], f"Events: {res['total']} (showing {len(res['items'])})"))


@app.command()
def actor(
    name: str = typer.Argument(..., help="A name in any case form, a key or a Wikidata id."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(20, "--limit", "-n", help="Quotes and events shown of each kind."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """One actor: offices over time, quotes, events done and received."""
    from .store import queries
    res = _ask(db, lambda store: queries.actor_profile(store, name, limit), as_json)
    if res is None:
        return
    a = res["actor"]
    out.rule(f"[bold]{a['name']}")
    out.print(" · ".join(x for x in [a["kind"], a["country"], a["sector"], a["office"], f"key {a['key']}",
                                     f"{a['articles']} articles"] if x), style="dim")
    if res["also_matching"]:
        out.print("also matching: " + "; ".join(f"{x['name']} ({x['key']})" for x in res["also_matching"]), style="dim")
    if res["offices"]:
        out.print(_plain_table("Offices over time", ["office", "country", "sector", "first seen", "last seen",
                                                     "articles"],
                               [[o["office"] or "", o["country"] or "", o["sector"] or "", o["first_seen"] or "",
                                 o["last_seen"] or "", str(o["articles"])] for o in res["offices"]]))
    if res["quotes"]["items"]:
        rows = [[q["published_at"] or "", q["kind"], _clip(q["text"], 220), q["article_id"]]
                for q in res["quotes"]["items"]]
        out.print(_table(f"Quotes: {res['quotes']['total']}", [("published", FIXED), ("kind", FIXED),
                                                                ("quote", {"ratio": 1}), ("article", FIXED)], rows))
    for key, label in (("events_as_actor", "Did"), ("events_as_recipient", "Had done to it")):
        if res[key]["items"]:
            out.print(_events_table(res[key]["items"], f"{label}: {res[key]['total']} events"))


@app.command()
def dyad(
    a: str = typer.Argument(..., help="A country code (KAZ) or a country's name."),
    b: str = typer.Argument(..., help="The other country."),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Events between two countries by month: directions, quad classes and Goldstein sums."""
    from .store import queries
    res = _ask(db, lambda store: queries.dyad(store, a, b, since, until), as_json)
    if res is None:
        return
    A, B = res["a"], res["b"]
    q = res["quad_names"]
    out.print(_plain_table(
        f"{A}–{B}: {res['total']['events']} events, Goldstein Σ {res['total']['goldstein']:+g}",
        ["month", "events", f"{A}→{B}", f"{B}→{A}", "joint", "Goldstein Σ", *[q[k] for k in sorted(q)]],
        [[m["month"], str(m["events"]), str(m["a_to_b"]), str(m["b_to_a"]), str(m["joint"]), f"{m['goldstein']:+g}",
          *[str(m["quad"][k]) for k in sorted(q)]] for m in res["months"]]))


@app.command("quotes")
def quotes_cmd(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="An actor's name, or a country code for all its speakers."),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Who said what: quotes, newest first."""
    from .store import queries
    res = _ask(db, lambda store: queries.quotes(store, speaker, since, until, limit, offset), as_json)
    if res is None:
        return
    rows = [[it["published_at"] or "", it["speaker"] or "?", it["kind"], _clip(it["text"], 220), it["article_id"]]
            for it in res["items"]]
    out.print(_table(f"Quotes: {res['total']} (showing {len(rows)})",
                     [("published", FIXED), ("speaker", {"max_width": 24}), ("kind", FIXED), ("quote", {"ratio": 1}),
                      ("article", FIXED)], rows))


@app.command()
def stats(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What the database holds."""
    from .store import queries
    res = _ask(db, queries.stats, as_json)
    if res is None:
        return
    arts = res["articles"]
    span = f", {arts['first_day']} … {arts['last_day']}" if arts["first_day"] else ""
    size = f", {res['bytes'] / 1e6:.1f} MB" if "bytes" in res else ""
    out.rule(f"[bold]{res['database']}")
    out.print(f"{arts['total']} articles ({arts['undated']} undated{span}){size}; schema {res['schema_version']}")
    out.print(f"{res['actors']['total']} actors, {res['mentions']} mentions, {res['quotes']['total']} quotes, "
              f"{res['events']['total']} events, {res['roles']} roles learned")
    out.print(_plain_table("By kind", ["", "count"], [
        [f"{label}: {k}", str(v)] for label, d in (("actors", res["actors"]["by_kind"]),
                                                    ("quotes", res["quotes"]["by_kind"]),
                                                    ("events", res["events"]["by_type"])) for k, v in d.items()]))
    if res["top_actors"]:
        out.print(_plain_table("Most mentioned", ["actor", "country", "articles"],
                               [[x["name"], x["country"] or "", str(x["articles"])] for x in res["top_actors"]]))
    if res["top_dyads"]:
        out.print(_plain_table("Busiest pairs", ["actor", "recipient", "events"],
                               [[x["a"], x["b"], str(x["events"])] for x in res["top_dyads"]]))


@app.command()
def export(
    out_path: str = typer.Argument(..., metavar="OUT", help="Output file ('-' for stdout); a directory for parquet."),
    format: str = typer.Option(..., "--format", "-f", help="jsonl | parquet | plover | gdelt"),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Export records (jsonl), tables (parquet), PLOVER events (plover) or a GDELT-style event table (gdelt)."""
    from .export import FORMATS, ExportError
    from .export import export as run_export
    from .store import QueryError
    if format not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    with _store(db) as store:
        try:
            counts = run_export(store, format, out_path, since, until)
        except (QueryError, ExportError) as e:
            report(str(e))
            raise typer.Exit(1)
    err.print(f"exported to {out_path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()), highlight=False)
