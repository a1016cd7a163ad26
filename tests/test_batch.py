"""The batch engines: the Ray Data engine's Parquet output equals the local engine's on the same input, and
`khronika load` is idempotent."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from khronika.batch import TABLES, read_table
from khronika.cli import app
from tests.conftest import articles_jsonl

KEYS = {"articles": ["id"], "failures": ["source"]}


def rows(out, name: str) -> list[dict]:
    table = read_table(out, name)
    keys = KEYS.get(name, ["article", "id"])
    table = table.sort_by([(k, "ascending") for k in keys])
    return table.select(sorted(table.schema.names)).to_pylist()


@pytest.fixture(scope="module")
def local_out(tmp_path_factory):
    src = articles_jsonl(tmp_path_factory.mktemp("batch") / "rt200.jsonl", 200)
    out = tmp_path_factory.mktemp("local") / "out"
    res = CliRunner().invoke(app, ["batch", str(src), str(out), "--engine", "local", "--workers", "2", "--json"])
    assert res.exit_code == 0, res.output
    return src, out, json.loads(res.output.splitlines()[0])


def test_local_engine_writes_month_partitioned_tables(local_out):
    src, out, summary = local_out
    assert summary["rows"] == 200 and summary["articles"] + summary["failed"] == 200
    assert summary["articles"] >= 190
    for name in ("articles", "mentions", "actors", "quotes", "events"):
        assert (out / name).is_dir()
        assert all(p.name.startswith("month=") for p in (out / name).iterdir())
    arts = rows(out, "articles")
    assert len({a["id"] for a in arts}) == len(arts) == summary["articles"]
    events = rows(out, "events")
    assert events and {e["article"] for e in events} <= {a["id"] for a in arts}
    assert sum(a["n_events"] for a in arts) == len(events)


def test_ray_engine_output_equals_local(local_out, tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'khronika[ray]')")
    src, out, summary = local_out
    ray_out = tmp_path / "ray"
    res = CliRunner().invoke(app, ["batch", str(src), str(ray_out), "--engine", "ray", "--workers", "2", "--json"])
    assert res.exit_code == 0, res.output
    ray_summary = json.loads([x for x in res.output.splitlines() if x.startswith("{")][-1])
    assert ray_summary["tables"] == summary["tables"]
    for name in TABLES:
        got, want = rows(ray_out, name), rows(out, name)
        assert len(got) == len(want), name
        # name the differing row and columns: a plain list comparison hides them in truncated dicts
        diffs = [(w.get("id"), [k for k in w if g.get(k) != w[k]]) for g, w in zip(got, want) if g != w]
        assert not diffs, f"{name}: {diffs[:5]}"


def test_load_twice_stores_each_article_once(local_out, tmp_path):
    from khronika.store import open_store
    _, out, summary = local_out
    db = tmp_path / "k.db"
    runner = CliRunner()
    first = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert f"{summary['articles']} new / 0 already there" in first.output
    second = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert f"0 new / {summary['articles']} already there" in second.output
    with open_store(db, readonly=True) as store:
        assert store.scalar("SELECT count(*) FROM articles") == summary["articles"]
        assert store.scalar("SELECT count(DISTINCT id) FROM articles") == summary["articles"]
        assert store.scalar("SELECT count(*) FROM events") == summary["tables"]["events"]


def test_bad_inputs_say_why(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(tmp_path / "none.jsonl"), str(tmp_path / "o")])
    assert res.exit_code == 1 and "no such file" in res.output
    (tmp_path / "a.txt").write_text("x")
    res = runner.invoke(app, ["batch", str(tmp_path / "a.txt"), str(tmp_path / "o")])
    assert res.exit_code == 1 and "not a JSONL or Parquet file" in res.output
    res = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "k.db")])
    assert res.exit_code == 1 and "no articles table" in res.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"}\nnot json\n', encoding="utf-8")
    res = runner.invoke(app, ["batch", str(bad), str(tmp_path / "o2")])
    assert res.exit_code == 1 and "no text" in res.output and "invalid JSON" in res.output


def test_ray_actors_leave_cpu_for_reads_and_writes():
    from khronika.engines.ray_data import LIGHT_CPU, actor_cpu_share
    for cpus, workers in ((2, 1), (2, 2), (4, 4), (16, 8), (1, 1)):
        share = actor_cpu_share(cpus, workers)
        assert 0 < share <= 1
        assert cpus - share * workers >= LIGHT_CPU  # a read or write task can always start
