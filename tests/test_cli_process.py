"""`khronika process` through the real CLI: inputs of every kind, every bad input (one clear line on stderr,
the rest processed, exit code 1 only when nothing could be), stdin, --output, --format pretty, the progress bar."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from khronika.cli import app
from tests.conftest import SEED

ARTICLE = ("Сенат Казахстана одобрил закон о медиа\n"
           "Сенаторы одобрили закон о массмедиа и вернули его в мажилис с поправками.\n"
           "Фото: senate.parlam.kz\n"
           "Председатель сената Маулен Ашимбаев заявил, что поправки касаются аккредитации журналистов.\n")


def run(args: list[str], stdin: bytes | None = None):
    result = CliRunner().invoke(app, ["process", *args], input=stdin)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("khronika:")]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "senate.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_seed_to_jsonl(expected):
    result = run([str(SEED)])
    assert result.exit_code == 0
    [rec] = records(result)
    assert rec["schema"] == "khronika.record/1" and rec["title"] == expected["article"]["title"]
    assert rec["source"]["file"] == str(SEED)
    assert errors(result) == []


def test_missing_path_is_reported_and_the_rest_processed(tmp_path, article):
    missing = tmp_path / "нет такого.txt"
    result = run([str(missing), str(article)])
    assert result.exit_code == 0
    assert len(records(result)) == 1
    assert f"khronika: {missing}: no such file or directory" in errors(result)


def test_nothing_processable_exits_1(tmp_path):
    result = run([str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert errors(result) == [f"khronika: {tmp_path / 'missing.txt'}: no such file or directory",
                              "khronika: nothing could be processed"]
    assert result.stdout == ""


def test_directory_without_articles(tmp_path, article):
    empty = tmp_path / "pictures"
    empty.mkdir()
    (empty / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (empty / "README.md").write_text("не статья", encoding="utf-8")
    result = run([str(empty), str(article)])
    assert result.exit_code == 0 and len(records(result)) == 1
    assert errors(result)[0] == f"khronika: {empty}: the directory holds no readable articles (.txt, .html, .jsonl, .zip)"


def test_empty_binary_and_oversized_files(tmp_path, article):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.html"
    blank.write_bytes(b" \n\t\n")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 8)
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 40, encoding="utf-8")
    result = run([str(empty), str(blank), str(binary), str(big), str(article), "--max-bytes", "4000"])
    assert result.exit_code == 0 and len(records(result)) == 1
    errs = errors(result)
    assert errs[0] == f"khronika: {empty}: empty file"
    assert errs[1] == f"khronika: {blank}: empty input"
    assert errs[2] == f"khronika: {binary}: binary data (a PDF document), not text"
    assert errs[3].startswith(f"khronika: {big}: larger than the size limit (")
    assert errs[4] == "khronika: 1 article(s) processed, 4 input(s) skipped"


def test_jsonl_bad_lines(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([
        json.dumps({"title": "Сейм Литвы принял резолюцию", "text": "Депутаты сейма приняли резолюцию о санкциях."},
                   ensure_ascii=False),
        '{"title": "обрыв строки", "text": "нет закрывающей кавычки}',
        json.dumps({"title": "Без текста", "url": "https://example.lt/2"}, ensure_ascii=False),
        json.dumps({"content": "Премьер-министр Литвы встретилась с президентом Польши в Вильнюсе."}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    result = run([str(dump)])
    assert result.exit_code == 0
    recs = records(result)
    assert [r["text"] for r in recs] == [
        "Сейм Литвы принял резолюцию\n\nДепутаты сейма приняли резолюцию о санкциях.",
        "Премьер-министр Литвы встретилась с президентом Польши в Вильнюсе."]
    for r in recs:
        for m in r["mentions"]:
            assert r["text"][m["start"]:m["end"]] == m["text"]
    errs = errors(result)
    assert errs[0].startswith(f"khronika: {dump}:2: not JSON (")
    assert errs[1] == f"khronika: {dump}:3: no text: none of 'text', 'content', 'body' or 'html' is there"


def test_stdin_text_html_and_jsonl():
    assert records(run(["-"], stdin=SEED.read_bytes()))[0]["title"].startswith("Посла Беларуси")
    html = ("<html><head><meta charset='utf-8'><title>Мажилис принял закон</title></head><body><article>"
            "<h1>Мажилис принял закон о языках</h1><p>Депутаты мажилиса приняли в первом чтении поправки в закон"
            " о языках, которые расширяют требования к вывескам.</p><p class='credit'>Фото: parlam.kz</p></article>"
            "</body></html>")
    [rec] = records(run(["-"], stdin=html.encode("cp1251")))
    assert rec["title"] == "Мажилис принял закон о языках" and rec["photo_credit"] == "parlam.kz"
    lines = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in ("Первая новость о выборах.", "Вторая."))
    assert [r["text"] for r in records(run(["-"], stdin=lines.encode()))] == ["Первая новость о выборах.", "Вторая."]
    result = run(["-"], stdin=b"")
    assert result.exit_code == 1 and errors(result)[0] == "khronika: <stdin>: empty input"


def test_output_file(tmp_path, article):
    out = tmp_path / "records.jsonl"
    result = run([str(article), str(SEED), "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    recs = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["file"] for r in recs] == [str(article), str(SEED)]
    assert not list(tmp_path.glob(".records.jsonl.*"))  # no temporary file left behind
    # nothing processed: no output file at all, rather than an empty one
    none = tmp_path / "none.jsonl"
    assert run([str(tmp_path / "missing.txt"), "-o", str(none)]).exit_code == 1 and not none.exists()
    # an output that cannot be written: one line, exit 2
    bad = tmp_path / "no-such-dir" / "out.jsonl"
    result = run([str(article), "-o", str(bad)])
    assert result.exit_code == 2 and errors(result)[0].startswith(f"khronika: {bad}: cannot write:")
    result = run([str(article), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in errors(result)[0]


def test_pretty_format(article):
    result = run([str(article), "--format", "pretty"])
    assert result.exit_code == 0
    assert "Сенат Казахстана одобрил закон о медиа" in result.stdout
    assert "photo: senate.parlam.kz" in result.stdout
    assert "Маулен Ашимбаев" in result.stdout
    assert run([str(article), "--format", "xml"]).exit_code == 2


def test_directories_are_read_recursively(tmp_path, article):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(ARTICLE.replace("Сенат", "Мажилис", 1), encoding="utf-8")
    (tmp_path / "a" / "page.htm").write_text(
        "<html><body><h1>Мажилис одобрил ратификацию соглашения</h1><p>Депутаты одобрили ратификацию"
        " соглашения с Кыргызстаном о демаркации границы.</p></body></html>", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("не статья", encoding="utf-8")
    result = run([str(tmp_path)])
    # a directory's own files first, then its subdirectories, each in name order; hidden ones and other kinds skipped
    assert [r["source"]["file"] for r in records(result)] == [
        str(article), str(tmp_path / "a" / "page.htm"), str(tmp_path / "a" / "b" / "deep.txt")]


def test_progress_bar_forced_on(tmp_path, article):
    paths = []
    for n in range(4):
        p = tmp_path / f"{n}.txt"
        p.write_text(ARTICLE.replace("Сенат Казахстана", f"Сенат Казахстана ({n})", 1), encoding="utf-8")
        paths.append(str(p))
    result = run([*paths, str(tmp_path / "missing.txt"), "--progress"])
    assert result.exit_code == 0 and len(records(result)) == 4
    assert "processing" in result.stderr and "5/5" in result.stderr
    quiet = run([*paths, "--no-progress"])
    assert "processing" not in quiet.stderr


def test_installed_command_exit_codes_without_traceback(tmp_path):
    """The real entry point in a subprocess: only bad input, so no models load."""
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    # the console script's own call (`python -m khronika.cli` would load cli.py twice, as __main__ and as a module)
    proc = subprocess.run([sys.executable, "-c", "from khronika.cli import main; main()", "process", str(binary), "-"],
                          input=b"\x00\x01\x02",
                          capture_output=True, timeout=60)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert err.splitlines() == [
        f"khronika: {binary}: binary data (a PNG image), not text",
        "khronika: <stdin>: binary data, not text",
        "khronika: nothing could be processed",
    ]


def test_a_pipeline_that_cannot_start_is_one_line(monkeypatch, article):
    import khronika.pipeline

    class Broken:
        def __init__(self, *a, **k):
            raise ValueError("data/actors/offices.tsv:12: expected 3 columns")

    monkeypatch.setattr(khronika.pipeline, "Processor", Broken)
    result = run([str(article)])
    assert result.exit_code == 2
    assert errors(result) == ["khronika: cannot start the pipeline: ValueError: data/actors/offices.tsv:12: expected 3 columns"]
