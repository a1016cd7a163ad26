"""Score khronika's quotes and events against the development gold set (gold/dev/*.json, GOLD.md).

Each gold file names a line of the news corpus (../shared/data/news-corpus, never copied into the project).
The article is rebuilt from that line through the reading layer as a JSONL object
{"title", "text": content, "url"}, so the record's text is title + "\\n\\n" + content and gold spans, located
from their verbatim `starts`/`ends` words, are offsets into the same string as the predicted ones.

Quotes: a predicted quote matches a gold one when their spans overlap by at least half of the shorter one
(one-to-one). Detection P/R/F1 for direct (a predicted `mixed` counts as direct), indirect and all kinds;
speaker accuracy on matched quotes. Events: a predicted event matches a gold one when the type is equal, the
actor countries intersect, the recipient countries intersect (or both are empty) and the historical flag is
equal (one-to-one, maximum matching). GOLD.md annotates actions the narration asserts, so predicted events
flagged hypothetical or negated (kept in the record, with their flags) are not scored; future ones are.

    .venv/bin/python bench/eval_gold.py                 # readable report
    .venv/bin/python bench/eval_gold.py --json          # the figures as JSON
    .venv/bin/python bench/eval_gold.py --verbose       # plus every miss and false positive with its sentence
    .venv/bin/python bench/eval_gold.py --only russia_today_0   # files whose name contains a string
    .venv/bin/python bench/eval_gold.py --counts        # what the gold set holds (no pipeline run)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "gold" / "dev"
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus" / "ru_kw_eval_datasets" / "data"

# Diagnostic matchings for events, each leaving one criterion out (the actor's state always counts).
RELAXATIONS = {"without historical": ("type", "recipient"), "without recipient": ("type", "historical"),
               "without type": ("recipient", "historical"), "type and actor only": ("type",)}
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
QUOTE_KINDS = ("direct", "indirect")
SPEAKER_KINDS = ("person", "organization", "country", "igo", "media", "unknown")
SPECIAL_CODES = ("IGO", "UNO", "EUR")


class GoldError(ValueError):
    """A gold file that does not follow GOLD.md; the message names the file and the reason."""


# ---------------------------------------------------------------- the corpus and the gold files

_lines: dict[str, list[str]] = {}


def corpus_lines(zip_name: str, corpus: Path = CORPUS) -> list[str]:
    """The JSONL lines of one corpus zip. Lines are split on "\\n" only: some contents hold U+2028,
    which str.splitlines() would treat as a line break and so shift the numbering."""
    key = str(corpus / zip_name)
    if key not in _lines:
        with zipfile.ZipFile(corpus / zip_name) as zf:
            member = next(m for m in zf.namelist() if not m.endswith("/"))
            _lines[key] = zf.read(member).decode("utf-8").split("\n")
    return _lines[key]


def corpus_object(zip_name: str, line: int, corpus: Path = CORPUS) -> dict:
    lines = corpus_lines(zip_name, corpus)
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        raise GoldError(f"{zip_name} has no line {line}")
    return json.loads(lines[line - 1])


def article_object(obj: dict) -> dict:
    """The corpus line as the JSONL input the reading layer takes (title + "\\n\\n" + content)."""
    return {"title": obj.get("title"), "text": obj.get("content"), "url": obj.get("url")}


def gold_text(obj: dict) -> str:
    """The annotated text as RECORD.md defines it for a JSONL input with a title: title + "\\n\\n" + content,
    line endings normalised to "\\n"."""
    title, content = obj.get("title") or "", obj.get("content") or ""
    text = f"{title}\n\n{content}" if title.strip() else content
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GoldError(f"{path.name}: not JSON ({e.msg}, line {e.lineno})") from None
    for key in ("source", "quotes", "events"):
        if key not in gold:
            raise GoldError(f"{path.name}: no '{key}'")
    gold["_file"] = path.name
    return gold


def gold_files(directory: Path = GOLD_DIR, only: str | None = None) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if only is None or only in p.name)


def locate_quote(text: str, starts: str, ends: str, after: int = 0) -> tuple[int, int] | None:
    """The span of a gold quote: from `starts` to the end of the nearest following `ends`.

    Quotes are listed in text order, so the search begins after the previous quote's start (`after`); where
    `starts` occurs again before the `ends` found (a teaser repeating the text), the later occurrence is
    the quote, which keeps the span minimal. None when the words are not in the text."""
    i = text.find(starts, after)
    if i < 0:
        i = text.find(starts)
    if i < 0:
        return None
    j = text.find(ends, i)
    if j < 0:
        return None
    while True:
        k = text.find(starts, i + 1)
        if k < 0 or k > j:
            break
        i, j = k, text.find(ends, k)
    return i, j + len(ends)


def locate_quotes(text: str, quotes: list[dict]) -> list[tuple[int, int] | None]:
    spans, after = [], 0
    for q in quotes:
        span = locate_quote(text, q["starts"], q["ends"], after)
        spans.append(span)
        if span:
            after = span[0] + 1  # the next quote starts later (a title quote repeated in the body)
    return spans


# ---------------------------------------------------------------- comparing names

_ABBREVIATIONS = {
    "мид": "министерство иностранных дел",
    "минобороны": "министерство обороны",
    "мо": "министерство обороны",
    "минфин": "министерство финансов",
    "минюст": "министерство юстиции",
    "мвд": "министерство внутренних дел",
    "минэкономразвития": "министерство экономического развития",
    "госдеп": "государственный департамент",
    "госдепартамент": "государственный департамент",
    "фас": "федеральная антимонопольная служба",
    "сбу": "служба безопасности украины",
    "фсб": "федеральная служба безопасности",
    "оон": "организация объединенных наций",
    "ес": "европейский союз",
    "евросоюз": "европейский союз",
    "нато": "организация североатлантического договора",
    "обсе": "организация по безопасности и сотрудничеству в европе",
    "одкб": "организация договора о коллективной безопасности",
    "рф": "россия",
    "сша": "соединенные штаты",
    "кндр": "корейская народно-демократическая республика",
    "кнр": "китайская народная республика",
    "фрг": "германия",
    "цтак": "центральное телеграфное агентство кореи",
    "нацбанк": "национальный банк",
    "совбез": "совет безопасности",
    "генпрокуратура": "генеральная прокуратура",
}
# stems of a country's other Russian names (Беларусь / Белоруссия, Кыргызстан / Киргизия, Молдова / Молдавия)
_STEM_SYNONYMS = {"бела": "бело", "кырг": "кирг", "молд": "молд", "брит": "вели"}
_STOP = {"и", "в", "по", "при", "о", "об", "на", "с", "для", "the", "of"}


def fold(s: str) -> str:
    """Case-, ё- and punctuation-insensitive form of a name."""
    s = s.lower().replace("ё", "е")
    s = re.sub(r"[«»\"“”„'’()\[\],.:;!?]", " ", s)
    return " ".join(s.split())


def _stems(name: str) -> set[str]:
    words = []
    for w in fold(name).split():
        words.extend(fold(_ABBREVIATIONS.get(w, w)).split())
    # a short stem absorbs case endings and adjective/noun pairs (россии, российский, российской)
    stems = (w[:4] for w in words if w not in _STOP)
    return {_STEM_SYNONYMS.get(w, w) for w in stems}


def same_person(gold: str, predicted: str) -> bool:
    g, p = fold(gold).split(), fold(predicted).split()
    if not g or not p:
        return False
    if g == p:
        return True
    # a surname alone on either side matches the full name's surname
    if len(g) == 1 or len(p) == 1:
        return g[-1] == p[-1]
    return g[-1] == p[-1] and g[0][:1] == p[0][:1]


def same_organisation(gold: str, predicted: str) -> bool:
    g, p = _stems(gold), _stems(predicted)
    if not g or not p:
        return False
    if g <= p or p <= g:
        return True
    return len(g & p) / len(g | p) >= 0.6


def speaker_correct(gold: dict, actor: Any | None) -> bool:
    """Is the predicted speaker actor (a record Actor or None) the gold quote's speaker?"""
    kind = gold.get("speaker_kind")
    name = gold.get("speaker")
    if actor is None:
        return kind == "unknown" or not name
    if not name:
        return False
    if kind == "person" or getattr(actor, "kind", None) == "person":
        if same_person(name, actor.name):
            return True
    if same_organisation(name, actor.name):
        return True
    # a state named differently ("Вашингтон", "США", "Соединённые Штаты") is the same state
    if kind == "country" and getattr(actor, "kind", None) == "country":
        return bool(actor.country) and actor.country == gold.get("speaker_country")
    return False


# ---------------------------------------------------------------- matching

def overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter * 2 >= shorter


def match_spans(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict[int, int]:
    """One-to-one matching of spans (gold index -> predicted index), largest overlaps first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if overlap_ok(g, p):
                pairs.append((min(g[1], p[1]) - max(g[0], p[0]), gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), {}
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out[gi] = pi
    return out


def max_matching(n_gold: int, n_pred: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths); the sets are small."""
    edges = [[p for p in range(n_pred) if ok(g, p)] for g in range(n_gold)]
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return {g: p for p, g in owner.items()}


# ---------------------------------------------------------------- scoring

@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    def add(self, other: "Tally") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched

    def prf(self) -> dict[str, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class SpeakerTally:
    matched: int = 0
    correct: int = 0

    def add(self, other: "SpeakerTally") -> None:
        self.matched += other.matched
        self.correct += other.correct

    def as_dict(self) -> dict[str, float]:
        acc = self.correct / self.matched if self.matched else 0.0
        return {"matched": self.matched, "correct": self.correct, "accuracy": round(acc, 3)}


@dataclass
class Findings:
    """What went wrong in one article, for --verbose."""
    file: str
    lines: list[str] = field(default_factory=list)


def sentence_at(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence(s) around [start, end), cut at sentence ends or line breaks, for showing a miss."""
    left = max(text.rfind("\n", 0, start), max((text.rfind(c, 0, start) for c in ".!?"), default=-1)) + 1
    right_candidates = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    s = " ".join(text[left:right].split())
    return s if len(s) <= limit else s[:limit - 1] + "…"


def score_quotes(gold: dict, text: str, record, findings: Findings | None) -> dict[str, Any]:
    gq = gold["quotes"]
    spans = locate_quotes(text, gq)
    located = [(i, s) for i, s in enumerate(spans) if s is not None]
    if findings is not None:
        for i, s in enumerate(spans):
            if s is None:
                findings.lines.append(f"  ! gold quote not found in text: {gq[i]['starts']!r}")
    pq = list(record.quotes)
    tallies: dict[str, Tally] = {}
    speakers: dict[str, SpeakerTally] = {}
    groups = {
        "direct": (lambda q: q["kind"] == "direct", lambda q: q.kind in ("direct", "mixed")),
        "indirect": (lambda q: q["kind"] == "indirect", lambda q: q.kind == "indirect"),
        "all": (lambda q: True, lambda q: True),
    }
    for group, (is_gold, is_pred) in groups.items():
        g_idx = [i for i, _ in located if is_gold(gq[i])]
        p_idx = [j for j, q in enumerate(pq) if is_pred(q)]
        m = match_spans([spans[i] for i in g_idx], [(pq[j].start, pq[j].end) for j in p_idx])
        t = Tally(gold=len(g_idx), predicted=len(p_idx), matched=len(m))
        sp = SpeakerTally()
        for gi, pi in m.items():
            gquote, pquote = gq[g_idx[gi]], pq[p_idx[pi]]
            ok = speaker_correct(gquote, record.actor(pquote.speaker))
            sp.matched += 1
            sp.correct += ok
            if findings is not None and group == "all" and not ok:
                actor = record.actor(pquote.speaker)
                findings.lines.append(
                    f"  speaker  gold {gquote['speaker']!r} / predicted "
                    f"{actor.name if actor else None!r} ({pquote.speaker_text!r}): "
                    f"{sentence_at(text, pquote.start, pquote.end, 160)}")
        tallies[group], speakers[group] = t, sp
        if findings is not None and group == "all":
            for gi, i in enumerate(g_idx):
                if gi not in m:
                    s, e = spans[i]
                    findings.lines.append(f"  quote miss [{gq[i]['kind']}] {gq[i]['speaker']!r}: "
                                          f"{sentence_at(text, s, e)}")
            matched_p = set(m.values())
            for pi, j in enumerate(p_idx):
                if pi not in matched_p:
                    q = pq[j]
                    findings.lines.append(f"  quote FP   [{q.kind}] cue {q.cue!r}: {sentence_at(text, q.start, q.end)}")
    return {"tallies": tallies, "speakers": speakers}


def event_countries(record, ids: Iterable[str]) -> set[str]:
    out = set()
    for i in ids or []:
        actor = record.actor(i)
        if actor is not None and actor.country:
            out.add(actor.country)
    return out


def near_miss(ge: list[dict], matched: dict, p: dict, text: str, start: int, end: int) -> str:
    """What keeps a false positive from an unmatched gold event of the same sentence: " (near: recipient)"."""
    best: list[str] | None = None
    for g, e in enumerate(ge):
        i = text.find(e["evidence"])
        if g in matched or i < 0 or not (start <= i < end):
            continue
        diff = [k for k, bad in (("type", e["event"] != p["event"]), ("historical", e["historical"] != p["historical"]),
                                 ("actor", not set(e["actor"]) & p["actor"]),
                                 ("recipient", not ((set(e["recipient"]) & p["recipient"])
                                                    if (e["recipient"] or p["recipient"]) else True))) if bad]
        if best is None or len(diff) < len(best):
            best = diff
    return f" (near: {', '.join(best)})" if best else ""


def score_events(gold: dict, text: str, record, findings: Findings | None) -> dict[str, Any]:
    ge = gold["events"]
    pe = [{"event": e.event, "actor": event_countries(record, e.actor),
           "recipient": event_countries(record, e.recipient), "historical": bool(e.historical), "raw": e}
          for e in record.events if not (e.hypothetical or e.negated)]

    def ok(g: int, p: int) -> bool:
        a, b = ge[g], pe[p]
        if a["event"] != b["event"] or bool(a["historical"]) != b["historical"]:
            return False
        if not set(a["actor"]) & b["actor"]:
            return False
        ga, pa = set(a["recipient"]), b["recipient"]
        return bool(ga & pa) if (ga or pa) else True

    m = max_matching(len(ge), len(pe), ok)
    total = Tally(gold=len(ge), predicted=len(pe), matched=len(m))

    def loose(g: int, p: int, keys: tuple[str, ...]) -> bool:
        a, b = ge[g], pe[p]
        if "type" in keys and a["event"] != b["event"]:
            return False
        if "historical" in keys and bool(a["historical"]) != b["historical"]:
            return False
        if not set(a["actor"]) & b["actor"]:
            return False
        if "recipient" in keys:
            ga, pa = set(a["recipient"]), b["recipient"]
            return bool(ga & pa) if (ga or pa) else True
        return True

    # what each criterion costs: matches when it is dropped (the actor's state is always required)
    relaxed = {name: len(max_matching(len(ge), len(pe), lambda g, p, k=keys: loose(g, p, k)))
               for name, keys in RELAXATIONS.items()}
    per_type: dict[str, Tally] = {t: Tally() for t in PLOVER_TYPES}
    for e in ge:
        per_type.setdefault(e["event"], Tally()).gold += 1
    for e in pe:
        per_type.setdefault(e["event"], Tally()).predicted += 1
    for g in m:
        per_type[ge[g]["event"]].matched += 1
    if findings is not None:
        for g, e in enumerate(ge):
            if g not in m:
                i = text.find(e["evidence"])
                where = sentence_at(text, i, i + len(e["evidence"])) if i >= 0 else e["evidence"]
                findings.lines.append(
                    f"  event miss {e['event']} {e['actor']}->{e['recipient']}"
                    f"{' historical' if e['historical'] else ''}: {where}")
        matched_p = set(m.values())
        for p, e in enumerate(pe):
            if p not in matched_p:
                raw = e["raw"]
                trig = raw.trigger or {}
                sent = raw.sentence or {}
                s, t = sent.get("start", trig.get("start", 0)), sent.get("end", trig.get("end", 0))
                findings.lines.append(
                    f"  event FP   {e['event']} {sorted(e['actor'])}->{sorted(e['recipient'])}"
                    f"{' historical' if e['historical'] else ''} trigger {trig.get('text')!r}"
                    f"{near_miss(ge, m, e, text, s, t)}: {' '.join(text[s:t].split())[:300]}")
    return {"total": total, "per_type": per_type, "relaxed": relaxed}


# ---------------------------------------------------------------- the run

def evaluate(paths: list[Path], verbose: bool = False, corpus: Path = CORPUS) -> dict[str, Any]:
    from khronika.pipeline import Processor
    from khronika.reading.jsonl import article_from_object

    processor = Processor()
    quote_t = {k: Tally() for k in ("direct", "indirect", "all")}
    quote_s = {k: SpeakerTally() for k in ("direct", "indirect", "all")}
    event_t = Tally()
    relaxed_t: Counter = Counter()
    type_t: dict[str, Tally] = {t: Tally() for t in PLOVER_TYPES}
    articles, failures, findings_all = [], [], []
    started = time.perf_counter()
    for path in paths:
        try:
            gold = load_gold(path)
            src = gold["source"]
            obj = corpus_object(src["zip"], int(src["line"]), corpus)
            article = article_from_object(article_object(obj))
        except (GoldError, OSError, KeyError, ValueError) as e:
            failures.append(f"{path.name}: {e}")
            continue
        text = article.text
        if text != gold_text(obj):
            failures.append(f"{path.name}: the reading layer's text differs from title + blank line + content")
        findings = Findings(path.name) if verbose else None
        try:
            record = processor.process(article)
        except Exception as e:  # one article's crash is reported, the rest is scored
            failures.append(f"{path.name}: the pipeline failed ({type(e).__name__}: {e})")
            record = None
        if record is None:
            from khronika.record import Record
            record = Record(id="", text=text)
        q = score_quotes(gold, text, record, findings)
        ev = score_events(gold, text, record, findings)
        for k in quote_t:
            quote_t[k].add(q["tallies"][k])
            quote_s[k].add(q["speakers"][k])
        event_t.add(ev["total"])
        relaxed_t.update(ev["relaxed"])
        for t, tally in ev["per_type"].items():
            type_t.setdefault(t, Tally()).add(tally)
        articles.append({"file": path.name, "quotes": q["tallies"]["all"].prf(),
                         "speaker": q["speakers"]["all"].as_dict(), "events": ev["total"].prf()})
        if findings is not None and findings.lines:
            findings_all.append(findings)
    return {
        "articles": len(articles),
        "seconds": round(time.perf_counter() - started, 1),
        "quotes": {k: {**quote_t[k].prf(), "speaker": quote_s[k].as_dict()} for k in quote_t},
        "events": {**event_t.prf(), "relaxed_matches": {k: relaxed_t[k] for k in RELAXATIONS},
                   "per_type": {t: {"gold": v.gold, "predicted": v.predicted, "matched": v.matched}
                                for t, v in type_t.items() if v.gold or v.predicted}},
        "per_article": articles,
        "failures": failures,
        "_findings": findings_all,
    }


def gold_counts(paths: list[Path]) -> dict[str, Any]:
    """What the gold set holds: articles by outlet and section, quotes by kind, events by type."""
    sections: Counter = Counter()
    kinds: Counter = Counter()
    speakers: Counter = Counter()
    types: Counter = Counter()
    historical = dated = 0
    for path in paths:
        gold = load_gold(path)
        outlet = gold["source"]["zip"].split("_")[0]
        section = gold["source"]["url"].rsplit("://", 1)[-1].split("/")[1]  # some corpus URLs repeat scheme and host
        sections[f"{outlet} /{section}/"] += 1
        kinds.update(q["kind"] for q in gold["quotes"])
        speakers.update(q["speaker_kind"] for q in gold["quotes"])
        types.update(e["event"] for e in gold["events"])
        historical += sum(bool(e["historical"]) for e in gold["events"])
        dated += sum(e["date"] is not None for e in gold["events"])
    return {"articles": len(paths), "sections": dict(sections.most_common()),
            "quotes": {"all": sum(kinds.values()), **dict(kinds.most_common())},
            "speaker_kinds": dict(speakers.most_common()),
            "events": {"all": sum(types.values()), "historical": historical, "dated": dated,
                       "by_type": dict(types.most_common())}}


def render(result: dict[str, Any], verbose: bool) -> str:
    out = [f"khronika on {result['gold_dir']}: {result['articles']} articles, {result['seconds']} s", ""]
    out.append("Quotes            gold  pred  match     P      R     F1   speaker acc (n)")
    for k in ("direct", "indirect", "all"):
        q = result["quotes"][k]
        s = q["speaker"]
        out.append(f"  {k:<14} {q['gold']:>5} {q['predicted']:>5} {q['matched']:>6}  {q['precision']:.3f}  "
                   f"{q['recall']:.3f}  {q['f1']:.3f}   {s['accuracy']:.3f} ({s['matched']})")
    out.append("  (a predicted 'mixed' quote counts as direct)")
    e = result["events"]
    out += ["", "Events            gold  pred  match     P      R     F1",
            f"  {'all':<14} {e['gold']:>5} {e['predicted']:>5} {e['matched']:>6}  {e['precision']:.3f}  "
            f"{e['recall']:.3f}  {e['f1']:.3f}", ""]
    out.append("  matched when one criterion is dropped (diagnostic): " + ", ".join(
        f"{k} {v}" for k, v in e["relaxed_matches"].items()))
    out.append("")
    out.append("  per type        gold  pred  match")
    for t, v in e["per_type"].items():
        out.append(f"  {t:<14} {v['gold']:>5} {v['predicted']:>5} {v['matched']:>6}")
    if result["failures"]:
        out += ["", "Problems:"] + [f"  {f}" for f in result["failures"]]
    if verbose:
        out += ["", "Per article (quotes F1 / speaker accuracy / events F1):"]
        for a in result["per_article"]:
            out.append(f"  {a['file']:<36} {a['quotes']['f1']:.2f} / {a['speaker']['accuracy']:.2f} / "
                       f"{a['events']['f1']:.2f}")
        for f in result["_findings"]:
            out += ["", f"== {f.file}"] + f.lines
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--verbose", action="store_true", help="list misses and false positives with their sentences")
    ap.add_argument("--only", metavar="TEXT", help="score only gold files whose name contains TEXT")
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help="directory of gold files (default gold/dev)")
    ap.add_argument("--counts", action="store_true", help="describe the gold set instead of scoring")
    args = ap.parse_args(argv)
    if args.counts:
        try:
            print(json.dumps(gold_counts(gold_files(args.gold, args.only)), ensure_ascii=False, indent=2))
        except GoldError as e:
            print(f"eval_gold: {e}", file=sys.stderr)
            return 2
        return 0
    if not CORPUS.exists():
        print(f"eval_gold: the news corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    paths = gold_files(args.gold, args.only)
    if not paths:
        print(f"eval_gold: no gold files in {args.gold}" + (f" matching {args.only!r}" if args.only else ""),
              file=sys.stderr)
        return 2
    result = evaluate(paths, verbose=args.verbose)
    gold_dir = args.gold.resolve()
    result["gold_dir"] = str(gold_dir.relative_to(ROOT) if gold_dir.is_relative_to(ROOT) else gold_dir)
    if args.json:
        shown = {k: v for k, v in result.items() if not k.startswith("_")}
        if args.verbose:
            shown["findings"] = {f.file: [line.strip() for line in f.lines] for f in result["_findings"]}
        else:
            shown.pop("per_article")
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        print(render(result, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
