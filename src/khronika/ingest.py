"""The main job: read inputs, analyse every article not yet stored, write the records in batched
transactions. One process (`workers=1`) or a pool of worker processes, each with its own Processor;
the parent reads inputs, skips what is stored, and is the only writer.

Safe to interrupt at any point, even by kill -9: each batch is one transaction, and a rerun skips every
article already stored (by record id) and finishes the rest.
"""
from __future__ import annotations

import os

# Worker processes inherit these before numpy loads: two natasha workers each running multi-threaded
# BLAS on two cores fight over them (DESIGN.md: 3.5x slower).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import resource  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait  # noqa: E402
from concurrent.futures.process import BrokenProcessPool  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any, Callable, Iterable, Iterator  # noqa: E402

from .reading import DEFAULT_MAX_BYTES, Article, InputError, read_inputs  # noqa: E402
from .record import record_id  # noqa: E402
from .store import Store, StoreError, has_article, load_roles, open_store, prepare, save_batch  # noqa: E402
from .store.registry import build_registry, learn  # noqa: E402

DEFAULT_BATCH = 50  # articles per transaction
FLUSH_SECONDS = 2.0  # ...or whatever is done after this long, so progress is durable on slow inputs
# One article that sends the analysis into a pathological case must not stall or sink the whole run:
ARTICLE_TIMEOUT = 120.0  # seconds per article (a news article takes well under one)
WORKER_MEMORY_MB = 4096  # address-space cap per worker process (a worker needs about 400 MB)


class ArticleTimeout(Exception):
    pass


def analyse_guarded(analyst: "Analyst", article: Article, timeout: float | None):
    """analyst(article) under a wall-clock limit (SIGALRM; tasks run in the main thread of their process)."""
    if not timeout:
        return analyst(article)

    def expire(signum, frame):
        raise ArticleTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return analyst(article)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def failure_reason(e: BaseException, timeout: float | None, memory_mb: int | None = None) -> str:
    if isinstance(e, ArticleTimeout):
        return f"analysis took longer than {timeout:g} s; skipped (--article-timeout)"
    if isinstance(e, MemoryError):
        cap = f" ({memory_mb} MB per worker)" if memory_mb else ""
        return f"analysis ran out of memory{cap}; skipped (--worker-memory)"
    return f"analysis failed: {type(e).__name__}: {e}"


@dataclass
class IngestSummary:
    new: int = 0
    already: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)
    seconds: float = 0.0
    workers: int = 1
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # analysing process id -> peak resident MB
    parent_rss_mb: float = 0.0  # the reading and writing process (with workers=1 it also analyses)
    error: str | None = None  # why the run stopped early (e.g. disk full); what was committed stays
    interrupted: bool = False

    @property
    def seen(self) -> int:
        return self.new + self.already + len(self.failed)

    def failure_reasons(self) -> Counter:
        return Counter(reason for _, reason in self.failed)

    def to_dict(self) -> dict:
        return {"new": self.new, "already_there": self.already, "failed": len(self.failed),
                "failures": [{"input": w, "reason": r} for w, r in self.failed],
                "seconds": round(self.seconds, 2), "workers": self.workers,
                "articles_per_second": round(self.new / self.seconds, 2) if self.seconds else None,
                "peak_rss_mb": {str(k): round(v, 1) for k, v in self.peak_rss_mb.items()},
                "parent_rss_mb": round(self.parent_rss_mb, 1),
                "error": self.error, "interrupted": self.interrupted}


def where_of(article: Article) -> str:
    """How a summary names an article: its file and URL where known (a JSONL file holds many)."""
    s = article.source
    if s.file and s.url:
        return f"{s.file} ({s.url})"
    return s.file or s.url or repr((article.title or article.text)[:60])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KB


class Analyst:
    """One Processor plus the cross-article registry: article -> prepared rows (runs in a worker)."""

    def __init__(self, roles: list[dict]):
        from .pipeline import Processor
        from .store.lemmas import get_lemmatizer
        self.registry = build_registry(roles)
        self.processor = Processor(registry=self.registry)
        self.lemmatizer = get_lemmatizer()
        self.mine: set[str] = set()  # article ids this process analysed (their roles it learned itself)

    def add_roles(self, rows: Iterable[dict]) -> None:
        if self.registry is None:
            return
        for row in rows:
            if row.get("article_id") not in self.mine:
                self.registry.add_role(**row)

    def __call__(self, article: Article):
        record = self.processor.process(article)
        self.mine.add(record.id)
        return prepare(record, learn(self.registry, record), self.lemmatizer)


# --- worker process side ---

_worker: dict[str, Any] = {}


def _die_with_parent() -> None:
    """A worker must not outlive a parent killed with SIGKILL (it would hold memory, not the DB)."""
    parent = os.getppid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _worker_init(db_url: str, busy_timeout: float, timeout: float | None, memory_mb: int | None) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    store = open_store(db_url, readonly=True, busy_timeout=busy_timeout)
    roles, last = load_roles(store)
    _worker.update(store=store, last_role=last, analyst=Analyst(roles), timeout=timeout, memory_mb=memory_mb)
    if memory_mb:  # after the models are loaded: what they need is not the article's fault
        _cap_memory(memory_mb)


def _worker_run(article: Article):
    analyst: Analyst = _worker["analyst"]
    try:
        # roles other workers' articles taught, committed since the last article
        rows, _worker["last_role"] = load_roles(_worker["store"], _worker["last_role"])
        analyst.add_roles(rows)
    except StoreError:
        pass  # the registry is an aid; a busy read must not fail the article
    try:
        return "ok", analyse_guarded(analyst, article, _worker["timeout"]), os.getpid(), peak_rss_mb()
    except (Exception, ArticleTimeout, MemoryError) as e:  # one bad article is reported and skipped
        return "error", failure_reason(e, _worker["timeout"], _worker["memory_mb"]), os.getpid(), peak_rss_mb()


# --- parent side ---

class _Writer:
    """Collects prepared articles and writes them in batches (size or time, whichever comes first)."""

    def __init__(self, store: Store, summary: IngestSummary, batch: int, flush_seconds: float,
                 advance: Callable[[int], None]):
        self.store, self.summary, self.batch, self.flush_seconds = store, summary, max(1, batch), flush_seconds
        self.advance = advance
        self.pending: list = []
        self.since = time.monotonic()

    def add(self, prepared) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(prepared)
        self.advance(1)  # progress counts analysed articles; the summary counts committed ones
        if len(self.pending) >= self.batch or time.monotonic() - self.since >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        done = self.pending
        self.pending = []
        flags = save_batch(self.store, done)  # raises StoreError with the batch rolled back
        new = sum(flags)
        self.summary.new += new
        self.summary.already += len(flags) - new  # stored meanwhile by another process


def _candidates(items: Iterable, store: Store, summary: IngestSummary,
                advance: Callable[[int], None]) -> Iterator[Article]:
    """Articles to analyse: input errors are reported, and anything already stored (or already seen
    in this run) is counted and skipped before any NLP is spent on it."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            summary.failed.append((item.where, item.reason))
            advance(1)
            continue
        rid = record_id(item.text)
        if rid in seen or has_article(store, rid):
            summary.already += 1
            advance(1)
            continue
        seen.add(rid)
        yield item


def ingest(paths: list[str], db: str | Store | None = None, workers: int = 1, batch: int = DEFAULT_BATCH,
           max_bytes: int = DEFAULT_MAX_BYTES, advance: Callable[[int], None] | None = None,
           busy_timeout: float = 30.0, flush_seconds: float = FLUSH_SECONDS, stdin=None,
           article_timeout: float | None = ARTICLE_TIMEOUT, worker_memory_mb: int | None = WORKER_MEMORY_MB
           ) -> IngestSummary:
    """Analyse and store every article in `paths`. Raises StoreError only when the database cannot be
    opened; a failure while writing stops the run with `summary.error` set (committed batches stay).
    An article whose analysis exceeds `article_timeout` seconds (or, in a worker, `worker_memory_mb`) is
    reported as failed and skipped."""
    advance = advance or (lambda n=1: None)
    store = db if isinstance(db, Store) else open_store(db, busy_timeout=busy_timeout)
    summary = IngestSummary(workers=max(1, workers))
    start = time.monotonic()
    writer = _Writer(store, summary, batch, flush_seconds, advance)
    items = _candidates(read_inputs(paths, max_bytes=max_bytes, stdin=stdin), store, summary, advance)
    try:
        if workers <= 1:
            _run_here(items, store, writer, summary, article_timeout, worker_memory_mb)
        else:
            _run_pool(items, store, writer, summary, workers, busy_timeout, article_timeout, worker_memory_mb)
        writer.flush()
    except StoreError as e:
        summary.error = str(e)
    except KeyboardInterrupt:
        summary.interrupted = True
        try:
            writer.flush()  # keep what is already analysed
        except StoreError as e:
            summary.error = str(e)
    finally:
        if summary.new and not summary.error:
            try:
                for statement in store.dialect.maintenance():
                    store.execute(statement)
            except StoreError:
                pass  # upkeep only; the articles are committed
        summary.seconds = time.monotonic() - start
        summary.parent_rss_mb = peak_rss_mb()
        if not isinstance(db, Store):
            store.close()
    return summary


def _run_here(items: Iterator[Article], store: Store, writer: _Writer, summary: IngestSummary,
              timeout: float | None, memory_mb: int | None) -> None:
    analyst: Analyst | None = None
    previous_limit = resource.getrlimit(resource.RLIMIT_AS)
    try:
        for article in items:
            if analyst is None:  # load the models only when something needs analysing
                analyst = Analyst(load_roles(store)[0])
                if memory_mb:  # a runaway article fails alone instead of exhausting the machine
                    _cap_memory(memory_mb + int(peak_rss_mb()))
            try:
                prepared = analyse_guarded(analyst, article, timeout)
            except (Exception, ArticleTimeout, MemoryError) as e:
                summary.failed.append((where_of(article), failure_reason(e, timeout, memory_mb)))
                writer.advance(1)
                continue
            writer.add(prepared)
    finally:
        try:
            resource.setrlimit(resource.RLIMIT_AS, previous_limit)
        except (ValueError, OSError):
            pass
    summary.peak_rss_mb[os.getpid()] = peak_rss_mb()


def _cap_memory(mb: int) -> None:
    limit = mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _run_pool(items: Iterator[Article], store: Store, writer: _Writer, summary: IngestSummary,
              workers: int, busy_timeout: float, timeout: float | None, memory_mb: int | None) -> None:
    import multiprocessing
    # spawn: a fresh interpreter per worker (no locks inherited from the parent's threads, such as
    # the progress bar's); the models load once per worker in the initializer.
    ctx = multiprocessing.get_context("spawn")
    in_flight: dict[Future, Article] = {}
    limit = workers * 3
    pool: ProcessPoolExecutor | None = None
    exhausted = False
    try:
        while True:
            if pool is None:
                peek = next(items, None)  # start workers only when there is something to analyse
                if peek is None:
                    return
                pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init,
                                           initargs=(store.url, busy_timeout, timeout, memory_mb))
                in_flight[pool.submit(_worker_run, peek)] = peek
            while not exhausted and len(in_flight) < limit:
                article = next(items, None)
                if article is None:
                    exhausted = True
                    break
                in_flight[pool.submit(_worker_run, article)] = article
            if not in_flight:
                return
            done, _ = wait(list(in_flight), timeout=FLUSH_SECONDS, return_when=FIRST_COMPLETED)
            if not done:
                if writer.pending and time.monotonic() - writer.since >= writer.flush_seconds:
                    writer.flush()
                continue
            broken = False
            for fut in done:
                article = in_flight.pop(fut)
                try:
                    status, payload, pid, rss = fut.result()
                except BrokenProcessPool:
                    broken = True
                    summary.failed.append((where_of(article), "a worker process died while analysing it "
                                                              "(out of memory?); rerun to retry"))
                    writer.advance(1)
                    continue
                summary.peak_rss_mb[pid] = max(summary.peak_rss_mb.get(pid, 0.0), rss)
                if status == "ok":
                    writer.add(payload)
                else:
                    summary.failed.append((where_of(article), payload))
                    writer.advance(1)
            if broken:  # every task still queued died with the pool: report them, start a new pool
                for fut, article in in_flight.items():
                    summary.failed.append((where_of(article), "a worker process died; rerun to retry"))
                    writer.advance(1)
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                if exhausted:
                    return
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def auto_workers(total_hint: int | None) -> int:
    """Small inputs in this process (starting workers costs seconds); large ones on every core, at most 4
    (each worker holds the models, about 400 MB)."""
    if total_hint is not None and total_hint <= 20:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))

