"""Trigger words: a token whose lemma is in the lexicon and whose dependents satisfy an entry's constraints."""
from __future__ import annotations

from dataclasses import dataclass

from ..language import Analysis
from .lexicon import Constraint, Lexicon, TriggerEntry
from .syntax import adopted_by, deps, forms, prep_of, subtree

VERB_POS = {"VERB"}
NOUN_POS = {"NOUN", "PROPN"}


@dataclass(frozen=True)
class Trigger:
    token: int
    entry: TriggerEntry


def _dependents(an: Analysis, i: int, c: Constraint) -> list[int]:
    if c.rel == "child":
        return list(an.children(i))
    if c.rel == "sub":
        return subtree(an, i, depth=3)
    return deps(an, i, c.rel)


def holds(an: Analysis, i: int, c: Constraint, adopted: bool = False) -> bool:
    """Whether constraint c holds at token i. `adopted`: the noun is the content of an adopted decision
    ("принял резолюцию о введении санкций"), which says the act took place as a light verb would."""
    tok = an.tokens[i]
    if c.rel == "head":
        if adopted:
            return True
        if tok.head < 0:
            return c.values is not None and "^" in c.values
        return c.accepts(an.tokens[tok.head].lemma)
    if c.rel == "case":
        prep = prep_of(an, i)
        return prep is not None and c.accepts(prep)
    if c.rel == "form":
        return any(c.accepts(f) for f in forms(tok))
    for d in _dependents(an, i, c):
        if c.prep is not None and prep_of(an, d) != c.prep:
            continue
        if c.accepts(an.tokens[d].lemma):
            return True
    return False


def match_entry(an: Analysis, i: int, entries: list[TriggerEntry], adopted: bool = False) -> TriggerEntry | None:
    """The most specific entry whose constraints all hold at token i and none of whose exclusions does."""
    for e in entries:
        if all(holds(an, i, c, adopted) for c in e.required) and not any(holds(an, i, c) for c in e.forbidden):
            return e
    return None


def find_triggers(an: Analysis, first: int, last: int, lexicon: Lexicon) -> list[Trigger]:
    """Triggers among tokens [first, last): a dict lookup per token, constraints only for candidates."""
    out = []
    decisions, adopters = lexicon.cue("decision_noun"), lexicon.cue("adopt") | lexicon.cue("propose")
    for i in range(first, last):
        tok = an.tokens[i]
        pos = "V" if tok.pos in VERB_POS else "N" if tok.pos in NOUN_POS else None
        if pos is None:
            continue
        entries = lexicon.triggers.get((pos, tok.lemma))
        if not entries:
            continue
        adopted = pos == "N" and adopted_by(an, i, decisions, adopters) is not None
        entry = match_entry(an, i, entries, adopted)
        if entry is not None:
            out.append(Trigger(i, entry))
    return out
