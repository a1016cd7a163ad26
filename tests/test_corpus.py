"""500 articles of ../shared/data/news-corpus (300 RT + 200 NG, spread evenly over all the archives), read from the
zips as JSONL lines through the reading layer and processed by the full pipeline: no error, no article taking
more than SECONDS_PER_ARTICLE, and every span points at its own text.

To stay within about a minute on a 2-core machine, each article keeps its leading paragraphs up to
CHARS_PER_ARTICLE characters (about a third of an RT article; the first paragraph always whole);
KHRONIKA_CORPUS_FULL=1 processes them whole (about three times longer)."""
from __future__ import annotations

import io
import json
import os

import pytest

from khronika.reading.inputs import InputError, read_stream
from khronika.record import Record
from tests.conftest import CORPUS, needs_corpus

RT_ZIPS = [f"russia_today_{k}.jsonlines.zip" for k in range(8)]
NG_ZIPS = ["ng_0.jsonlines.zip", "ng_1.jsonlines.zip"]
RT_COUNT, NG_COUNT = 300, 200
CHARS_PER_ARTICLE = 2000
SECONDS_PER_ARTICLE = 30  # far beyond any article's need: a stage that loops is reported, not waited for


def spread_sample(zip_names: list[str], count: int) -> list[tuple[str, int, dict]]:
    """`count` lines spread evenly over the archives and within each (years and sections mixed): (zip, line, obj).
    One archive is held in memory at a time."""
    import zipfile
    out: list[tuple[str, int, dict]] = []
    for k, name in enumerate(zip_names):
        quota = count // len(zip_names) + (1 if k < count % len(zip_names) else 0)
        with zipfile.ZipFile(CORPUS / name) as zf:
            # "\n" only: str.splitlines() would also break at U+2028 inside a JSON string and shift the numbering
            lines = zf.read(zf.namelist()[0]).decode("utf-8").rstrip("\n").split("\n")
        step = len(lines) / quota
        out.extend((name, int(i * step) + 1, json.loads(lines[int(i * step)])) for i in range(quota))
    return out


def leading_paragraphs(content: str, limit: int) -> str:
    if os.environ.get("KHRONIKA_CORPUS_FULL") == "1":
        return content
    out, size = [], 0
    for para in content.split("\n"):
        if out and size + len(para) > limit:
            break
        out.append(para)
        size += len(para) + 1
    return "\n".join(out)


@pytest.fixture(scope="module")
def corpus():
    rows = spread_sample(RT_ZIPS, RT_COUNT) + spread_sample(NG_ZIPS, NG_COUNT)
    lines = [json.dumps({"title": o["title"], "content": leading_paragraphs(o["content"], CHARS_PER_ARTICLE),
                         "url": o["url"]}, ensure_ascii=False) for _, _, o in rows]
    items = list(read_stream(io.BytesIO("\n".join(lines).encode("utf-8")), "corpus.jsonl", kind="jsonl"))
    return rows, items


@needs_corpus
@pytest.mark.corpus
@pytest.mark.slow
def test_500_corpus_articles(processor, corpus):
    import signal

    def too_long(*_):
        raise TimeoutError(f"more than {SECONDS_PER_ARTICLE} s")

    signal.signal(signal.SIGALRM, too_long)
    rows, items = corpus
    assert len(rows) == 500 and sum("russian.rt.com" in o["url"] for _, _, o in rows) == RT_COUNT
    assert [i for i in items if isinstance(i, InputError)] == []
    failures: list[str] = []
    counts = {"mentions": 0, "quotes": 0, "events": 0}
    for (zip_name, line, obj), article in zip(rows, items, strict=True):
        where = f"{zip_name}:{line}"
        # spec: a JSONL record's text is exactly title + "\n\n" + text
        content = leading_paragraphs(obj["content"], CHARS_PER_ARTICLE)
        assert article.text == (obj["title"] + "\n\n" + content).replace("\r\n", "\n").replace("\r", "\n"), where
        signal.alarm(SECONDS_PER_ARTICLE)
        try:
            record = processor.process(article)
        except Exception as e:  # collect them all: the message lists every failing article
            failures.append(f"{where}: {type(e).__name__}: {e}")
            continue
        finally:
            signal.alarm(0)
        text = record.text
        for m in record.mentions:
            assert text[m.start:m.end] == m.text, (where, m)
        for q in record.quotes:
            assert text[q.start:q.end] == q.text, (where, q)
        for e in record.events:
            assert text[e.trigger["start"]:e.trigger["end"]] == e.trigger["text"], (where, e.trigger)
            assert 0 <= e.sentence["start"] <= e.trigger["start"] < e.trigger["end"] <= e.sentence["end"] <= len(text)
        for s, e in record.paragraphs:
            assert text[s:e].strip() == text[s:e] != "", (where, s, e)
        ids = {a.id for a in record.actors}
        assert all(m.actor is None or m.actor in ids for m in record.mentions), where
        assert Record.from_dict(json.loads(record.to_json())).to_json() == record.to_json(), where
        counts["mentions"] += len(record.mentions)
        counts["quotes"] += len(record.quotes)
        counts["events"] += len(record.events)
    assert not failures, "\n".join(failures)
    assert counts["mentions"] > 5000  # the corpus is news: names everywhere


@needs_corpus
@pytest.mark.corpus
def test_spans_hold_on_whole_articles(processor):
    """The 500-article test trims articles; quotes that run over paragraph breaks ("— \\nRT") only occur in
    whole ones: 40 whole articles (30 RT + 10 NG), every quote, mention and trigger span is its own text."""
    rows = spread_sample(RT_ZIPS, 30) + spread_sample(NG_ZIPS, 10)
    quotes = 0
    for zip_name, line, obj in rows:
        lines = json.dumps({"title": obj["title"], "content": obj["content"], "url": obj["url"]}, ensure_ascii=False)
        [article] = list(read_stream(io.BytesIO(lines.encode("utf-8")), "one.jsonl", kind="jsonl"))
        record = processor.process(article)
        text = record.text
        for q in record.quotes:
            assert text[q.start:q.end] == q.text, (f"{zip_name}:{line}", q)
            quotes += 1
        for m in record.mentions:
            assert text[m.start:m.end] == m.text, (f"{zip_name}:{line}", m)
        for e in record.events:
            assert text[e.trigger["start"]:e.trigger["end"]] == e.trigger["text"], (f"{zip_name}:{line}", e.trigger)
    assert quotes > 40  # the sample really holds quotes
