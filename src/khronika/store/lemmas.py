"""Lemmas for full-text search: the same function indexes documents and reads queries.

Every word becomes the set of its possible normal forms (pymorphy2 through natasha's MorphVocab),
lowercased with "ё" folded to "е". A document indexes all of them; a query word matches any of its own:
"Путина" -> {путин, путина} finds a text saying "Путин"; "ёлка" and "елка" both give "елка".
Using every plausible lemma (not a context-disambiguated one) keeps the two sides consistent without
running the tagger on a query. Words repeat a lot in news, so a per-word cache makes this cheap.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

# Letters and digits, hyphenated compounds kept whole ("Нур-Султан", "кто-то") as pymorphy expects.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# A parse this unlikely is noise from pymorphy's guesser for unknown words ("Утюпиным" -> "утюпиный").
MIN_SCORE = 0.05
MAX_WORD = 40  # longer "words" are URLs or junk; index them as they are


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


class Lemmatizer:
    """Word -> its lemma set; text -> the lemma string FTS indexes."""

    def __init__(self, morph=None, cache_size: int = 300_000):
        if morph is None:
            from natasha import MorphVocab
            morph = MorphVocab()
        self.morph = morph
        self.lemmas = lru_cache(maxsize=cache_size)(self._lemmas)

    def _lemmas(self, word: str) -> tuple[str, ...]:
        low = fold(word)
        if len(low) > MAX_WORD or not any(c.isalpha() for c in low):
            return (low,)
        weight: dict[str, float] = {}
        for p in self.morph.parse(word.lower()):
            norm = fold(p.normal_form)
            weight[norm] = weight.get(norm, 0.0) + p.score
        kept = sorted(n for n, s in weight.items() if s >= MIN_SCORE)
        return tuple(kept) if kept else (low,)

    def words(self, text: str) -> list[str]:
        return WORD.findall(text)

    def index_text(self, text: str) -> str:
        """The lemma column of a document: every lemma of every word, space-separated."""
        out: list[str] = []
        for w in WORD.findall(text):
            out.extend(self.lemmas(w))
        return " ".join(out)

    def query_groups(self, text: str) -> list[tuple[str, ...]]:
        """A query -> one group of alternative lemmas per word (a document must match each group)."""
        return [self.lemmas(w) for w in WORD.findall(text)]

    def matches(self, word: str, groups: Iterable[tuple[str, ...]]) -> bool:
        """Whether a document word matches any query group (for highlighting a snippet)."""
        mine = set(self.lemmas(word))
        return any(mine.intersection(g) for g in groups)


@lru_cache(maxsize=1)
def get_lemmatizer() -> Lemmatizer:
    """One per process; reuses natasha's MorphVocab when the language layer is already loaded."""
    from .. import language
    if language.get_language.cache_info().currsize:
        return Lemmatizer(language.get_language().morph_vocab)
    return Lemmatizer()
