"""Fetches run in daemon threads while the main thread analyses and writes: the database is only ever touched
by the main thread, and a stopped monitor never waits for a slow server (daemon threads die with the process)."""
from __future__ import annotations

import queue
import threading
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_END = object()


def run_threads(tasks: Iterable[T], work: Callable[[T], R], workers: int, stop: threading.Event,
                window: int | None = None) -> Iterator[tuple[T, R]]:
    """(task, work(task)) in the order they finish. At most `window` tasks are handed out ahead of the
    consumer, so memory stays bounded when fetching outruns analysis. `work` must not raise."""
    todo = iter(tasks)
    window = window or workers * 4
    inbox: queue.Queue = queue.Queue()
    outbox: queue.Queue = queue.Queue()

    def loop() -> None:
        while True:
            task = inbox.get()
            if task is _END:
                return
            outbox.put((task, work(task)))

    threads = [threading.Thread(target=loop, name=f"khronika-fetch-{i}", daemon=True) for i in range(workers)]
    for t in threads:
        t.start()
    out = 0
    try:
        for task in todo:
            inbox.put(task)
            out += 1
            if out >= window:
                break
        else:
            todo = iter(())
        while out:
            while True:
                try:
                    item = outbox.get(timeout=0.2)
                    break
                except queue.Empty:
                    if stop.is_set():
                        return
            out -= 1
            if not stop.is_set():
                nxt = next(todo, _END)
                if nxt is not _END:
                    inbox.put(nxt)
                    out += 1
            yield item
    finally:
        while True:  # tasks not started are dropped
            try:
                inbox.get_nowait()
            except queue.Empty:
                break
        for _ in threads:
            inbox.put(_END)
