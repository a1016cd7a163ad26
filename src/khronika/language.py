"""The language layer: natasha loaded once per process, its output as plain indexed objects.

Downstream stages (actors, quotes, events) work on `Analysis`: global token indexes, heads
as token indexes, sentences and NER spans with character offsets into the analysed text.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

# Two natasha workers otherwise fight over two cores (DESIGN.md: measured 3.5x slower).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


@dataclass(slots=True)
class Token:
    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    feats: dict[str, str]
    head: int  # token index of the syntactic head, -1 for the root
    rel: str
    sent: int


@dataclass(slots=True)
class Sentence:
    i: int
    start: int
    end: int
    first: int  # token index range [first, last)
    last: int


@dataclass(slots=True)
class NerSpan:
    start: int
    end: int
    type: str  # PER | ORG | LOC
    text: str
    normal: str
    first: int  # token index range [first, last)
    last: int


@dataclass
class Analysis:
    text: str
    tokens: list[Token]
    sents: list[Sentence]
    spans: list[NerSpan]
    _children: list[list[int]] | None = field(default=None, repr=False)

    def children(self, i: int) -> list[int]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for t in self.tokens:
                if t.head >= 0:
                    kids[t.head].append(t.i)
            self._children = kids
        return self._children[i]

    def heads_changed(self) -> None:
        """Call after re-attaching tokens: children() is rebuilt from the heads on its next call."""
        self._children = None

    def token_at(self, char: int) -> Token | None:
        """The token covering character `char` (binary search)."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            t = self.tokens[mid]
            if t.end <= char:
                lo = mid + 1
            elif t.start > char:
                hi = mid
            else:
                return t
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]

    def sentence_of(self, token_i: int) -> Sentence:
        return self.sents[self.tokens[token_i].sent]

    def sentence_at(self, char: int) -> Sentence | None:
        for s in self.sents:
            if s.start <= char < s.end:
                return s
        return None


NORMAL_CACHE_SIZE = 50_000


class Language:
    """natasha's models, loaded once (about 1 s and 300 MB) and reused for every text."""

    def __init__(self) -> None:
        from natasha import (MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger,
                             NewsSyntaxParser, Segmenter)
        self.segmenter = Segmenter()
        self.morph_vocab = MorphVocab()
        emb = NewsEmbedding()
        self.morph_tagger = NewsMorphTagger(emb)
        self.syntax_parser = NewsSyntaxParser(emb)
        self.ner_tagger = NewsNERTagger(emb)
        self._dates = None
        self._normals: dict[tuple, str] = {}

    @property
    def dates_extractor(self):
        # yargy grammars compile on first use; most texts never need them
        if self._dates is None:
            from natasha import DatesExtractor
            self._dates = DatesExtractor(self.morph_vocab)
        return self._dates

    def natasha_doc(self, text: str):
        """natasha alone: segment + morph + syntax + NER (the baseline bench/ measures against)."""
        from natasha import Doc
        doc = Doc(text)
        doc.segment(self.segmenter)
        split_sents_at_line_breaks(doc)
        doc.tag_morph(self.morph_tagger)
        doc.parse_syntax(self.syntax_parser)
        doc.tag_ner(self.ner_tagger)
        return doc

    def analyse(self, text: str) -> Analysis:
        doc = self.natasha_doc(text)
        tokens: list[Token] = []
        sents: list[Sentence] = []
        by_id: dict[str, int] = {}
        for si, s in enumerate(doc.sents):
            first = len(tokens)
            ids = []
            for t in s.tokens:
                by_id[t.id] = len(tokens)
                ids.append(t.head_id)
                tokens.append(Token(len(tokens), t.start, t.stop, t.text, self.lemma(t.text, t.pos, t.feats),
                                    t.pos or "X", dict(t.feats or {}), -1, t.rel or "", si))
            for tok, head_id in zip(tokens[first:], ids):
                tok.head = by_id.get(head_id, -1) if head_id else -1
                if tok.head == tok.i:
                    tok.head = -1
            break_cycles(tokens, first, len(tokens))
            sents.append(Sentence(si, s.start, s.stop, first, len(tokens)))
        spans: list[NerSpan] = []
        for sp in doc.spans:
            first = by_id[sp.tokens[0].id]
            last = by_id[sp.tokens[-1].id] + 1
            spans.append(NerSpan(sp.start, sp.stop, sp.type, sp.text, self._span_normal(sp),
                                 first, last))
        return Analysis(text, tokens, sents, spans)

    def _span_normal(self, sp) -> str:
        """natasha's normal form of a NER span, cached: the same name in the same form recurs across articles.
        The key holds everything natasha's normalisation reads, as natasha reads it: type, words, tags, and the
        parser's raw heads inside the span (before our cycle cutting, which natasha never sees: a key built on
        the cut heads let two different parses share one cached form, so the result hung on article order)."""
        where = {t.id: k for k, t in enumerate(sp.tokens)}
        key = (sp.type, sp.text, tuple((t.pos, tuple(sorted((t.feats or {}).items())), where.get(t.head_id))
                                       for t in sp.tokens))
        normal = self._normals.get(key)
        if normal is None:
            sp.normalize(self.morph_vocab)
            normal = sp.normal or sp.text
            if len(self._normals) >= NORMAL_CACHE_SIZE:
                self._normals.clear()
            self._normals[key] = normal
        return normal

    def lemma(self, word: str, pos: str | None, feats) -> str:
        return _lemma(self.morph_vocab, word, pos or "X", tuple(sorted((feats or {}).items())))

    def normal_form(self, phrase: str) -> str:
        """Nominative of a short name phrase outside any text ("Павлом Утюпиным" -> "Павел Утюпин")."""
        from natasha import Doc
        from natasha.norm import normalize
        doc = Doc(phrase)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        return normalize(self.morph_vocab, doc.tokens) or phrase


def split_sents_at_line_breaks(doc) -> None:
    """A sentence never crosses a line break: the title (no final full stop) and each paragraph are parsed
    on their own, otherwise the title's verb and the lead's share one parse and steal each other's subjects."""
    from natasha.doc import DocSent
    sents = []
    for s in doc.sents:
        if "\n" not in s.text:
            sents.append(s)
            continue
        for m in re.finditer(r"[^\n]*\S[^\n]*", s.text):
            piece = m.group().strip()
            start = s.start + m.start() + (len(m.group()) - len(m.group().lstrip()))
            sents.append(DocSent(start, start + len(piece), piece))
    if len(sents) != len(doc.sents):
        doc.sents = sents
        doc.envelop_sent_tokens()


@functools.lru_cache(maxsize=200_000)
def _lemma(vocab, word: str, pos: str, feats: tuple) -> str:
    # natasha's lemmatize picks the pymorphy parse agreeing with the tagger's POS and features;
    # the cache makes repeated words (most of news text) free.
    return vocab.lemmatize(word, pos, dict(feats)).lower()


def break_cycles(tokens: list[Token], first: int, last: int) -> None:
    """natasha's parser now and then returns a cycle ("кошельках" <-> "французов"); every stage walks heads
    and children, so a sentence must be a forest: each cycle is cut where the walk enters it."""
    done: set[int] = set()
    for i in range(first, last):
        path: set[int] = set()
        k = i
        while k >= 0 and k not in done and k not in path:
            path.add(k)
            k = tokens[k].head
        if k >= 0 and k in path:
            tokens[k].head = -1
        done |= path


@functools.lru_cache(maxsize=1)
def get_language() -> Language:
    """One Language per process."""
    return Language()
