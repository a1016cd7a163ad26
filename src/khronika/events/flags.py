"""PLOVER's auxiliary modes for one trigger: future, hypothetical, negated (historical is decided with the date)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..language import Analysis
from .lexicon import Lexicon
from .syntax import clause_head, clause_tokens, governors, has_negation, is_frame, prep_of

# A noun trigger governed by these prepositions is not carried out ("без переговоров").
NEGATING_PREPS = {"без", "вместо", "вопреки"}


@dataclass
class Flags:
    future: bool = False
    hypothetical: bool = False
    negated: bool = False
    historical: bool = False


class FlagReader:
    def __init__(self, lexicon: Lexicon):
        self.future_heads = lexicon.cue("future_head")
        self.future_words = lexicon.cue("future_word")
        self.hyp_heads = lexicon.cue("hypothetical_head")
        self.hyp_words = lexicon.cue("hypothetical_word")
        self.hyp_marks = lexicon.cue("hypothetical_mark")
        self.neg_heads = lexicon.cue("negation_head")
        self.hist_words = lexicon.cue("historical_word")
        self.time_nouns = lexicon.cue("time_noun")
        self.opinion_verbs = lexicon.cue("opinion_verb")

    def read(self, an: Analysis, i: int) -> Flags:
        f = Flags()
        tok = an.tokens[i]
        # a frame noun ("во время встречи") is not the complement of the verb it hangs on: that verb's
        # intentions and negations are not its own
        framed = is_frame(an, i)
        # intentions and conditions reach through conjoined verbs ("может найти ... и отказаться"), negation does
        # not ("не скрывал ... и поддерживал")
        ups = [] if framed else governors(an, i, rels=("xcomp", "obj", "obl", "nmod", "ccomp", "conj"))
        neg_ups = [] if framed else governors(an, i)
        head = clause_head(an, i)
        clause = clause_tokens(an, head)
        lemmas = {an.tokens[j].lemma for j in clause}

        # negated: "не" on the trigger or on a verb it complements ("не стал вводить"); "отказался встречаться";
        # a noun trigger under "без"
        if has_negation(an, i) or any(has_negation(an, g) for g in neg_ups[:2]):
            f.negated = True
        if any(an.tokens[g].lemma in self.neg_heads for g in neg_ups[:2]):
            f.negated = True
        if tok.pos in ("NOUN", "PROPN") and prep_of(an, i) in NEGATING_PREPS:
            f.negated = True
        if tok.pos in ("NOUN", "PROPN") and not framed and tok.head >= 0 and has_negation(an, tok.head):
            f.negated = True

        # future: future tense on the trigger or its auxiliary, a governing intention verb, a future time word
        if _future_tense(an, i) or any(_future_tense(an, g) for g in ups[:1]):
            f.future = True
        if tok.pos in ("NOUN", "PROPN") and not framed and tok.head >= 0 and _future_tense(an, tok.head):
            f.future = True
        if any(an.tokens[g].lemma in self.future_heads for g in ups):
            f.future = True
        if self._cue_in(an, i, clause, self.future_words):
            f.future = True

        # hypothetical: "может", "бы", "если", "возможно"
        if any(an.tokens[g].lemma in self.hyp_heads for g in ups[:2]):
            f.hypothetical = True
        if tok.feats.get("Mood") == "Cnd" or lemmas & self.hyp_words:
            f.hypothetical = True
        if any(an.tokens[c].lemma == "бы" for g in ups[:2] + neg_ups[:4] for c in an.children(g)):
            f.hypothetical = True  # "смогла бы блокировать", "говорить, что ... откажется, было бы ошибкой"
        if any(an.tokens[c].rel == "mark" and an.tokens[c].lemma in self.hyp_marks for c in an.children(head)):
            f.hypothetical = True
        if _in_conditional_clause(an, head, self.hyp_marks):
            f.hypothetical = True

        if _in_opinion(an, i, self.opinion_verbs):
            f.hypothetical = True  # "По его мнению, голосование должно было состояться после встречи ...": an opinion
        if self._cue_in(an, i, clause, self.hist_words):
            f.historical = True
        return f

    def _cue_in(self, an: Analysis, i: int, clause: list[int], words: frozenset[str]) -> bool:
        """A cue word in the clause; an adjective only when it qualifies a time word or the trigger itself
        ("в ближайшее время", "предстоящий визит", not "ближайший союзник")."""
        for j in clause:
            t = an.tokens[j]
            if t.lemma not in words:
                continue
            if t.pos != "ADJ" or t.head == i or (t.head >= 0 and an.tokens[t.head].lemma in self.time_nouns):
                return True
        return False


def _future_tense(an: Analysis, i: int) -> bool:
    t = an.tokens[i]
    if t.feats.get("Tense") == "Fut":
        return True
    if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin" and t.feats.get("Mood") != "Imp" \
            and t.feats.get("Tense") != "Pres" and _dictionary_future(t.text.lower()):
        # the tagger sometimes calls a perfective non-past form ("проконсультируются") past
        return True
    # "будет вводить": the auxiliary carries the tense
    return any(an.tokens[c].rel == "aux" and an.tokens[c].lemma == "быть" and an.tokens[c].feats.get("Tense") == "Fut"
               for c in an.children(i))


@functools.lru_cache(maxsize=20_000)
def is_perfective(word: str) -> bool:
    """Whether the dictionary reads `word` as a perfective verb in all its verb parses."""
    from ..language import get_language
    tags = [p.tag for p in get_language().morph_vocab.parse(word) if "VERB" in p.tag or "INFN" in p.tag]
    return bool(tags) and all("perf" in tag for tag in tags)


@functools.lru_cache(maxsize=20_000)
def _dictionary_future(word: str) -> bool:
    """Whether the dictionary reads every finite parse of `word` as future (a perfective non-past form) and
    none as past: "проконсультируются" yes, "выдворяет" (present) and "встретились" no."""
    from ..language import get_language
    tags = [p.tag for p in get_language().morph_vocab.parse(word) if "VERB" in p.tag]
    return bool(tags) and all("futr" in tag for tag in tags)


def _in_opinion(an: Analysis, i: int, opinion_verbs: frozenset[str]) -> bool:
    """The trigger follows "по мнению X", "по его мнению" or "с точки зрения X" in its sentence, or lies in the
    clause of a verb of belief ("эксперты полагают, что ..."): someone's view, not the narration's (GOLD.md:
    opinion cues make no quote, and what they hold is not asserted)."""
    first = an.sents[an.tokens[i].sent].first
    for k in range(first, i - 1):
        lemma = an.tokens[k].lemma
        window = [an.tokens[m].lemma for m in range(k + 1, min(k + 3, i))]
        if (lemma == "по" and "мнение" in window) or (lemma == "с" and "точка" in window):
            return True
    j = i
    for _ in range(4):
        t = an.tokens[j]
        if t.head < 0:
            return False
        if t.rel == "ccomp" and an.tokens[t.head].lemma in opinion_verbs:
            return True
        j = t.head
    return False


def _in_conditional_clause(an: Analysis, head: int, marks: frozenset[str]) -> bool:
    """"в случае если ...", "при условии, что ...": the clause is an adverbial one led by a condition word."""
    t = an.tokens[head]
    if t.rel != "advcl":
        return False
    for c in an.children(head):
        ct = an.tokens[c]
        if ct.rel in ("mark", "obl", "advmod") and ct.lemma in marks:
            return True
    return False
