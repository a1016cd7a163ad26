"""Occupation facts of factRuEval-2016 (who / job / where) against khronika's person actors with an office.

    .venv/bin/python bench/eval_roles.py               # testset (the figures in bench/RESULTS.md)
    .venv/bin/python bench/eval_roles.py --split dev   # devset, for tuning
    .venv/bin/python bench/eval_roles.py --show 20     # also print missed and wrong facts

What khronika predicts: every person actor whose office the article itself states in a role phrase
("министр иностранных дел Казахстана Мурат Нуртлеу", "Лукашенко, президент Беларуси") -- one fact per person,
(the person, the office, where = the organisation the title names, else the state). Offices the registry
supplies without the text saying so are not facts of the text and are not counted.

Matching (a fact is a (who, job, where) triple; gold from the .facts, .coref, .objects and .spans layers):
- who: one of the actor's mentions overlaps a mention of the gold Who object;
- where: one of the predicted organisation's / state's mentions overlaps a mention of the gold Where object, or
  the gold Where names the same state (its name or its mentions resolve to the same ISO code);
- job: the gold Job phrase, read through khronika's office lexicon, is the same office, or its head word is the
  first word of the predicted office ("главой" ~ "глава", "министром" ~ "министр иностранных дел").
A predicted fact is correct when who matches and at least one of job / where matches (a gold fact may lack Job
or Where); precision = correct predictions / predictions, recall = gold facts matched / gold facts.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
FACTRU = ROOT.parent / "shared" / "data" / "factRuEval-2016"

Span = tuple[int, int]


@dataclass
class GoldFact:
    who: list[Span]
    job: Span | None
    where: list[Span] = field(default_factory=list)
    where_name: str | None = None
    text: str = ""


def _spans(path: Path) -> dict[str, Span]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 4:
            out[f[0]] = (int(f[2]), int(f[2]) + int(f[3]))
    return out


def _objects(path: Path, spans: dict[str, Span]) -> dict[str, list[Span]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 3:
            out[f[0]] = [spans[s] for s in f[2:] if s in spans]
    return out


def _corefs(path: Path, objects: dict[str, list[Span]]) -> tuple[dict[str, list[Span]], dict[str, str]]:
    mentions: dict[str, list[Span]] = {}
    names: dict[str, str] = {}
    block: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            head = block[0].split()
            mentions[head[0]] = [s for o in head[1:] for s in objects.get(o, [])]
            for b in block[1:]:
                k, _, v = b.partition(" ")
                if k == "name" and head[0] not in names:
                    names[head[0]] = v.strip()
        block = []
    return mentions, names


def gold_facts(txt: Path) -> list[GoldFact]:
    spans = _spans(txt.with_suffix(".spans"))
    objects = _objects(txt.with_suffix(".objects"), spans)
    coref, names = _corefs(txt.with_suffix(".coref"), objects)
    facts = []
    cur: dict[str, list[str]] | None = None
    for line in txt.with_suffix(".facts").read_text(encoding="utf-8").splitlines() + [""]:
        f = line.split()
        if len(f) == 2 and "-" in f[0] and not line.startswith(" "):
            cur = {"type": [f[1]]}
            continue
        if not line.strip():
            if cur and cur.get("type") == ["Occupation"] and cur.get("Who"):
                who = [s for ref in cur["Who"] for s in coref.get(ref[3:], [])] if cur["Who"][0].startswith("obj") else []
                job = None
                for ref in cur.get("Job", []) + cur.get("Position", []):
                    if ref.startswith("span") and ref[4:] in spans:
                        job = spans[ref[4:]]
                        break
                where, where_name = [], None
                for ref in cur.get("Where", []):
                    if ref.startswith("obj"):
                        where += coref.get(ref[3:], [])
                        where_name = where_name or names.get(ref[3:])
                if who:
                    facts.append(GoldFact(who, job, where, where_name))
            cur = None
            continue
        if cur is not None and f:
            cur.setdefault(f[0], []).extend(v.split()[0] for v in line.split(None, 1)[1].split(" | ") if v.split())
    return facts


def _overlaps(a: Span, spans: list[Span]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def evaluate(split: str, show: int = 0) -> tuple[int, int, int, int]:
    from khronika.actors.lexicon import get_lexicon
    from khronika.language import get_language
    from khronika.pipeline import Processor, mentions_stage
    from khronika.actors import ActorStage
    from khronika.reading.article import Article
    lex = get_lexicon()
    lang = get_language()
    proc = Processor(language=lang, stages=[mentions_stage, ActorStage()])
    folder = FACTRU / ("testset" if split == "test" else "devset")
    n_pred = n_pred_ok = n_gold = n_gold_ok = 0
    shown = 0
    for txt in sorted(folder.glob("book_*.txt")):
        text = txt.read_text(encoding="utf-8")
        gold = gold_facts(txt)
        doc = proc.process_doc(Article.from_clean_text(text))
        rec = doc.record
        roles = doc.state.get("actor_roles", {})
        by_actor: dict[str, list[Span]] = {}
        for m in rec.mentions:
            if m.actor:
                by_actor.setdefault(m.actor, []).append((m.start, m.end))
        preds = []
        for aid, role in roles.items():
            person = rec.actor(aid)
            where_spans: list[Span] = []
            if role.org_span:
                where_spans.append((doc.analysis.tokens[role.org_span[0]].start,
                                    doc.analysis.tokens[role.org_span[1] - 1].end))
            where_country = role.country
            preds.append((person, by_actor.get(aid, []), role, where_spans, where_country))
        matched_gold: set[int] = set()
        for person, pspans, role, where_spans, where_country in preds:
            n_pred += 1
            ok = False
            for gi, g in enumerate(gold):
                if not any(_overlaps(s, g.who) for s in pspans):
                    continue
                job_ok = g.job is not None and _job_matches(lex, text[g.job[0]:g.job[1]], role.office.name)
                where_ok = bool(g.where) and (any(_overlaps(s, g.where) for s in where_spans)
                                            or _same_state(lex, g, text, where_country))
                if job_ok or where_ok:
                    ok = True
                    matched_gold.add(gi)
            n_pred_ok += ok
            if not ok and shown < show:
                print(f"  wrong  {txt.stem}: {person.name} | {role.office.name} | {where_country}")
                shown += 1
        n_gold += len(gold)
        n_gold_ok += len(matched_gold)
        for gi, g in enumerate(gold):
            if gi not in matched_gold and shown < show:
                who = text[g.who[0][0]:g.who[0][1]]
                job = text[g.job[0]:g.job[1]] if g.job else None
                print(f"  missed {txt.stem}: {who} | {job} | {g.where_name}")
                shown += 1
    return n_pred, n_pred_ok, n_gold, n_gold_ok


def _job_matches(lex, job_text: str, office: str) -> bool:
    from khronika.actors.lexicon import fold, split_words, token_keys
    from khronika.language import get_language
    words = split_words(job_text)
    if not words:
        return False
    lang = get_language()
    lemmas = [lang.lemma(w, "NOUN", {}) for w in words]
    keys = [token_keys(w, l) for w, l in zip(words, lemmas)]
    for i in range(len(words)):
        r = lex.offices.longest(keys, words, i)
        if r and r[1][0].name == office:
            return True
    head = fold(lemmas[0])
    return office.split()[0] == head or fold(office) == " ".join(fold(x) for x in lemmas)


def _same_state(lex, g: GoldFact, text: str, code: str | None) -> bool:
    if not code:
        return False
    from khronika.actors.lexicon import Capital, Country, Igo, split_words, token_keys
    from khronika.language import get_language
    lang = get_language()
    names = [g.where_name] if g.where_name else []
    names += [text[s:e] for s, e in g.where[:3]]
    for n in names:
        words = split_words(n)
        lemmas = [lang.lemma(w, "PROPN", {}) for w in words]
        keys = [token_keys(w, l) for w, l in zip(words, lemmas)]
        for i in range(len(words)):
            r = lex.names.longest(keys, words, i)
            if not r:
                continue
            for e in r[1]:
                c = e.code if isinstance(e, (Country, Igo)) else \
                    lex.countries[e.stands_for].code if isinstance(e, Capital) else None
                if c == code:
                    return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    if not FACTRU.exists():
        sys.exit(f"eval_roles: {FACTRU} not found")
    n_pred, n_pred_ok, n_gold, n_gold_ok = evaluate(args.split, args.show)
    p = n_pred_ok / n_pred if n_pred else 0.0
    r = n_gold_ok / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"factRuEval-2016 {args.split}: Occupation facts {n_gold}, predicted {n_pred}")
    print(f"| P | R | F1 |\n|---|---|---|\n| {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
