"""Scale benchmark: N RT articles (../shared/data, referenced, never copied) through `khronika batch` with the
local engine and with Ray Data at 1 and 2 workers. For each run: wall time, throughput, and peak memory of the
whole process tree (the command and every descendant: pool workers, Ray's raylet, GCS and actors), sampled by
psutil; then Ray's overhead against the local engine at the same worker count.

    flock /tmp/khronika-heavy.lock .venv/bin/python bench/scale.py --n 2000
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.conftest import CORPUS, articles_jsonl  # noqa: E402

RUNS = [("local", 1), ("local", 2), ("ray", 1), ("ray", 2)]


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def run_one(src: Path, engine: str, workers: int, work: Path) -> dict:
    out = work / f"out-{engine}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(ROOT / ".venv" / "bin" / "khronika"), "batch", str(src), str(out), "--engine", engine,
           "--workers", str(workers), "--json"]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    lines = [x for x in proc.stdout.read().splitlines() if x.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"engine": engine, "workers": workers, "error": f"exit {proc.returncode}"}
    summary = json.loads(lines[-1])
    from khronika.batch import read_table  # the failed articles and why, for the record
    failures = [f"{r['source']}: {r['error']}" for r in read_table(out, "failures").to_pylist()]
    return {"engine": engine, "workers": workers, "articles": summary["articles"], "failed": summary["failed"],
            "wall_s": round(wall, 1), "articles_per_s": round(summary["articles"] / wall, 2),
            "peak_tree_mb": round(peak / 2**20), "load": f"{load_before:.1f}/{os.getloadavg()[0]:.1f}",
            "failures": failures}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (RT corpus lines)")
    ap.add_argument("--runs", default=",".join(f"{e}:{w}" for e, w in RUNS), help="engine:workers,...")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit("bench/scale.py: ../shared/data/news-corpus is not beside the project")
    work = Path(tempfile.mkdtemp(prefix="khronika-scale-"))
    try:
        src = articles_jsonl(work / "in.jsonl", args.n)
        results = []
        for spec in args.runs.split(","):
            engine, workers = spec.split(":")
            r = run_one(src, engine, int(workers), work)
            results.append(r)
            print(json.dumps(r), flush=True)
        local = {r["workers"]: r for r in results if r["engine"] == "local" and "wall_s" in r}
        print("\n| engine | workers | articles | wall s | articles/s | peak memory (tree) | vs local | load before/after |")
        print("|---|---|---|---|---|---|---|---|")
        for r in results:
            if "wall_s" not in r:
                print(f"| {r['engine']} | {r['workers']} | failed: {r['error']} | | | | |")
                continue
            base = local.get(r["workers"])
            vs = f"{r['wall_s'] / base['wall_s']:.2f}x time" if base and r["engine"] != "local" else ""
            print(f"| {r['engine']} | {r['workers']} | {r['articles']} | {r['wall_s']} | {r['articles_per_s']} | "
                  f"{r['peak_tree_mb']} MB | {vs} | {r['load']} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
