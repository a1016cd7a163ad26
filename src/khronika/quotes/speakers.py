"""Who speaks: from a cue word to the phrase naming the speaker there, and from that phrase to an actor.

The phrase comes from natasha's syntax (the subject of the speech verb, the organisation owning
"сообщение" in "говорится в сообщении МИД", the place of "заявили в Кремле"); the actor comes from the
actors stage's references (`doc.refs`), which also resolve titles and pronouns. No refs, no guess.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..doc import Doc
from ..language import Analysis, Token
from .lexicon import Lexicon, fold

SUBJECT_RELS = ("nsubj", "nsubj:pass")
# dependents that are not part of the words naming the speaker
_NOT_NAME = {"acl", "acl:relcl", "parataxis", "conj", "cc", "advcl", "punct", "ccomp", "xcomp", "obj",
             "iobj", "obl", "advmod", "discourse", "vocative", "dislocated", "list", "orphan", "mark"}
NOMINAL = {"NOUN", "PROPN", "PRON"}
PERSONAL_PRONOUNS = {"он", "она", "они"}


@dataclass
class Speaker:
    head: int            # token index of the head of the phrase
    start: int           # character span of the phrase
    end: int
    text: str
    actor: str | None = None


def children(an: Analysis, i: int, rels: tuple[str, ...] | set[str] | None = None) -> list[Token]:
    return [an.tokens[k] for k in an.children(i) if rels is None or an.tokens[k].rel in rels]


def phrase_span(an: Analysis, head: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """Character span of the words naming a speaker: the head and its nominal dependents, contiguous,
    within token range [lo, hi)."""
    hi = len(an.tokens) if hi is None else hi
    keep = {head}
    todo = [head]
    while todo:
        k = todo.pop()
        for c in an.children(k):
            t = an.tokens[c]
            if t.rel in _NOT_NAME and not (t.rel == "punct" and t.text in "-‑"):
                continue
            if lo <= c < hi and c not in keep:
                keep.add(c)
                todo.append(c)
    first = last = head
    while first - 1 in keep:
        first -= 1
    while last + 1 in keep:
        last += 1
    # a phrase does not end on a preposition or begin on punctuation
    while first < last and an.tokens[first].pos in ("PUNCT", "ADP", "CCONJ"):
        first += 1
    return an.tokens[first].start, an.tokens[last].end


def make_speaker(doc: Doc, head: int, lo: int = 0, hi: int | None = None) -> Speaker:
    an = doc.analysis
    start, end = phrase_span(an, head, lo, hi)
    return Speaker(head, start, end, doc.text[start:end])


def _is_plural_or_impersonal(t: Token) -> bool:
    return t.feats.get("Number") == "Plur" or t.feats.get("Voice") == "Pass" or fold(t.lemma).endswith("ся")


def _org_of_release(an: Analysis, noun: Token) -> Token | None:
    """"сообщении МИД Казахстана" -> МИД; "сообщении пресс-службы Кремля" -> пресс-службы."""
    for c in children(an, noun.i, ("nmod",)):
        if c.pos in ("NOUN", "PROPN") and c.feats.get("Case") in (None, "Gen"):
            return c
    return None


def speaker_token(doc: Doc, lex: Lexicon, verb: Token, lo: int, hi: int) -> tuple[Token | None, str]:
    """The head token naming who speaks through `verb` (search limited to tokens [lo, hi)), and the cue
    text (the verb, or "говорится в сообщении" for a press release)."""
    an = doc.analysis
    cue = verb.text
    # "говорится в сообщении МИД", "сказано в заявлении", "пишет в своем Telegram-канале"
    for obl in children(an, verb.i, ("obl",)):
        if fold(obl.lemma) in lex.release_nouns and lo <= obl.i < hi:
            case = [c for c in children(an, obl.i, ("case",))]
            if case and fold(case[0].text) in ("в", "во", "на"):
                phrase = doc.text[verb.start:obl.end] if verb.i < obl.i else None
                org = _org_of_release(an, obl)
                if lex.verb_use(verb.lemma) == "release" or verb.feats.get("Voice") == "Pass":
                    if phrase:
                        cue = phrase
                    if org is not None and lo <= org.i < hi:
                        return org, cue
    subj = _subject(an, verb)
    if subj is not None and lo <= subj.i < hi:
        return subj, cue
    if subj is None and _is_plural_or_impersonal(verb):
        # "заявили в Кремле", "сообщили RT в пресс-службе ведомства"
        for obl in children(an, verb.i, ("obl",)):
            case = children(an, obl.i, ("case",))
            if case and fold(case[0].text) in ("в", "во") and obl.pos in ("NOUN", "PROPN") and lo <= obl.i < hi \
                    and fold(obl.lemma) not in lex.release_nouns and obl.feats.get("Case") in (None, "Loc"):
                return obl, cue
    return None, cue


def _subject(an: Analysis, verb: Token) -> Token | None:
    seen = set()
    t = verb
    while t is not None and t.i not in seen:
        seen.add(t.i)
        subj = children(an, t.i, SUBJECT_RELS)
        if subj:
            return subj[0]
        # "сказал он и добавил", "добавив, что" (a gerund shares its clause's subject)
        if t.rel in ("conj", "xcomp", "advcl") and t.head >= 0 and (
                t.rel != "advcl" or t.feats.get("VerbForm") == "Conv"):
            t = an.tokens[t.head]
            continue
        break
    return None


def nominative_after(an: Analysis, verb: Token, hi: int) -> Token | None:
    """Fallback when the parser missed the subject of an inverted frame ("— отметил президент Беларуси"):
    the first nominative nominal after the verb, before any punctuation."""
    for k in range(verb.i + 1, min(hi, verb.i + 8)):
        t = an.tokens[k]
        if t.pos == "PUNCT" and t.text not in "-‑":
            return None
        if t.pos in NOMINAL and t.feats.get("Case") == "Nom":
            return t
    return None


def resolve(doc: Doc, sp: Speaker) -> str | None:
    """The actor the speaker phrase names, through the actors stage's references; None without them."""
    refs = doc.refs
    if refs is None:
        return None
    head = doc.analysis.tokens[sp.head]
    actor = refs.actor_for_token(sp.head) or refs.actor_for_span(sp.start, sp.end)
    if actor is None and fold(head.text) in PERSONAL_PRONOUNS:
        actor = refs.antecedent(head.start, "person")
    return actor
