"""Throughput: khronika's full Processor against natasha alone (segment + morph + syntax + NER) on the same RT
articles in one process, after a warm-up. The two run interleaved article by article (alternating which goes
first) so that the noise of a shared machine falls on both alike; the ratio is what matters.

    .venv/bin/python bench/throughput.py                 # 200 RT articles from russia_today_0, markdown on stdout
    .venv/bin/python bench/throughput.py -n 50 --max-ratio 1.3   # exit 1 when khronika costs more than 1.3x

Reads ../shared/data/news-corpus (never copied into the project) through khronika's own reading layer."""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus" / "ru_kw_eval_datasets" / "data"
sys.path.insert(0, str(ROOT / "src"))

from khronika.language import get_language  # noqa: E402  (sets the BLAS thread limits before numpy loads)
from khronika.pipeline import Processor, default_stages  # noqa: E402
from khronika.reading.article import Article  # noqa: E402
from khronika.reading.inputs import InputError, read_stream  # noqa: E402


class TimedStage:
    """A stage that adds its own run time to a counter."""

    def __init__(self, stage, totals: dict[str, float]):
        self.stage = stage
        self.name = getattr(stage, "__name__", type(stage).__name__)
        self.totals = totals
        totals.setdefault(self.name, 0.0)

    def __call__(self, doc) -> None:
        t = time.perf_counter()
        self.stage(doc)
        self.totals[self.name] += time.perf_counter() - t


class TimedLanguage:
    """The language layer with its analyse() timed (natasha plus the conversion to khronika's Analysis)."""

    def __init__(self, language, totals: dict[str, float]):
        self.language = language
        self.totals = totals
        totals.setdefault("language.analyse (natasha + conversion)", 0.0)

    def analyse(self, text: str):
        t = time.perf_counter()
        out = self.language.analyse(text)
        self.totals["language.analyse (natasha + conversion)"] += time.perf_counter() - t
        return out

    def __getattr__(self, name):
        return getattr(self.language, name)


def load_articles(zip_name: str, count: int) -> list[Article]:
    path = CORPUS / zip_name
    if not path.exists():
        sys.exit(f"throughput: {path} is not there (../shared/data beside the project is needed)")
    with zipfile.ZipFile(path) as zf:
        member = zf.namelist()[0]
        with zf.open(member) as fh:
            head = b"".join(line for _, line in zip(range(count), fh))
    items = list(read_stream(io.BytesIO(head), f"{zip_name}!{member}", kind="jsonl"))
    bad = [i for i in items if isinstance(i, InputError)]
    if bad:
        sys.exit(f"throughput: unreadable corpus lines: {bad[:3]}")
    return items


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, Python {platform.python_version()}"


def git_commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--articles", type=int, default=200, help="articles measured (default 200)")
    ap.add_argument("--warmup", type=int, default=5, help="articles run first and not measured (default 5)")
    ap.add_argument("--zip", default="russia_today_0.jsonlines.zip", help="corpus archive (default RT part 0)")
    ap.add_argument("--max-ratio", type=float, default=None, help="exit 1 when khronika/natasha exceeds this")
    args = ap.parse_args()

    t_load = time.perf_counter()
    language = get_language()
    stage_times: dict[str, float] = {}
    processor = Processor(language=TimedLanguage(language, stage_times),
                          stages=[TimedStage(s, stage_times) for s in default_stages()])
    load_s = time.perf_counter() - t_load
    articles = load_articles(args.zip, args.warmup + args.articles)
    warm, measured = articles[:args.warmup], articles[args.warmup:]
    for a in warm:
        language.natasha_doc(a.text)
        processor.process(a)
    for k in stage_times:
        stage_times[k] = 0.0
    rss_loaded = peak_rss_mb()

    natasha_s = khronika_s = 0.0
    for i, a in enumerate(measured):
        runs = [("natasha", lambda: language.natasha_doc(a.text)), ("khronika", lambda: processor.process(a))]
        for name, fn in (runs if i % 2 == 0 else runs[::-1]):
            t = time.perf_counter()
            fn()
            took = time.perf_counter() - t
            if name == "natasha":
                natasha_s += took
            else:
                khronika_s += took
    n = len(measured)
    chars = sum(len(a.text) for a in measured)
    ratio = khronika_s / natasha_s
    rss_end = peak_rss_mb()

    print(f"### Throughput — {dt.date.today().isoformat()}, commit {git_commit()}\n")
    print(f"`.venv/bin/python bench/throughput.py -n {args.articles} --warmup {args.warmup} --zip {args.zip}`  ")
    print(f"Machine: {machine()}.  ")
    print(f"{n} articles, {chars:,} characters (mean {chars // max(n, 1):,}); models loaded in {load_s:.1f} s.\n")
    print("| pipeline | seconds | articles/s | chars/s | ratio |")
    print("|---|---:|---:|---:|---:|")
    print(f"| natasha alone (segment+morph+syntax+NER) | {natasha_s:.1f} | {n / natasha_s:.2f} | {chars / natasha_s:,.0f} | 1.00 |")
    print(f"| khronika Processor (all stages) | {khronika_s:.1f} | {n / khronika_s:.2f} | {chars / khronika_s:,.0f} | **{ratio:.2f}** |")
    print()
    print("| khronika part | seconds | share of natasha time |")
    print("|---|---:|---:|")
    for name, s in stage_times.items():
        print(f"| {name} | {s:.2f} | {s / natasha_s:.2f} |")
    other = khronika_s - sum(stage_times.values())
    print(f"| record building and glue | {other:.2f} | {other / natasha_s:.2f} |")
    print()
    print(f"Peak RSS: {rss_loaded:.0f} MB after loading and warm-up, {rss_end:.0f} MB at the end.")
    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f"\nFAIL: khronika costs {ratio:.2f}x natasha alone (limit {args.max_ratio}x)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
