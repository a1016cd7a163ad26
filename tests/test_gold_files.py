"""Every gold file, development (gold/dev/*.json) and held-out (gold/test/*.json), follows ../shared/spec/GOLD.md:
its format, its kinds, PLOVER types, country-code shapes, and starts/ends/evidence found verbatim, in order, in the
corpus text it names."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, needs_corpus

GOLD_DIR = ROOT / "gold" / "dev"
TEST_GOLD_DIR = ROOT / "gold" / "test"  # held out, annotated blind: checked here, never tuned on
DEV_PATHS = sorted(GOLD_DIR.glob("*.json"))
GOLD_PATHS = DEV_PATHS + sorted(TEST_GOLD_DIR.glob("*.json"))
NAME = re.compile(r"^(?P<corpus>(?:russia_today|ng)_\d+)-(?P<line>[1-9]\d*)\.json$")
CODE = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
QUOTE_KEYS = {"kind", "starts", "ends", "speaker", "speaker_country", "speaker_kind"}
EVENT_KEYS = {"event", "actor", "recipient", "actor_names", "recipient_names", "historical", "date", "evidence"}


def _eval_gold():
    spec = importlib.util.spec_from_file_location("eval_gold", ROOT / "bench" / "eval_gold.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_gold"] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


eg = _eval_gold()


def test_there_is_a_gold_set():
    assert len(DEV_PATHS) >= 30, f"only {len(DEV_PATHS)} gold files in {GOLD_DIR}"


def test_held_out_articles_are_not_in_the_dev_set():
    shared = {p.name for p in DEV_PATHS} & {p.name for p in TEST_GOLD_DIR.glob("*.json")}
    assert not shared, f"held-out articles also in gold/dev: {sorted(shared)}"


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_format(path: Path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert set(gold) <= {"source", "quotes", "events", "notes"} and {"source", "quotes", "events"} <= set(gold)
    m = NAME.match(path.name)
    assert m, f"{path.name}: not <corpus>-<n>.json"
    src = gold["source"]
    assert src["zip"] == f"{m['corpus']}.jsonlines.zip" and src["line"] == int(m["line"])
    assert isinstance(src["url"], str) and src["url"].startswith("http")
    assert isinstance(gold.get("notes", ""), str)
    for q in gold["quotes"]:
        assert set(q) == QUOTE_KEYS, q
        assert q["kind"] in eg.QUOTE_KINDS, q
        assert q["speaker_kind"] in eg.SPEAKER_KINDS, q
        assert isinstance(q["speaker"], str) and q["speaker"].strip(), q
        assert q["speaker_country"] is None or CODE.match(q["speaker_country"]), q
        # starts: the first 5-8 words (fewer when the quote is shorter); ends: the last 3-5 words
        assert 1 <= len(q["starts"].split()) <= 8 and 1 <= len(q["ends"].split()) <= 5, q
    for e in gold["events"]:
        assert set(e) == EVENT_KEYS, e
        assert e["event"] in eg.PLOVER_TYPES, e
        assert e["actor"], f"an event needs an actor: {e}"
        for code in e["actor"] + e["recipient"]:
            assert CODE.match(code), e
        assert len(e["actor_names"]) >= 1 and all(isinstance(n, str) and n for n in e["actor_names"]), e
        assert all(isinstance(n, str) and n for n in e["recipient_names"]), e
        assert isinstance(e["historical"], bool), e
        assert e["date"] is None or DATE.match(e["date"]), e
        assert isinstance(e["evidence"], str) and e["evidence"].strip(), e


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_spans_are_verbatim_and_in_order(path: Path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    src = gold["source"]
    obj = eg.corpus_object(src["zip"], src["line"])
    assert obj["url"] == src["url"], "the zip line is another article"
    section = src["url"].rsplit("://", 1)[-1].split("/")[1]  # some corpus URLs repeat their scheme and host
    assert section in {"ussr", "world", "cis"}, f"section /{section}/ is not ussr, world or cis"
    text = eg.gold_text(obj)
    spans = eg.locate_quotes(text, gold["quotes"])
    previous = -1
    for q, span in zip(gold["quotes"], spans):
        assert q["starts"] in text, f"starts not in the text: {q['starts']!r}"
        assert span is not None, f"ends not found after starts: {q['ends']!r}"
        start, end = span
        assert start >= previous, f"quotes not in text order at {q['starts']!r}"
        previous = start
        # a quote stays inside its article: never more than a few paragraphs
        assert end - start < 3000, f"implausibly long span from {q['starts']!r} to {q['ends']!r}"
    for e in gold["events"]:
        assert e["evidence"] in text, f"evidence not in the text: {e['evidence']!r}"


@needs_corpus
@pytest.mark.corpus
def test_reading_layer_rebuilds_the_annotated_text():
    """The evaluation feeds corpus lines through the reading layer; its text must be the annotated one."""
    from khronika.reading.jsonl import article_from_object
    for path in GOLD_PATHS:
        src = json.loads(path.read_text(encoding="utf-8"))["source"]
        obj = eg.corpus_object(src["zip"], src["line"])
        assert article_from_object(eg.article_object(obj)).text == eg.gold_text(obj), path.name


def test_locate_quote_prefers_the_minimal_span():
    text = "Тизер: Один два три четыре… Статья: Один два три четыре пять шесть."
    assert eg.locate_quote(text, "Один два три", "пять шесть") == (text.rfind("Один"), len(text) - 1)
    assert eg.locate_quote(text, "Один два три", "семь") is None


def test_speaker_comparison_is_loose_where_it_should_be():
    class A:
        def __init__(self, name, kind, country=None):
            self.name, self.kind, self.country = name, kind, country

    person = {"speaker": "Сергей Лавров", "speaker_kind": "person", "speaker_country": "RUS"}
    assert eg.speaker_correct(person, A("Лавров", "person"))
    assert eg.speaker_correct(person, A("Сергей Лавров", "person"))
    assert not eg.speaker_correct(person, A("Сергей Шойгу", "person"))
    assert not eg.speaker_correct(person, None)
    org = {"speaker": "МИД России", "speaker_kind": "organization", "speaker_country": "RUS"}
    assert eg.speaker_correct(org, A("Министерство иностранных дел России", "organization"))
    assert eg.speaker_correct(org, A("Министерство иностранных дел Российской Федерации", "organization"))
    assert not eg.speaker_correct(org, A("Министерство обороны России", "organization"))
    country = {"speaker": "США", "speaker_kind": "country", "speaker_country": "USA"}
    assert eg.speaker_correct(country, A("Соединённые Штаты Америки", "country", "USA"))
    unknown = {"speaker": "текст соглашения", "speaker_kind": "unknown", "speaker_country": None}
    assert eg.speaker_correct(unknown, None)
