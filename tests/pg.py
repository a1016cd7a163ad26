"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary directory, a unix socket there and no
TCP, started as an unprivileged user when the tests run as root (as CI does). Skips with the reason when
Debian's postgresql binaries (or psycopg) are absent."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

SUPERUSER = "khronika"


def pg_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2]) if
                  d.split("/")[-2].isdigit() else 0)
    return Path(dirs[-1]) if dirs and (Path(dirs[-1]) / "initdb").exists() else None


def _run_as(user: str | None, args: list[str]) -> subprocess.CompletedProcess:
    cmd = (["runuser", "-u", user, "--"] if user else []) + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


class Cluster:
    def __init__(self) -> None:
        bindir = pg_bindir()
        if bindir is None:
            pytest.skip("PostgreSQL binaries (initdb, pg_ctl: Debian's postgresql package) are not installed")
        pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'khronika[postgres]')")
        self.bindir = bindir
        self.user: str | None = None
        if os.geteuid() == 0:  # the server refuses to run as root
            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                    self.user = name
                    break
                except KeyError:
                    continue
            if self.user is None or not shutil.which("runuser"):
                pytest.skip("running as root without an unprivileged user (postgres/nobody) and runuser")
        self.dir = Path(tempfile.mkdtemp(prefix="khronika-pg-"))
        self.data = self.dir / "data"
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        init = _run_as(self.user, [str(bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
                                   "-E", "UTF8", "--locale=C", "--no-sync"])
        if init.returncode != 0:
            pytest.fail(f"initdb failed: {init.stderr.strip()}")
        opts = f"-k {self.dir} -c listen_addresses='' -F -c max_connections=50"
        start = _run_as(self.user, [str(bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                                    str(self.dir / "log"), "-w", "start"])
        if start.returncode != 0:
            log = (self.dir / "log").read_text() if (self.dir / "log").exists() else start.stderr
            pytest.fail(f"PostgreSQL did not start: {log.strip()[-500:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={self.dir}"

    def new_database(self) -> str:
        """A fresh empty database on the cluster; its URL."""
        import psycopg
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        _run_as(self.user, [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = Cluster()
    yield cluster
    cluster.stop()
