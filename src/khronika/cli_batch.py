"""`khronika batch` (many articles through an engine into Parquet tables) and `khronika load` (those tables
into the store)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .cli import app, report


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., metavar="IN... OUT", help="JSONL or Parquet files or directories, then "
                                       "the output directory"),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or ray (Ray Data)"),
    workers: int = typer.Option(0, "--workers", help="worker processes / Ray actors (0: up to 4, the CPUs)"),
    batch_size: int = typer.Option(8, "--batch-size", help="articles per batch handed to a worker"),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (ray://host:10001 or "
                                          "auto); default: a local Ray instance"),
    as_json: bool = typer.Option(False, "--json", help="the summary as JSON"),
) -> None:
    """Analyse many articles with an engine; write Parquet tables (articles, mentions, actors, quotes, events,
    failures) under OUT, partitioned by month of publication (month=unknown where no date is known)."""
    from .batch import BatchError
    from .engines import ENGINES, run
    from .ingest import auto_workers
    if len(inputs) < 2:
        report("batch needs at least one input and an output directory: khronika batch IN... OUT")
        raise typer.Exit(2)
    if engine not in ENGINES:
        report(f"--engine {engine}: one of {', '.join(ENGINES)}")
        raise typer.Exit(2)
    if address and engine != "ray":
        report("--address is for --engine ray")
        raise typer.Exit(2)
    *sources, out = inputs
    out_dir = Path(out)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        report(f"{out}: exists and is not an empty directory (batch output is never mixed with older files)")
        raise typer.Exit(2)
    try:
        summary = run(engine, sources, out_dir, workers=workers or auto_workers(None),
                      batch_size=max(1, batch_size), address=address)
    except BatchError as e:
        report(str(e))
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        t = summary.tables
        typer.echo(f"{summary.articles} articles ({summary.failed} failed) in {summary.seconds:.1f} s with "
                   f"{summary.engine} x{summary.workers} -> {out}: " +
                   ", ".join(f"{k} {v}" for k, v in t.items() if k != "articles"))
    if summary.failed:
        from .batch import read_table
        for row in read_table(out_dir, "failures").to_pylist()[:20]:
            report(f"{row['source']}: {row['error']}")
    if summary.rows and not summary.articles:
        raise typer.Exit(1)


@app.command()
def load(
    parquet_dir: Path = typer.Argument(..., metavar="PARQUET_DIR", help="output of `khronika batch`"),
    db: Optional[str] = typer.Option(None, "--db", help="an SQLite file (default $KHRONIKA_DB or "
                                     "var/khronika.db) or postgresql://..."),
) -> None:
    """Load batch output into the store; articles already there are skipped (run it again safely)."""
    from .batch import BatchError, load_into_store
    from .store import StoreError, default_db
    try:
        counts = load_into_store(parquet_dir, db or default_db())
    except (BatchError, StoreError) as e:
        report(str(e))
        raise typer.Exit(1)
    typer.echo(f"{counts['new']} new / {counts['already']} already there")
