"""The monitor's commands: `khronika watch FEED_OR_CONFIG` and `khronika ingest --urls FILE` (ingest_urls)."""
from __future__ import annotations

import json
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

import typer

from .cli import app, err, report

DB_HELP = "Database: an SQLite file (default $KHRONIKA_DB or var/khronika.db) or postgresql://..."
DEFAULT_EVERY = 600.0


@contextmanager
def graceful_stop(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C or SIGTERM: finish the current article and stop; a second one stops at once (the transaction
    in progress, if any, is rolled back)."""
    signals = [signal.SIGINT, signal.SIGTERM]
    pressed = 0

    def handler(signum, frame) -> None:
        nonlocal pressed
        pressed += 1
        if pressed == 1:
            stop.set()
            err.print("khronika: stopping after the current article (again to stop at once)", highlight=False)
        else:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():  # signals can only be caught there
        yield
        return
    old = {s: signal.signal(s, handler) for s in signals}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _settings(fetch_config: Optional[str]):
    """Fetch settings from the [fetch] table of a TOML file (a watch config works), or the defaults."""
    import tomllib
    from pathlib import Path

    from .monitor import ConfigError, FetchSettings
    if not fetch_config:
        return FetchSettings()
    try:
        data = tomllib.loads(Path(fetch_config).read_bytes().decode("utf-8-sig"))
        fetch = data.get("fetch", {})
        if not isinstance(fetch, dict):
            raise ConfigError(f"{fetch_config}: [fetch] must be a table of settings")
        return FetchSettings().updated(fetch, f"{fetch_config}: [fetch]")
    except OSError as e:
        raise ConfigError(f"{fetch_config}: cannot read ({e.strerror or e})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{fetch_config}: not valid TOML ({e})") from None
    except ConfigError:
        raise
    except ValueError as e:
        raise ConfigError(str(e)) from None


def _open(db: Optional[str], busy_timeout: float = 30.0):
    from .store import StoreError, default_db, open_store
    try:
        return open_store(db or default_db(), busy_timeout=busy_timeout)
    except StoreError as e:
        report(str(e))
        raise typer.Exit(1)


@app.command()
def watch(
    target: str = typer.Argument(..., metavar="FEED_OR_CONFIG",
                                 help="An RSS/Atom feed URL, or a TOML file listing feeds (see examples/feeds.toml)."),
    every: Optional[str] = typer.Option(None, "--every",
                                        help="How often to check feeds without an interval of their own (e.g. 30s, 10m, 1h; default: the config's `every`, else 10m)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    once: bool = typer.Option(False, "--once", help="One cycle, then exit (for cron)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per cycle instead of a line of text."),
) -> None:
    """Follow feeds until stopped: fetch new entries' pages, analyse and store them; one line per cycle."""
    from .monitor import ConfigError, Monitor, load_target, parse_duration
    from .monitor import watch as run_watch
    from .store import default_db
    try:
        config = load_target(target)
        interval = parse_duration(every, "--every") if every else (config.every or DEFAULT_EVERY)
    except (ConfigError, ValueError) as e:
        report(str(e))
        raise typer.Exit(2)
    if interval <= 0:
        report("--every: must be positive")
        raise typer.Exit(2)
    store = _open(db)
    stop = threading.Event()
    where = db or default_db()
    err.print(f"khronika: watching {len(config.feeds)} feed{'s' if len(config.feeds) != 1 else ''} into {where}"
              f"{_known(store)} (Ctrl-C to stop)", highlight=False, soft_wrap=True)

    def on_cycle(rep) -> None:
        sys.stdout.write((json.dumps(rep.to_dict(), ensure_ascii=False) if as_json else rep.line()) + "\n")
        sys.stdout.flush()
        for url, reason in rep.errors:
            report(f"{url}: {reason}")

    cycles = 0
    try:
        with Monitor(store, config.settings, stop) as monitor, graceful_stop(stop):
            cycles = run_watch(monitor, config.feeds, interval, on_cycle, once=once)
    except KeyboardInterrupt:
        report("stopped at once; the transaction in progress was rolled back")
        raise typer.Exit(130)
    finally:
        store.close()
    if stop.is_set():
        err.print(f"khronika: stopped after {cycles} cycle{'s' if cycles != 1 else ''}", highlight=False)


def _known(store) -> str:
    """", which knows 120 pages (3 to retry)": what earlier runs left in the fetch state."""
    from .monitor import FetchState
    from .store import StoreError
    try:
        pages = FetchState(store).summary().get("page", {})
    except StoreError:
        return ""
    if not pages:
        return ""
    retry = f" ({pages['retry']} to retry)" if pages.get("retry") else ""
    return f", which knows {sum(pages.values())} pages{retry}"


def ingest_urls(urls_file: str, db: Optional[str], busy_timeout: float, as_json: bool,
                fetch_config: Optional[str]) -> None:
    """`khronika ingest --urls FILE`: fetch every listed page not done by an earlier run, analyse, store."""
    from .monitor import ConfigError, Monitor, read_url_list
    from .store import default_db
    try:
        settings = _settings(fetch_config)
        urls, bad = read_url_list(urls_file)
    except ConfigError as e:
        report(str(e))
        raise typer.Exit(2)
    except OSError as e:
        report(f"{urls_file}: cannot read: {e.strerror or e}")
        raise typer.Exit(2)
    for where, reason in bad:
        report(f"{where}: {reason}")
    if not urls:
        report(f"{urls_file}: lists no http(s) URLs")
        raise typer.Exit(1)
    store = _open(db, busy_timeout)
    stop = threading.Event()
    try:
        with Monitor(store, settings, stop) as monitor, graceful_stop(stop):
            rep = monitor.fetch_urls(urls)
    except KeyboardInterrupt:
        report("interrupted; the transaction in progress was rolled back; rerun the same command to finish")
        raise typer.Exit(130)
    finally:
        store.close()
    already = rep.already + rep.done_before
    failures = [{"input": w, "reason": r} for w, r in bad] + [{"input": u, "reason": r} for u, r in rep.errors]
    where = db or default_db()
    if as_json:
        sys.stdout.write(json.dumps({"database": where, "new": rep.new, "already_there": already,
                                     "failed": len(failures), "failures": failures,
                                     "failed_before": rep.failed_before, "fetched": rep.fetched,
                                     "seconds": round(rep.seconds, 2), "error": rep.store_error,
                                     "interrupted": rep.stopped}, ensure_ascii=False, indent=2) + "\n")
    else:
        before = f", {rep.failed_before} failed in earlier runs (not retried)" if rep.failed_before else ""
        err.print(f"[bold]{where}[/]: {rep.new} new, {already} already there, {len(failures)} failed{before} "
                  f"({rep.fetched} fetched, {rep.seconds:.1f} s)", highlight=False, soft_wrap=True)
        for url, reason in rep.errors:
            report(f"{url}: {reason}")
    if rep.store_error:
        report(f"stopped: {rep.store_error}")
        raise typer.Exit(1)
    if rep.stopped:
        report("interrupted; rerun the same command to finish")
        raise typer.Exit(130)
    if rep.new == 0 and already == 0 and (failures or rep.failed_before):
        report("nothing could be stored")
        raise typer.Exit(1)
