"""The database the API and browser tests run on: the seed plus a few news-corpus articles about Kazakhstan,
Belarus and their neighbours (read from ../shared/data at test time, never copied), analysed by the real
pipeline. Corpus lines carry no date; an NG article's URL does (/2018-02-22/), and that is its published_at."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from khronika.reading import read_inputs
from khronika.record import Record
from khronika.store import open_store, prepare, save_batch
from khronika.store.registry import build_registry, learn
from tests.conftest import CORPUS, SEED

# (zip, line): articles that name Kazakhstan and Belarus, or Russia and Belarus, or the CSTO
CORPUS_PICKS = [("ng_0.jsonlines.zip", 191), ("ng_1.jsonlines.zip", 887), ("ng_1.jsonlines.zip", 582),
                ("ng_0.jsonlines.zip", 962), ("russia_today_4.jsonlines.zip", 247),
                ("russia_today_5.jsonlines.zip", 703)]
URL_DAY = re.compile(r"/(20\d\d-\d\d-\d\d)/")

_records: list[Record] | None = None


def corpus_lines() -> list[dict]:
    """The picked corpus articles as JSONL input objects (title, text, url, published_at from the URL)."""
    if not CORPUS.exists():
        return []
    out = []
    for name, line in CORPUS_PICKS:
        with zipfile.ZipFile(CORPUS / name) as zf:
            raw = zf.read(zf.namelist()[0]).decode("utf-8").split("\n")[line - 1]
        obj = json.loads(raw)
        day = URL_DAY.search(obj.get("url") or "")
        out.append({"title": obj["title"], "text": obj["content"], "url": obj["url"],
                    "published_at": day.group(1) if day else None})
    return out


def demo_records(processor, tmp_dir: Path) -> list[Record]:
    """The seed and the corpus picks, analysed once per test session (memoised: several modules use them)."""
    global _records
    if _records is None:
        src = tmp_dir / "demo.jsonl"
        src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in corpus_lines()), encoding="utf-8")
        paths = [str(SEED)] + ([str(src)] if src.stat().st_size else [])
        _records = [processor.process(a) for a in read_inputs(paths)]
    return _records


def build_db(path: Path, records: list[Record]) -> Path:
    """A store holding `records`, written the way ingest writes them (roles learned in order)."""
    registry = build_registry([])
    with open_store(path) as store:
        save_batch(store, [prepare(r, learn(registry, r)) for r in records])
    return path
