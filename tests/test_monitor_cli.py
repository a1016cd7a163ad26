"""The monitor's commands as a user runs them: `khronika ingest --urls FILE` (twice: the second run fetches
nothing), `khronika watch CONFIG` as a subprocess printing one line per cycle and stopping cleanly on SIGTERM
(between cycles and in the middle of one), and clear one-line errors for bad configs and URL lists."""
from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khronika.cli import app
from khronika.monitor import ConfigError, load_config
from tests import monitor_site as ms
from tests.test_monitor import only_localhost, site  # noqa: F401  (fixtures)

KHRONIKA = str(Path(sys.executable).parent / "khronika")
FETCH = """
[fetch]
timeout = "300ms"
max_seconds = "3s"
retries = 2
backoff = "10ms"
max_backoff = "50ms"
host_interval = 0
max_bytes = "64kb"
trust_env = false
"""


def config(tmp_path: Path, site, every: str = "1s") -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(f'every = "{every}"\n{FETCH}\n'
                    f'[[feeds]]\nname = "Вести Степи"\nurl = "{site.url("/feed.xml")}"\nlanguage = "ru"\n\n'
                    f'[[feeds]]\nname = "Центральная Азия"\nurl = "{site.url("/atom.xml")}"\ninterval = "1s"\n',
                    encoding="utf-8")
    return path


def db_check(db: Path) -> dict:
    """Integrity, and the invariant that a page marked ok has its article in the store."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = con.execute("SELECT url FROM fetches WHERE kind = 'page' AND status = 'ok' AND article_id NOT IN "
                              "(SELECT id FROM articles)").fetchall()
        assert not orphans, orphans
        return {"articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
                "feeds": dict(con.execute("SELECT url, status FROM fetches WHERE kind = 'feed'").fetchall())}
    finally:
        con.close()


def test_ingest_urls_twice(site, tmp_path):
    db = tmp_path / "k.db"
    listing = tmp_path / "urls.txt"
    listing.write_text("# pages to read\n"
                       f"{site.url('/news/kz-belarus.html')}\n"
                       f"{site.url(ms.CP1251_META)}?utm_campaign=x\n"
                       "\n"
                       "not a url\n"
                       f"{site.url(ms.MISSING)}\n"
                       f"{site.url(ms.MOVED)}\n", encoding="utf-8")
    fetch = tmp_path / "fetch.toml"
    fetch.write_text(FETCH, encoding="utf-8")
    args = ["ingest", "--urls", str(listing), "--fetch-config", str(fetch), "--db", str(db), "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    got = json.loads(first.stdout)
    # the moved page redirects to the first one: the same text, stored once
    assert (got["new"], got["already_there"], got["failed"], got["fetched"]) == (2, 1, 2, 4), got
    reasons = {f["input"].split("/")[-1]: f["reason"] for f in got["failures"]}
    assert reasons == {"urls.txt:5": "'not a url' is not an http(s) URL", "retracted.html": "HTTP 404"}
    assert "urls.txt:5: 'not a url' is not an http(s) URL" in first.stderr

    before = len(site.hits)
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    got = json.loads(second.stdout)
    assert (got["new"], got["already_there"], got["failed_before"], got["fetched"]) == (0, 3, 1, 0), got
    assert len(site.hits) == before, "a rerun fetches nothing that is done"
    assert db_check(db)["articles"] == 2


def test_ingest_needs_paths_or_urls(tmp_path):
    r = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "k.db")])
    assert r.exit_code == 2 and "give PATHS or --urls FILE" in r.output
    r = CliRunner().invoke(app, ["ingest", "--urls", str(tmp_path / "nothing.txt"), "--db", str(tmp_path / "k.db")])
    assert r.exit_code == 2 and "nothing.txt: cannot read" in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", "--urls", str(empty), "--db", str(tmp_path / "k.db")])
    assert r.exit_code == 1 and "lists no http(s) URLs" in r.stderr


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line.rstrip("\n"))
    out.put(None)


def _next_line(q: queue.Queue, timeout: float) -> str | None:
    try:
        return q.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no line within {timeout} s") from None


def _start_watch(cfg: Path, db: Path) -> tuple[subprocess.Popen, queue.Queue, list[str]]:
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    proc = subprocess.Popen([KHRONIKA, "watch", str(cfg), "--db", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    out: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, out), daemon=True).start()
    errors: list[str] = []
    threading.Thread(target=lambda: errors.extend(line.rstrip("\n") for line in proc.stderr), daemon=True).start()
    return proc, out, errors


@pytest.mark.slow
def test_watch_cycles_then_sigterm(site, tmp_path):
    db = tmp_path / "k.db"
    proc, out, errors = _start_watch(config(tmp_path, site), db)
    try:
        first = _next_line(out, 180)
        second = _next_line(out, 60)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rc == 0, errors
    assert "cycle 1: 2 feeds, 10 entries" in first and " 5 new" in first and "5 errors" in first, first
    assert "cycle 2: 2 feeds (2 unchanged)" in second and " 0 new" in second, second
    assert any("stopped after 2 cycles" in e for e in errors), errors
    assert any(e.endswith(f"{ms.MISSING}: HTTP 404") for e in errors), errors
    state = db_check(db)
    assert state["articles"] == 5 and set(state["feeds"].values()) == {"not_modified"}


@pytest.mark.slow
def test_watch_sigterm_in_the_middle_of_a_cycle(site, tmp_path):
    """Stopped while pages are being fetched and analysed: exit 0, nothing half-written, no feed validators
    saved (the next run reads the feeds in full) — and the next run completes the work."""
    db = tmp_path / "k.db"
    cfg = config(tmp_path, site)
    proc, out, errors = _start_watch(cfg, db)
    try:
        deadline = time.monotonic() + 120
        while site.count("/news/kz-belarus.html") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rc == 0, errors
    line = _next_line(out, 5)
    assert line and line.endswith("stopped"), line
    state = db_check(db)
    assert state["articles"] < 5 and not state["feeds"]

    r = subprocess.run([KHRONIKA, "watch", str(cfg), "--db", str(db), "--once"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert db_check(db)["articles"] == 5


def test_bad_configs_say_what_is_wrong(tmp_path):
    def check(text: str, expect: str) -> None:
        path = tmp_path / "c.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as e:
            load_config(path)
        assert expect in str(e.value) and str(path) in str(e.value), str(e.value)

    check("every = 5\n", "lists no feeds")
    check("[[feeds]]\nname = 'x'\n", "feed 1: has no url")
    check("[[feeds]]\nurl = 'ftp://example.org/feed'\n", "is not an http(s) URL")
    check("[[feeds]]\nurl = 'https://example.org/rss'\nlanguage = 'kk'\n", "language 'kk' is not supported")
    check("[[feeds]]\nurl = 'https://example.org/rss'\ninterval = 'soon'\n", "'soon' is not a duration")
    check("[[feeds]]\nurl = 'https://example.org/rss'\ncolour = 'red'\n", "unknown key(s) colour")
    check("[[feeds]]\nurl = 'https://example.org/rss'\n[[feeds]]\nurl = 'https://EXAMPLE.org/rss#x'\n",
          "repeats the URL")
    check("[fetch]\ntimeout = 'x'\n[[feeds]]\nurl = 'https://example.org/rss'\n", "[fetch]: timeout")
    check("[fetch]\nspeed = 3\n[[feeds]]\nurl = 'https://example.org/rss'\n", "unknown setting 'speed'")
    check("[[feeds]\n", "not valid TOML")

    r = CliRunner().invoke(app, ["watch", str(tmp_path / "missing.toml"), "--db", str(tmp_path / "k.db")])
    assert r.exit_code == 2 and "missing.toml: no such file" in r.stderr


def test_the_example_config_loads():
    cfg = load_config(Path(__file__).resolve().parents[1] / "examples" / "feeds.toml")
    assert cfg.feeds and all(f.url.startswith("https://") and f.language == "ru" for f in cfg.feeds)
    assert cfg.settings.host_interval >= 1 and cfg.settings.robots
