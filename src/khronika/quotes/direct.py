"""Direct and mixed quotes: quoted spans with the author's words that attribute them.

Russian news attributes a quotation in a few regular ways, tried in this order:
  after       «П», — сказал А.  /  «П?» – спросил А.  /  «П», — говорится в сообщении МИД
  colon       А заявил: «П».  /  А: «П»  (also with the colon closing the previous paragraph)
  according   По словам А, «П».  /  Как отметил А, «П».
  interrupted «П, — продолжил А, — п».  /  «П, — напомнил А. — П».
  mixed       А заявил, что «фрагмент»
  continued   a quotation standing as its own sentence right after an attributed one («П1», — сказал А. «П2».)
A quoted span with none of these is a name, a title or a scare quote, and is not a quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..language import Token
from .context import TextView
from .lexicon import Lexicon, fold
from .marks import QuotedSpan
from .speakers import NOMINAL, Speaker, according_noun, children, fallback_subject, make_speaker, speaker_token

_DASH_AFTER = re.compile(r"[ \t]*[,.!?…]?[ \t]*[—–-][ \t]*")
_INSERT_EDGE = re.compile(r"([,.!?…])[ \t]*[—–-][ \t]+")
_ONLY_GLUE = re.compile(r"[\s.,!?…—–-]*")
_SENTENCE_END = re.compile(r"[ \t]*(?:[.!?…]|$|\n)")
_WORD = re.compile(r"\w+(?:[-‑]\w+)*")
CUE_POS = {"VERB", "AUX", "ADJ"}
# "сделал заявление", "высказал мнение": a light verb whose object carries the speech act
_LIGHT_VERBS = {"сделать", "высказать", "выразить", "дать"}
_SPEECH_OBJECTS = {"заявление", "мнение", "комментарий", "слово", "оценка", "понять", "позиция", "точка"}
MAX_FRAME_TOKENS = 8
MODALS = {"мочь", "способный", "должный", "готовый", "хотеть", "собираться", "намереваться", "стоить",
          "следовать", "нужно", "надо", "можно", "необходимо", "должен", "способен", "готов"}


@dataclass
class Found:
    kind: str                    # direct | mixed | indirect
    start: int
    end: int
    speaker: Speaker | None
    cue: str | None
    scheme: str
    attribution_end: int         # where the quote and its attribution end (for continuations)
    continues: "Found | None" = None  # the attributed quote a continuation takes its speaker from
    actor: str | None = None     # the speaker's actor, filled by resolution


def cue_verb(t: Token, lex: Lexicon, an_children=None) -> str | None:
    """The use of `t` as a cue (speech | opinion | direct | release) or None."""
    if t.pos not in CUE_POS:
        return None
    return lex.verb_use(t.lemma) or lex.verb_use(t.text)


def _light_verb_cue(view: TextView, t: Token, lex: Lexicon) -> bool:
    if fold(t.lemma) not in _LIGHT_VERBS:
        return False
    an = view.doc.analysis
    objs = children(an, t.i, ("obj", "xcomp"))
    return any(fold(o.lemma) in _SPEECH_OBJECTS or fold(o.lemma) in lex.stance_nouns for o in objs)


def first_cue(view: TextView, lex: Lexicon, lo: int, hi: int, limit: int = MAX_FRAME_TOKENS) -> Token | None:
    toks = view.tokens
    seen = 0
    for k in range(lo, hi):
        t = toks[k]
        if t.pos == "PUNCT":
            continue
        seen += 1
        if seen > limit:
            return None
        if cue_verb(t, lex) or _light_verb_cue(view, t, lex):
            return t
    return None


def words(text: str) -> int:
    return len(_WORD.findall(text))


def looks_like_name(view: TextView, lex: Lexicon, span: QuotedSpan) -> bool:
    """«Орешник», телеканал «Россия», «Северный поток — 2», a party or a newspaper: a short capitalised
    span with no sentence punctuation, or any short span right after a name noun."""
    inner = view.text[span.start:span.end].strip()
    if not inner or words(inner) > 4 or re.search(r"[.!?…,:;]", inner):
        return False
    before = view.tokens_between(max(0, span.open - 40), span.open)
    if before and fold(before[-1].lemma) in lex.name_nouns:
        return True
    return inner[0].isupper() or inner[0].isdigit() or bool(re.match(r"[A-Za-z]", inner))


class DirectFinder:
    def __init__(self, view: TextView, lex: Lexicon):
        self.view = view
        self.lex = lex
        self.text = view.text
        self.an = view.doc.analysis

    # -- attribution schemes ---------------------------------------------------------------------
    def after(self, s: QuotedSpan) -> Found | None:
        if not s.closed:
            return None
        para_end = self.view.paragraph(s.close)[1]
        m = _DASH_AFTER.match(self.text, s.outer_end, para_end)
        if not m or "-" in m.group(0) and not re.search(r"-\s", self.text[m.start():m.end() + 1]):
            return None  # a hyphen is a dash only with a space after it («П»-сказал is not a frame)
        fstart = m.end()
        fend = self._frame_end(fstart, para_end)
        lo, hi = self.view.token_range(fstart, fend)
        verb = first_cue(self.view, self.lex, lo, hi)
        if verb is None:
            return None
        return self._framed(s.start, self._content_end(s), verb, lo, hi, "after", fend)

    def colon(self, s: QuotedSpan, floor: int) -> Found | None:
        i = s.open - 1
        while i >= 0 and self.text[i] in " \t\n":
            i -= 1
        if i < 0 or self.text[i] != ":" or i < floor:
            return None
        sent_start = self.view.sentence_bounds(i - 1 if i else 0)[0]
        fstart = max(sent_start, self.view.paragraph(i)[0], floor)
        lo, hi = self.view.token_range(fstart, i)
        if lo >= hi:
            return None
        by_words = self._according_owner(lo, hi)
        if by_words is not None:
            owner, cue = by_words
            sp = make_speaker(self.view.doc, owner.i, lo, hi)
            return Found("direct", s.start, self._content_end(s), sp, cue, "colon", s.outer_end)
        cues = [t for t in self.view.tokens[lo:hi] if (cue_verb(t, self.lex) or _light_verb_cue(self.view, t, self.lex))
                and not self._modal(t)]
        if cues:
            return self._framed(s.start, self._content_end(s), cues[-1], lo, hi, "colon", s.outer_end)
        # "Лавров: «…»", "Глава МИД России Сергей Лавров: «…»": a short name phrase and a colon
        if hi - lo > 10 or any(t.pos in ("VERB", "AUX") for t in self.view.tokens[lo:hi]):
            return None
        roots = [t for t in self.view.tokens[lo:hi] if not (lo <= t.head < hi) and t.pos in NOMINAL]
        named = any(sp.start >= fstart and sp.end <= i and sp.type in ("PER", "ORG") for sp in self.an.spans)
        if len(roots) != 1 or not (named or roots[0].pos == "PRON"):
            return None
        sp = make_speaker(self.view.doc, roots[0].i, lo, hi)
        return Found("direct", s.start, self._content_end(s), sp, None, "colon", s.outer_end)

    def according(self, s: QuotedSpan) -> Found | None:
        """"По словам А, «П»." / "Как заявил А, «П»." with the quotation closing the sentence."""
        sent_start = max(self.view.sentence_bounds(s.open)[0], self.view.paragraph(s.open)[0])
        prefix = self.text[sent_start:s.open]
        if not prefix.rstrip().endswith(",") or not self._ends_sentence(s):
            return None
        lo, hi = self.view.token_range(sent_start, s.open)
        toks = self.view.tokens
        by_words = self._according_owner(lo, min(hi, lo + 4))
        if by_words is not None:
            owner, cue = by_words
            sp = make_speaker(self.view.doc, owner.i, lo, hi)
            return Found("direct", s.start, self._content_end(s), sp, cue, "according", s.outer_end)
        for k in range(lo, min(hi - 1, lo + 3)):
            t, nxt = toks[k], toks[k + 1]
            if fold(t.text) == "как" and cue_verb(nxt, self.lex):
                subj, cue = speaker_token(self.view.doc, self.lex, nxt, lo, hi)
                if subj is None and " " not in cue:
                    subj = fallback_subject(self.an, nxt, lo, hi)
                if subj is None:
                    return None
                sp = make_speaker(self.view.doc, subj.i, lo, hi)
                return Found("direct", s.start, self._content_end(s), sp, f"{t.text} {cue}",
                             "according", s.outer_end)
        return None

    def interrupted(self, s: QuotedSpan) -> Found | None:
        """«П, — продолжил А, — п»: the author's words inside one pair of marks."""
        edges = list(_INSERT_EDGE.finditer(self.text, s.start, s.end))
        for a, b in zip(edges, edges[1:]):
            insert = self.text[a.end():b.start()]
            if not insert or len(insert) > 160 or "\n" in insert or insert.count("«") != insert.count("»"):
                continue
            lo, hi = self.view.token_range(a.end(), b.start())
            verb = first_cue(self.view, self.lex, lo, hi, limit=4)
            if verb is None:
                continue
            return self._framed(s.start, self._content_end(s), verb, lo, hi, "interrupted", s.outer_end)
        return None

    def mixed(self, s: QuotedSpan) -> Found | None:
        """"А заявил, что «фрагмент»": the quotation sits in the reported clause of a speech verb."""
        sent_start = max(self.view.sentence_bounds(s.open)[0], self.view.paragraph(s.open)[0])
        lo, hi = self.view.token_range(sent_start, s.open)
        toks = self.view.tokens
        that = next((k for k in range(hi - 1, lo, -1)
                     if fold(toks[k].text) == "что" and toks[k - 1].text == ","), None)
        if that is None or s.open - toks[that].end > 80:
            return None
        inner = self.text[s.start:s.end]
        if words(inner) < 3 or looks_like_name(self.view, self.lex, s):
            return None
        for k in range(that - 1, max(lo - 1, that - 8), -1):
            t = toks[k]
            use = cue_verb(t, self.lex)
            stance = fold(t.lemma) in self.lex.stance_nouns
            if use == "speech" or stance:
                verb = toks[t.head] if stance and t.head >= 0 else t
                subj, cue = speaker_token(self.view.doc, self.lex, verb, lo, hi)
                if subj is None:
                    subj = fallback_subject(self.an, verb, lo, hi)
                if subj is None:
                    return None
                sp = make_speaker(self.view.doc, subj.i, lo, hi)
                cue = self.text[verb.start:t.end] if stance else cue
                return Found("mixed", s.start, self._content_end(s), sp, cue, "mixed", s.outer_end)
            if t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin":
                return None
        return None

    def continued(self, s: QuotedSpan, prev: Found | None) -> Found | None:
        if prev is None or prev.scheme == "mixed" or prev.speaker is None and prev.continues is None:
            return None
        between = self.text[prev.attribution_end:s.open]
        if not _ONLY_GLUE.fullmatch(between) or between.count("\n") > 2 or not self._ends_sentence(s):
            return None
        inner = self.text[s.start:s.end]
        if words(inner) < 3 or looks_like_name(self.view, self.lex, s):
            return None
        if "\n" in between and not _ONLY_GLUE.fullmatch(self.text[s.outer_end:self.view.paragraph(s.close)[1]]):
            return None  # in a new paragraph only a quotation filling it continues the last speaker
        return Found("direct", s.start, self._content_end(s), None, None, "continued", s.outer_end,
                     continues=prev)

    # -- helpers -----------------------------------------------------------------------------------
    def _according_owner(self, lo: int, hi: int) -> tuple[Token, str] | None:
        """"по словам/мнению А" among tokens [lo, hi): the head naming А and the cue."""
        toks = self.view.tokens
        for k in range(lo, hi - 1):
            noun = according_noun(self.an, self.lex, toks[k])
            if noun is not None:
                owner = [c for c in children(self.an, noun.i) if c.rel in ("nmod", "det") and lo <= c.i < hi + 8]
                if owner:
                    return owner[0], self.text[toks[k].start:noun.end]
        return None

    def _modal(self, t: Token) -> bool:
        """"можно признать", "может заявить": an infinitive under a modal reports nothing said."""
        return t.feats.get("VerbForm") == "Inf" and t.head >= 0 and fold(self.an.tokens[t.head].lemma) in MODALS

    def _framed(self, start: int, end: int, verb: Token, lo: int, hi: int, scheme: str,
                attribution_end: int) -> Found | None:
        subj, cue = speaker_token(self.view.doc, self.lex, verb, lo, hi)
        if subj is None and " " not in cue:
            subj = fallback_subject(self.an, verb, lo, hi)
        speaker = make_speaker(self.view.doc, subj.i, lo, hi) if subj is not None else None
        if speaker is None and " " not in cue:
            return None  # a speech verb with nobody speaking ("было написано: «…»") names no speaker
        return Found("direct", start, end, speaker, cue, scheme, attribution_end)

    def _frame_end(self, fstart: int, para_end: int) -> int:
        end = min(self.view.sentence_bounds(fstart)[1], para_end)
        nxt = re.search(r"[«\"“„]|[,.]\s*[—–]\s", self.text[fstart:end])
        return fstart + nxt.start() if nxt else end

    def _content_end(self, s: QuotedSpan) -> int:
        end = s.end
        while end > s.start and self.text[end - 1].isspace():
            end -= 1
        return end

    def _ends_sentence(self, s: QuotedSpan) -> bool:
        if not s.closed:
            return True
        if self.text[s.start:s.end].rstrip()[-1:] in (".", "!", "?", "…"):
            return True
        return bool(_SENTENCE_END.match(self.text, s.outer_end))


def find_direct(view: TextView, lex: Lexicon, spans: list[QuotedSpan]) -> list[Found]:
    finder = DirectFinder(view, lex)
    found: list[Found] = []
    prev: Found | None = None
    floor = 0
    for s in spans:
        if s.depth:
            continue
        if s.end - s.start < 1 or s.open < floor:
            continue
        hit = (finder.after(s) or finder.colon(s, floor) or finder.according(s) or finder.interrupted(s)
               or finder.mixed(s) or finder.continued(s, prev))
        if hit is not None:
            found.append(hit)
            prev = hit
            floor = hit.attribution_end
    return found
