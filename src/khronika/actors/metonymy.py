"""Is a capital or seat of government used for its state ("призвал Минск", "позиция Астаны", "в Кремле заявили")
or as a place ("в Минске прошла встреча", "центр Москвы")? Decided from the syntax around its head token."""
from __future__ import annotations

from ..language import Analysis
from .lexicon import Lexicon, fold

_PLACE_PREPS = {"в", "во", "на", "из", "изо", "под", "около", "близ", "возле", "через", "до", "по", "у", "над",
                "вокруг", "под", "за", "под", "рядом"}
_ACTOR_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "conj"}


def head_of(an: Analysis, first: int, last: int) -> int:
    """The token of [first, last) whose head lies outside it (the phrase's syntactic head)."""
    for i in range(first, last):
        h = an.tokens[i].head
        if not (first <= h < last):
            return i
    return first


def political_use(an: Analysis, lex: Lexicon, first: int, last: int) -> bool:
    i = head_of(an, first, last)
    t = an.tokens[i]
    preps = [fold(an.tokens[c].text) for c in an.children(i) if an.tokens[c].rel == "case"]
    parent = an.tokens[t.head] if t.head >= 0 else None
    if preps:
        p = preps[0]
        if lex.cue(p, "partner_prep"):
            # "переговоры с Минском", "против Москвы"; but "от Москвы до Минска" is a route
            return not (p == "от" and parent is not None and parent.pos == "NOUN" and not _political_noun(lex, parent))
        if p in _PLACE_PREPS and parent is not None and parent.pos == "VERB" and lex.cue(parent.lemma, "speech_verb"):
            # "в Кремле заявили": the indefinite-personal construction, a plural verb with no subject
            subj = [c for c in an.children(parent.i) if an.tokens[c].rel.startswith("nsubj")]
            if not subj and parent.feats.get("Number") == "Plur":
                return True
        return False
    if parent is None:
        return t.rel in ("root",) and t.feats.get("Case") == "Nom" and False
    if t.rel in _ACTOR_RELS and parent.pos == "VERB":
        return True
    if t.rel == "conj" and parent.pos in ("PROPN", "NOUN"):
        # "Москва и Минск заявили": a conjunct takes the reading of its first member
        return political_use(an, lex, parent.i, parent.i + 1) if parent.i < first else False
    if t.rel in ("nmod", "nmod:poss") and t.feats.get("Case") in ("Gen", None):
        return _political_noun(lex, parent)
    if t.rel in ("nsubj", "nsubj:pass"):
        return True
    return False


def _political_noun(lex: Lexicon, tok) -> bool:
    if lex.cue(tok.lemma, "place_noun"):
        return False
    return lex.cue(tok.lemma, "political_noun") or lex.offices.longest([(fold(tok.lemma),)], [tok.text], 0) is not None
