"""The Ray Data engine: the batch function in a pool of Ray actors (one BatchAnalyser each), on a local Ray
instance or an existing cluster (`address`). Needs the optional extra `khronika[ray]`.

The traps on small machines, and what is done about them:
- actors that hold every CPU starve the read tasks and the job hangs: inputs are read and repartitioned
  before the pool starts, each actor asks for a fractional CPU share computed from the cluster's CPUs, and
  the light tasks around the pool (line conversion, flat tables, writes) ask for a small share;
- one Parquet row group (or one small JSONL file) is one block, so one actor would get everything:
  the rows are repartitioned into several blocks per actor;
- BLAS threads: one per worker (environment of every worker process).
"""
from __future__ import annotations

import math
import os
import time
from pathlib import Path

import pyarrow as pa

from ..batch import (LINE, PARTITION, TABLES, BatchAnalyser, BatchError, analyse_batch, flat_table,
                     input_files, row_line)
from . import BatchSummary

LIGHT_CPU = 0.1  # what the tasks around the actor pool ask for
BLOCKS_PER_ACTOR = 4
WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "TOKENIZERS_PARALLELISM": "false"}


class RayAnalyser:
    """The callable class Ray Data instantiates once per actor: the pipeline loads in __init__."""

    def __init__(self) -> None:
        self.analyser = BatchAnalyser()

    def __call__(self, batch: pa.Table) -> pa.Table:
        return analyse_batch(self.analyser, batch)


def _parquet_to_lines(batch: pa.Table) -> pa.Table:
    return pa.table({LINE: [row_line(r) for r in batch.to_pylist()]})


def _text_to_lines(batch: pa.Table) -> pa.Table:
    return pa.table({LINE: batch.column("text")})


def actor_cpu_share(cluster_cpus: float, workers: int) -> float:
    """CPUs each actor asks for: all of the cluster's but a reserve for the light tasks, split evenly, at
    most one. 2 CPUs, 2 actors -> 0.9 each, leaving 0.2 so reads and writes are never starved."""
    reserve = max(2 * LIGHT_CPU, 0.05 * cluster_cpus)
    return round(max(0.05, min(1.0, (cluster_cpus - reserve) / max(1, workers))), 3)


def _flat(name: str):
    def make(batch: pa.Table) -> pa.Table:
        return flat_table(batch, name)
    return make


def run_ray(inputs: list[str], out: str | Path, workers: int = 1, batch_size: int = 8,
            address: str | None = None) -> BatchSummary:
    try:
        import ray
        import ray.data
    except ImportError:
        raise BatchError("the ray engine needs Ray: pip install 'khronika[ray]'") from None
    start = time.perf_counter()
    files = input_files(inputs)
    out = Path(out).resolve()
    summary = BatchSummary("ray", max(1, workers))
    for k, v in WORKER_ENV.items():
        os.environ.setdefault(k, v)
    started_here = not ray.is_initialized()
    if started_here:
        kwargs = dict(runtime_env={"env_vars": WORKER_ENV}, include_dashboard=False, log_to_driver=False,
                      configure_logging=False)
        try:
            ray.init(address=address, **kwargs)
        except (ConnectionError, ValueError) as e:
            raise BatchError(f"cannot reach the Ray cluster at {address}: {e}") from None
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        # Ray Data otherwise reserves part of the CPUs for each operator, which on a small cluster leaves the
        # actor pool less than it asked for: it waits for actors that can never start
        ctx.op_resource_reservation_enabled = False
        cpus = float(ray.cluster_resources().get("CPU", 1))
        share = actor_cpu_share(cpus, summary.workers)

        light = {"num_cpus": LIGHT_CPU}
        parts = []
        jsonl = [str(p.resolve()) for p, kind in files if kind == "json"]
        parquet = [str(p.resolve()) for p, kind in files if kind == "parquet"]
        if jsonl:
            parts.append(ray.data.read_text(jsonl, drop_empty_lines=True, **light)
                         .map_batches(_text_to_lines, batch_format="pyarrow", **light))
        if parquet:
            parts.append(ray.data.read_parquet(parquet, **light)
                         .map_batches(_parquet_to_lines, batch_format="pyarrow", **light))
        rows = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])
        # read everything before the actors take their CPUs; then spread it over enough blocks
        rows = rows.materialize()
        n = rows.count()
        summary.rows = n
        blocks = max(1, min(math.ceil(n / batch_size), summary.workers * BLOCKS_PER_ACTOR))
        rows = rows.repartition(blocks)
        analysed = rows.map_batches(RayAnalyser, batch_size=batch_size, batch_format="pyarrow",
                                    compute=ray.data.ActorPoolStrategy(min_size=1, max_size=summary.workers), num_cpus=share)
        analysed = analysed.materialize()
        for name in TABLES:
            table = analysed.map_batches(_flat(name), batch_format="pyarrow", **light).materialize()
            count = table.count()
            summary.tables[name] = count
            if count:
                table.write_parquet(str(out / name), partition_cols=[PARTITION], ray_remote_args=light)
        summary.articles = summary.tables["articles"]
        summary.failed = summary.tables["failures"]
    finally:
        if started_here:
            ray.shutdown()
    summary.seconds = time.perf_counter() - start
    return summary
