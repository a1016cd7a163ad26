"""The command line: `khronika process|ingest|search|...` (Typer + rich)."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console

from . import __version__
from .reading import DEFAULT_MAX_BYTES, InputError, read_inputs

app = typer.Typer(
    name="khronika", no_args_is_help=True, add_completion=False,
    help="Who said and did what to whom, and when: structured records from Russian political news.",
)
err = Console(stderr=True, highlight=False)


def report(item: InputError | str) -> None:
    """One clear line on stderr per input that could not be processed."""
    err.print(f"[yellow]khronika:[/] {item}", markup=True, soft_wrap=True, highlight=False)


@contextmanager
def progress_bar(label: str, total: int | None = None, enabled: bool | None = None):
    """A rich progress bar on stderr when it is a terminal; a no-op advance otherwise."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda n=1: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(),
               TextColumn("[cyan]{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(label, total=total, rate="")

        def advance(n: int = 1) -> None:
            progress.advance(task, n)
            speed = progress.tasks[0].speed
            if speed:
                progress.update(task, rate=f"{speed:.1f} art/s")
        yield advance


def count_articles_hint(paths: list[str]) -> int | None:
    """A cheap total for the progress bar: files found (JSONL lines counted), None for stdin."""
    from .reading.inputs import iter_files
    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        files = list(iter_files(path)) if path.is_dir() else [path] if path.exists() else []
        for f in files:
            name = f.name.lower()
            if name.endswith((".jsonl", ".jsonlines", ".ndjson")):
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    pass
            elif name.endswith(".zip"):
                return None
            else:
                total += 1
    return total


@app.command()
def process(
    paths: list[str] = typer.Argument(..., help="Files, directories (searched recursively), '-' for stdin."),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl: one record per line; pretty: a readable summary."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write records here instead of stdout."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip input files larger than this."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal and there are several articles)."),
) -> None:
    """Analyse articles and print one record (spec/RECORD.md) per article."""
    if format not in ("jsonl", "pretty"):
        raise typer.BadParameter("must be 'jsonl' or 'pretty'", param_hint="--format")
    from .pipeline import Processor
    from .render import print_pretty

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    total = count_articles_hint(paths)
    show = progress if progress is not None else (sys.stderr.isatty() and (total is None or total > 3))
    processor = None
    done = failed = 0
    try:
        with progress_bar("processing", total, show) as advance:
            for item in read_inputs(paths, max_bytes=max_bytes):
                if isinstance(item, InputError):
                    report(item)
                    failed += 1
                    continue
                processor = processor or Processor()
                try:
                    record = processor.process(item)
                except Exception as e:  # one bad article must not stop the batch
                    report(f"{item.source.file or item.source.url or item.title}: analysis failed: {e!r}")
                    failed += 1
                    continue
                if format == "jsonl":
                    out.write(record.to_json() + "\n")
                else:
                    print_pretty(record, Console(file=out, soft_wrap=True) if output else Console(soft_wrap=True))
                done += 1
                advance()
    finally:
        if output:
            out.close()
    if done == 0:
        report("nothing could be processed")
        raise typer.Exit(1)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"khronika {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True, help="Show the version."),
) -> None:
    pass


def main() -> None:
    app()


from . import cli_store  # noqa: E402,F401  (registers ingest, search, events, actor, dyad, quotes, stats, export)

if __name__ == "__main__":
    main()
