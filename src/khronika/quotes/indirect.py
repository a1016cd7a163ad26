"""Indirect speech: a reported clause without quotation marks, attributed to a speaker.

  that        А заявил/отметил/сообщил, что … ; А сообщил о том, что … ; А выразил уверенность, что …
  according   По словам А, … ; …, по словам А. ; по его словам (the speaker quoted last)
  as          Как отметил А, … ; …, как заявил А.
  named       А назвал X Y (GOLD.md counts it as reported speech)
The reported clause is the quote's text. Opinion cues (считает, уверен, по мнению) are stances, not
speech (GOLD.md), and a speech verb with only a noun object ("сообщил о задержании") reports no clause.
"""
from __future__ import annotations

from ..language import Token
from .context import TextView
from .direct import MODALS, Found, cue_verb
from .lexicon import Lexicon, fold
from .speakers import according_noun, children, fallback_subject, make_speaker, speaker_token

_TRIM = " \t\n.,;:—–-"

MAX_GAP_TOKENS = 8


class IndirectFinder:
    def __init__(self, view: TextView, lex: Lexicon, taken: list[tuple[int, int]], mixed_starts: set[int] = frozenset()):
        self.view = view
        self.lex = lex
        self.text = view.text
        self.an = view.doc.analysis
        self.taken = sorted(taken)  # spans of direct quotes (with their marks): nothing reported inside
        self.mixed_starts = mixed_starts  # where the marks of mixed quotes open

    def inside_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.taken)

    def overlaps_quote(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.taken)

    # -- schemes -----------------------------------------------------------------------------------
    def that_clauses(self) -> list[Found]:
        out = []
        toks = self.view.tokens
        for t in toks:
            if fold(t.text) != "что" or t.i == 0 or toks[t.i - 1].text != ",":
                continue
            if self.inside_quote(t.start):
                continue
            cue = self._cue_before(t.i - 1)
            if cue is None:
                continue
            verb, cue_text = cue
            sent = self.an.sentence_of(t.i)
            if self._negated(verb):
                continue
            subj, cue_phrase = speaker_token(self.view.doc, self.lex, verb, sent.first, sent.last)
            if " " in cue_phrase:
                cue_text = cue_phrase
            elif subj is None:
                subj = fallback_subject(self.an, verb, sent.first, sent.last)
            if subj is not None and self.inside_quote(subj.start) or subj is None and " " not in cue_text:
                continue
            start, end = self._clause_after(t, sent.last)
            if end - start < 8:
                continue
            sp = make_speaker(self.view.doc, subj.i, sent.first, sent.last) if subj is not None else None
            out.append(Found("indirect", start, end, sp, cue_text, "that", end))
        return out

    def according(self) -> list[Found]:
        out = []
        toks = self.view.tokens
        for t in toks[:-1]:
            nxt = toks[t.i + 1]
            noun = according_noun(self.an, self.lex, t)
            by_words = noun is not None and self.lex.according.get(fold(noun.lemma)) == "speech"
            as_said = fold(t.text) == "как" and cue_verb(nxt, self.lex) == "speech"
            if not (by_words or as_said) or self.inside_quote(t.start):
                continue
            sent = self.an.sentence_of(t.i)
            if by_words:
                owner = [c for c in children(self.an, noun.i) if c.rel in ("nmod", "det")]
                if not owner:
                    continue
                head = owner[0]
                cue_text = self.text[t.start:noun.end]
            else:
                subj, cue_word = speaker_token(self.view.doc, self.lex, nxt, sent.first, sent.last)
                if subj is None:
                    continue
                head = subj
                cue_text = f"{t.text} {cue_word}"
            phrase_end = self._phrase_end(t.i, sent.last)
            start, end = self._clause_around(t, phrase_end, sent.first, sent.last)
            if end - start < 8 or self.overlaps_quote(start, end):
                continue
            sp = make_speaker(self.view.doc, head.i, sent.first, sent.last)
            out.append(Found("indirect", start, end, sp, cue_text, "according", end))
        return out

    def named(self) -> list[Found]:
        """"А назвал X Y": the object and what it is called."""
        out = []
        for t in self.view.tokens:
            if fold(t.lemma) != "назвать" or t.pos != "VERB" or self.inside_quote(t.start):
                continue
            kids = children(self.an, t.i)
            obj = [k for k in kids if k.rel == "obj" and k.i > t.i]
            pred = [k for k in kids if k.i > t.i and k.rel in ("xcomp", "obl", "advcl", "obj")
                    and k.feats.get("Case") == "Ins"]
            if not obj or not pred or self._negated(t):
                continue
            sent = self.an.sentence_of(t.i)
            subj, _ = speaker_token(self.view.doc, self.lex, t, sent.first, sent.last)
            if subj is None:
                continue
            last = max(self._subtree_end(p.i, sent.last) for p in pred + obj)
            start = self.view.tokens[t.i + 1].start
            end = self.view.tokens[last].end
            if self.text.count("«", start, end) > self.text.count("»", start, end):
                close = self.text.find("»", end, self.view.tokens[sent.last - 1].end + 1)
                end = close + 1 if close > 0 else end  # a name cut inside its quotation marks
            start, end = self._trim(start, end)
            if end - start < 4:
                continue
            sp = make_speaker(self.view.doc, subj.i, sent.first, sent.last)
            out.append(Found("indirect", start, end, sp, t.text, "named", end))
        return out

    # -- helpers -----------------------------------------------------------------------------------
    def _cue_before(self, comma: int) -> tuple[Token, str] | None:
        """The speech verb (or "выразил уверенность") governing the "что" after token `comma`."""
        toks = self.view.tokens
        sent_first = self.an.sentence_of(comma).first
        seen = 0
        for k in range(comma - 1, sent_first - 1, -1):
            t = toks[k]
            if t.pos == "PUNCT":
                continue
            seen += 1
            if seen > MAX_GAP_TOKENS:
                return None
            use = cue_verb(t, self.lex)
            if use == "release":
                return t, t.text  # "в документе утверждается, что"
            if use == "speech":
                if t.feats.get("VerbForm") == "Inf" and t.head >= 0 and \
                        fold(toks[t.head].lemma) in MODALS:
                    return None  # "может заявить, что": nobody said it yet
                return t, t.text
            if fold(t.lemma) in self.lex.stance_nouns and t.head >= 0 and \
                    fold(toks[t.head].lemma) in ("выразить", "высказать", "выражать", "высказывать"):
                verb = toks[t.head]
                return verb, self.text[verb.start:t.end]
            if use is not None or t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") in ("Fin", "Conv", "Part"):
                return None
            if fold(t.text) in ("который", "которая", "которое", "которые", "что", "чтобы", "если", "когда"):
                return None
        return None

    def _negated(self, verb: Token) -> bool:
        return any(fold(c.text) == "не" for c in children(self.an, verb.i, ("advmod",)))

    def _subtree_end(self, i: int, limit: int) -> int:
        last = i
        todo = [i]
        seen = {i}  # the language layer cuts parse cycles; this walk must end even if one slipped through
        while todo:
            k = todo.pop()
            for c in self.an.children(k):
                if c < limit and c not in seen:
                    seen.add(c)
                    last = max(last, c)
                    todo.append(c)
        return last

    def _clause_after(self, that: Token, sent_last: int) -> tuple[int, int]:
        """From the word after "что" to the end of the sentence, stopping before a direct quote, a ";"
        and a second attribution (", добавив, что …", ", — сказал он")."""
        toks = self.view.tokens
        first = that.i + 1
        if first >= sent_last:
            return that.end, that.end
        last = sent_last - 1
        for k in range(first + 1, sent_last):
            t = toks[k]
            nxt = toks[k + 1] if k + 1 < sent_last else None
            if t.text == ";" or t.text == "," and nxt is not None and (
                    nxt.feats.get("VerbForm") == "Conv" and cue_verb(nxt, self.lex)
                    or nxt.text in "—–" or fold(nxt.text) in ("однако", "отметив", "подчеркнув")):
                last = k - 1
                break
        start, end = toks[first].start, toks[last].end
        for qs, qe in self.taken:
            if start <= qs < end:
                if qs in self.mixed_starts:
                    return start, start  # "заявил, что телеканал «потратил …»": the mixed quote reports it
                end = qs
        return self._trim(start, end)

    def _phrase_end(self, first: int, sent_last: int) -> int:
        """The token index just past "по словам А" / "как отметил А" (up to the next comma)."""
        toks = self.view.tokens
        k = first
        while k < sent_last and toks[k].text not in (",", ".", ";", ":", "!", "?"):
            k += 1
        return k

    def _clause_around(self, first: Token, phrase_end: int, sent_first: int, sent_last: int) -> tuple[int, int]:
        toks = self.view.tokens
        at_start = all(toks[k].pos == "PUNCT" or fold(toks[k].text) in ("а", "но", "и", "однако")
                       for k in range(sent_first, first.i))
        if at_start:
            start_i = phrase_end + 1
            if start_i >= sent_last:
                return 0, 0
            return self._trim(toks[start_i].start, toks[sent_last - 1].end)
        at_end = phrase_end >= sent_last - 1
        end_tok = first.i - 1
        if at_end:
            return self._trim(toks[sent_first].start, toks[end_tok].end if end_tok >= sent_first else first.start)
        return self._trim(toks[sent_first].start, toks[sent_last - 1].end)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start] in _TRIM:
            start += 1
        while end > start and self.text[end - 1] in _TRIM:
            end -= 1
        return start, end


def _vague(view: TextView, lex: Lexicon, f: Found) -> bool:
    head = view.tokens[f.speaker.head] if f.speaker else None
    if head is None:
        return not (f.cue and " " in f.cue)  # "в документе утверждается, что": the document's owner, said before
    return lex.is_vague(head.lemma, head.feats.get("Number")) or lex.is_vague(head.text, None)


def find_indirect(view: TextView, lex: Lexicon, taken: list[tuple[int, int]],
                  mixed_starts: set[int] = frozenset()) -> list[Found]:
    finder = IndirectFinder(view, lex, taken, mixed_starts)
    found = [f for f in finder.that_clauses() + finder.according() + finder.named()
             if not _vague(view, lex, f)]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Found] = []
    for f in found:
        # one reported clause, one quote ("Как отметил А, по его словам, …" would count twice)
        if any(k.start < f.end and f.start < k.end for k in kept):
            continue
        kept.append(f)
    return kept
