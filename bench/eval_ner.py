"""Exact-span NER on factRuEval-2016 and NEREL v1.1: khronika's record mentions against natasha alone, one run.

    .venv/bin/python bench/eval_ner.py                 # test sets (the figures in bench/RESULTS.md)
    .venv/bin/python bench/eval_ner.py --split dev     # factRuEval devset + NEREL dev (for tuning)
    .venv/bin/python bench/eval_ner.py --split train   # NEREL train (factRuEval has no train split)

Gold spans (PER / ORG / LOC):
- factRuEval (../shared/data/factRuEval-2016/<split>set), converted the way natasha's naeval benchmark does
  (this reproduces the stock-natasha baseline of the issue, micro 0.884 / ORG 0.818 on test): a Person object
  spans from its first to its last span; an Org object contributes its org_name spans, a Location or LocOrg
  object its loc_name spans (LocOrg -> LOC); overlapping spans are then dropped, the earliest and longest kept.
  So "МИД РФ" is ORG "МИД" + LOC "РФ", and descriptors ("журнале", "переулка") are not part of a name.
- NEREL (../shared/data/NEREL/NEREL-v1.1/<split>): PERSON -> PER, ORGANIZATION -> ORG, COUNTRY / CITY /
  STATE_OR_PROVINCE / LOCATION / DISTRICT -> LOC (nested entities stay).
A predicted span counts when start, end and type are all equal. Both systems see the same natasha analysis: the
baseline is its NER spans, khronika is the record's mentions after the actors stage.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"
FACTRU = DATA / "factRuEval-2016"
NEREL = DATA / "NEREL" / "NEREL-v1.1"
TYPES = ("PER", "ORG", "LOC")

FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
NEREL_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC",
               "STATE_OR_PROVINCE": "LOC", "LOCATION": "LOC", "DISTRICT": "LOC"}

Gold = set[tuple[int, int, str]]


def factru_docs(split: str) -> list[tuple[str, str, Gold]]:
    folder = FACTRU / ("testset" if split == "test" else "devset")
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        if txt.name == "list.txt":
            continue
        text = txt.read_text(encoding="utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            f = line.split("#")[0].split()
            if len(f) >= 4:
                spans[f[0]] = (f[1], int(f[2]), int(f[2]) + int(f[3]))
        found: list[tuple[int, int, str]] = []
        for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            f = line.split("#")[0].split()
            if len(f) < 3 or f[1] not in FACTRU_TYPES:
                continue
            parts = [spans[s] for s in f[2:] if s in spans]
            if not parts:
                continue
            if f[1] == "Person":
                found.append((min(p[1] for p in parts), max(p[2] for p in parts), "PER"))
                continue
            wanted = "org_name" if f[1] == "Org" else "loc_name"
            for s, e in _non_overlapping([(p[1], p[2]) for p in parts if p[0] == wanted]):
                found.append((s, e, FACTRU_TYPES[f[1]]))
        gold = set(_non_overlapping(found))
        docs.append((f"factru:{txt.stem}", text, gold))
    return docs


def _non_overlapping(spans: list) -> list:
    """Drop spans that overlap an earlier one (sorted by start, the longer first)."""
    out, end = [], -1
    for s in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s[0] >= end:
            out.append(s)
            end = s[1]
    return out


def nerel_docs(split: str) -> list[tuple[str, str, Gold]]:
    folder = NEREL / split
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        gold: Gold = set()
        for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, info, *_ = line.split("\t")
            kind, *offs = info.split()
            if kind not in NEREL_TYPES or ";" in " ".join(offs):
                continue  # discontinuous spans cannot be matched exactly
            gold.add((int(offs[0]), int(offs[1]), NEREL_TYPES[kind]))
        docs.append((f"nerel:{txt.stem}", text, gold))
    return docs


class Score:
    def __init__(self) -> None:
        self.tp: Counter = Counter()
        self.fp: Counter = Counter()
        self.fn: Counter = Counter()

    def add(self, pred: Gold, gold: Gold) -> None:
        for s in pred & gold:
            self.tp[s[2]] += 1
        for s in pred - gold:
            self.fp[s[2]] += 1
        for s in gold - pred:
            self.fn[s[2]] += 1

    def prf(self, t: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[t] if t else sum(self.tp.values())
        fp = self.fp[t] if t else sum(self.fp.values())
        fn = self.fn[t] if t else sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(docs, label: str, errors: int = 0) -> tuple[Score, Score, float, float]:
    from khronika.actors import ActorStage
    from khronika.doc import Doc
    from khronika.language import get_language
    from khronika.pipeline import mentions_stage
    from khronika.reading.article import Article
    from khronika.record import Record, record_id
    lang = get_language()
    stage = ActorStage()
    base, ours = Score(), Score()
    t_nat = t_act = 0.0
    shown = 0
    for name, text, gold in docs:
        t0 = time.perf_counter()
        an = lang.analyse(text)
        t1 = time.perf_counter()
        art = Article.from_clean_text(text)
        rec = Record(id=record_id(art.text), text=art.text)
        doc = Doc(art, an, rec)
        mentions_stage(doc)
        stage(doc)
        t_act += time.perf_counter() - t1
        t_nat += t1 - t0
        b = {(s.start, s.end, s.type) for s in an.spans}
        o = {(m.start, m.end, m.type) for m in rec.mentions}
        base.add(b, gold)
        ours.add(o, gold)
        if errors and shown < errors:
            for s in sorted((o - gold) - (b - gold)):
                print(f"  {name} new FP {s[2]} {text[s[0]:s[1]]!r}")
                shown += 1
            for s in sorted((b & gold) - o):
                print(f"  {name} lost TP {s[2]} {text[s[0]:s[1]]!r}")
                shown += 1
            for s in sorted((o & gold) - b):
                print(f"  {name} new TP {s[2]} {text[s[0]:s[1]]!r}")
    return base, ours, t_nat, t_act


def table(label: str, base: Score, ours: Score) -> str:
    lines = [f"{label}", "", "| type | natasha P | R | F1 | khronika P | R | F1 | ΔF1 |", "|---|---|---|---|---|---|---|---|"]
    for t in (*TYPES, None):
        bp, br, bf = base.prf(t)
        op, orr, of = ours.prf(t)
        lines.append(f"| {t or 'micro'} | {bp:.3f} | {br:.3f} | {bf:.3f} | {op:.3f} | {orr:.3f} | {of:.3f} | "
                     f"{of - bf:+.3f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("test", "dev", "train"), default="test")
    ap.add_argument("--sets", default="factru,nerel")
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0: all)")
    ap.add_argument("--errors", type=int, default=0, help="print up to N differences against natasha")
    args = ap.parse_args()
    sets = []
    if "factru" in args.sets and args.split != "train":
        if not FACTRU.exists():
            sys.exit(f"eval_ner: {FACTRU} not found")
        sets.append((f"factRuEval-2016 {args.split}", factru_docs(args.split)))
    if "nerel" in args.sets:
        if not NEREL.exists():
            sys.exit(f"eval_ner: {NEREL} not found")
        sets.append((f"NEREL v1.1 {args.split}", nerel_docs(args.split)))
    for label, docs in sets:
        if args.limit:
            docs = docs[: args.limit]
        base, ours, t_nat, t_act = run(docs, label, args.errors)
        n_gold = sum(len(g) for _, _, g in docs)
        print(table(f"**{label}** ({len(docs)} documents, {n_gold} gold spans)", base, ours))
        print(f"\ntime: natasha {t_nat:.1f} s, mentions + actors stage {t_act:.1f} s "
              f"({t_act / t_nat:.2f}x of natasha)\n")


if __name__ == "__main__":
    main()
