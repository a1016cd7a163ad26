"""Shared fixtures: one Processor per test session (natasha loads once), paths to ../shared."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SEED = ROOT / "examples" / "000_93efb62c3c0602a4.txt"
SEED_EXPECTED = SHARED / "spec" / "seed.expected.json"
CORPUS = DATA / "news-corpus" / "ru_kw_eval_datasets" / "data"


@pytest.fixture(scope="session")
def processor():
    from khronika.pipeline import Processor
    return Processor()


@pytest.fixture(scope="session")
def expected():
    if not SEED_EXPECTED.exists():
        pytest.skip("../shared/spec/seed.expected.json is not beside the project")
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_record(processor):
    from khronika.reading import read_inputs
    [article] = list(read_inputs([str(SEED)]))
    return processor.process(article)


def corpus_articles(zip_names: list[str], limit: int, section: str | None = None):
    """Articles of the news corpus (never copied into the project): (zip, line, obj)."""
    import zipfile
    out = []
    for name in zip_names:
        with zipfile.ZipFile(CORPUS / name) as zf:
            member = zf.namelist()[0]
            for n, line in enumerate(zf.read(member).decode("utf-8").split("\n"), 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                if section and f"/{section}/" not in obj.get("url", ""):
                    continue
                out.append((name, n, obj))
                if len(out) >= limit:
                    return out
    return out


needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/data/news-corpus is not beside the project")


def articles_jsonl(path: Path, n: int) -> Path:
    """`n` articles as a JSONL input file written at test time: RT corpus lines (referenced, never copied into
    the project), or, when ../shared/data is absent, the seed with generated title variants (distinct ids)."""
    lines = []
    if CORPUS.exists():
        for _, _, obj in corpus_articles([f"russia_today_{i}.jsonlines.zip" for i in range(8)], n):
            lines.append({"title": obj["title"], "text": obj["content"], "url": obj["url"]})
    else:
        from khronika.reading import read_page_text
        art = read_page_text(SEED.read_text(encoding="utf-8"))
        body = art.text[len(art.title) + 2:]
        lines = [{"title": f"{art.title} ({i})", "text": body} for i in range(1, n + 1)]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus_jsonl(tmp_path_factory):
    """~40 articles as JSONL (see articles_jsonl)."""
    return articles_jsonl(tmp_path_factory.mktemp("corpus") / "articles.jsonl", 40)
