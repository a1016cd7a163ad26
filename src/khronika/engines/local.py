"""The local engine: a process pool on this machine, one BatchAnalyser per worker process."""
from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from ..batch import ANALYSED, BatchAnalyser, flat_tables, input_files, iter_lines, write_tables
from . import BatchSummary

_analyser: BatchAnalyser | None = None


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
    parts: list[pa.Table] = []
    if summary.workers == 1:
        analyser = BatchAnalyser()
        parts = [analyser(c) for c in chunks(iter_lines(files), batch_size)]
    else:
        with ProcessPoolExecutor(summary.workers, initializer=_init) as pool:
            # map keeps input order; chunks are submitted as they are read
            parts = list(pool.map(_analyse, chunks(iter_lines(files), batch_size)))
    analysed = pa.concat_tables(parts) if parts else ANALYSED.empty_table()
    summary.tables = write_tables(flat_tables(analysed), Path(out))
    summary.rows = analysed.num_rows
    summary.articles = summary.tables["articles"]
    summary.failed = summary.tables["failures"]
    summary.seconds = time.perf_counter() - start
    return summary
