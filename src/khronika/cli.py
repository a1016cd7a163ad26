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
    from rich.markup import escape
    line = " ".join(str(item).splitlines())  # one line, and a '[' in a path or reason is not markup
    err.print(f"[yellow]khronika:[/] {escape(line)}", markup=True, soft_wrap=True, highlight=False)


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
    """A cheap total for the progress bar: one per article file, per non-blank JSONL line and per input that
    will only give an error line; None when it cannot be known cheaply (stdin, archives)."""
    from .reading.inputs import iter_files, kind_by_name
    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        files = list(iter_files(path)) if path.is_dir() else [path] if path.exists() else []
        if not files:
            total += 1  # a missing path or an empty directory: one error line
        for f in files:
            kind = kind_by_name(f.name)
            if kind == "zip":
                return None
            if kind == "jsonl":
                try:
                    with open(f, "rb") as fh:
                        total += max(1, sum(1 for line in fh if line.strip()))
                except OSError:
                    total += 1
            else:
                total += 1
    return total


@app.command()
def process(
    paths: list[str] = typer.Argument(..., help="Files, directories (searched recursively), '-' for stdin."),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl: one record per line; pretty: a readable summary."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write records here instead of stdout (the file appears whole, at the end)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Skip any single article (a file, a JSONL line, an archive member) larger than this."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal and there are several articles)."),
) -> None:
    """Analyse articles and print one record (spec/RECORD.md) per article."""
    if format not in ("jsonl", "pretty"):
        raise typer.BadParameter("must be 'jsonl' or 'pretty'", param_hint="--format")
    from .pipeline import Processor
    from .render import print_pretty

    sink = RecordSink(output)
    total = count_articles_hint(paths)
    show = progress if progress is not None else (sys.stderr.isatty() and (total is None or total > 3))
    processor = None
    done = failed = 0
    try:
        pretty = Console(file=sink.file, soft_wrap=True, force_terminal=False if output else None) \
            if format == "pretty" else None
        with progress_bar("processing", total, show) as advance:
            for item in read_inputs(paths, max_bytes=max_bytes):
                if isinstance(item, InputError):
                    report(item)
                    failed += 1
                    advance()
                    continue
                if processor is None:
                    try:
                        processor = Processor()
                    except Exception as e:  # a malformed data file, a missing model: nothing can be analysed
                        report(f"cannot start the pipeline: {type(e).__name__}: {e}")
                        raise typer.Exit(2)
                try:
                    record = processor.process(item)
                except Exception as e:  # one article the analysis trips on must not stop the batch
                    where = item.source.file or item.source.url or repr((item.title or item.text)[:60])
                    report(f"{where}: analysis failed: {type(e).__name__}: {e}")
                    failed += 1
                    advance()
                    continue
                if pretty is not None:
                    print_pretty(record, pretty)
                else:
                    sink.file.write(record.to_json() + "\n")
                done += 1
                advance()
        sink.commit(keep=done > 0)
    except BrokenPipeError:  # `khronika process ... | head`: the reader has gone, stop quietly
        sink.abandon()
        sys.stdout = None  # type: ignore[assignment]  (no second error when Python flushes stdout at exit)
        raise typer.Exit(0)
    except OSError as e:
        sink.abandon()
        report(f"{output or '<stdout>'}: cannot write: {e.strerror or e}")
        raise typer.Exit(2)
    except BaseException:
        sink.abandon()
        raise
    if failed and done:
        report(f"{done} article(s) processed, {failed} input(s) skipped")
    if done == 0:
        report("nothing could be processed")
        raise typer.Exit(1)


class RecordSink:
    """Where records go: stdout, or a temporary file beside --output renamed into place at the end, so that
    the output never holds half a record and a failed run leaves no file behind."""

    def __init__(self, output: Path | None):
        self.output = output
        self.tmp: Path | None = None
        if output is None:
            self.file = sys.stdout
            return
        if output.is_dir():
            report(f"{output}: is a directory, not a file to write records to")
            raise typer.Exit(2)
        import tempfile
        try:
            fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
        except OSError as e:
            report(f"{output}: cannot write: {e.strerror or e}")
            raise typer.Exit(2)
        self.tmp = Path(name)
        self.file = open(fd, "w", encoding="utf-8")

    def commit(self, keep: bool) -> None:
        if self.tmp is None:
            self.file.flush()
            return
        self.file.close()
        if keep:
            import os
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.output)
        else:
            self.tmp.unlink(missing_ok=True)
        self.tmp = None

    def abandon(self) -> None:
        if self.tmp is not None:
            try:
                self.file.close()
            except OSError:
                pass
            self.tmp.unlink(missing_ok=True)
            self.tmp = None


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


if __name__ == "__main__":
    # `python -m khronika.cli`: run the package's own module, where every command registers below;
    # registering from __main__ would import this file twice and loop through the command modules.
    from khronika.cli import main as _main
    _main()
else:
    from . import cli_store  # noqa: E402,F401  (registers ingest, search, events, actor, dyad, quotes, stats, export)
    from . import cli_serve  # noqa: E402,F401  (registers serve: the web UI and HTTP API)
    from . import cli_monitor  # noqa: E402,F401  (registers watch; ingest --urls lives there)
    from . import cli_stories  # noqa: E402,F401  (registers story, thread, threads)
    from . import cli_batch  # noqa: E402,F401  (registers batch, load: engines and Parquet tables)
