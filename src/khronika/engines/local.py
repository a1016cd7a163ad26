"""The local engine: a process pool on this machine, one BatchAnalyser per worker process."""
from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from ..batch import TABLES, BatchAnalyser, flat_tables, input_files, iter_lines, write_tables
from . import BatchSummary

_analyser: BatchAnalyser | None = None
FLUSH_ROWS = 256  # articles analysed before their tables are written out


def _init() -> None:
    global _analyser
    from ..ingest import _die_with_parent
    _die_with_parent()
    _analyser = BatchAnalyser()


def _analyse(lines: list[str]) -> pa.Table:
    assert _analyser is not None
    return _analyser(lines)


def chunks(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(islice(lines, size)):
        yield chunk


def run_local(inputs: list[str], out: str | Path, workers: int = 1, batch_size: int = 8) -> BatchSummary:
    start = time.perf_counter()
    files = input_files(inputs)
    summary = BatchSummary("local", max(1, workers))
    summary.tables = {name: 0 for name in TABLES}
    pending: list[pa.Table] = []
    flushes = 0

    def flush() -> None:
        # written every FLUSH_ROWS articles, so memory stays flat however large the corpus
        nonlocal flushes
        if not pending:
            return
        analysed = pa.concat_tables(pending)
        for name, n in write_tables(flat_tables(analysed), Path(out), f"part-{flushes}-{{i}}.parquet").items():
            summary.tables[name] += n
        summary.rows += analysed.num_rows
        flushes += 1
        pending.clear()

    def collect(parts: Iterator[pa.Table]) -> None:
        for part in parts:
            pending.append(part)
            if sum(p.num_rows for p in pending) >= FLUSH_ROWS:
                flush()
        flush()

    if summary.workers == 1:
        analyser = BatchAnalyser()
        collect(analyser(c) for c in chunks(iter_lines(files), batch_size))
    else:
        with ProcessPoolExecutor(summary.workers, initializer=_init) as pool:
            # map keeps input order; chunks are submitted as they are read
            collect(pool.map(_analyse, chunks(iter_lines(files), batch_size)))
    summary.articles = summary.tables["articles"]
    summary.failed = summary.tables["failures"]
    summary.seconds = time.perf_counter() - start
    return summary
