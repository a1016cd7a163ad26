"""One pass of the gazetteers over an analysed text: which tokens name a state, capital, seat, organisation,
outlet or place, which tokens are country adjectives or demonyms, and where office titles start."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..language import Analysis
from .lexicon import (Agency, Capital, Country, Hit, Igo, Lexicon, Media, Office, Place, fold,
                      token_keys)

# When one phrase is listed in several files, the reading that matters most for politics wins.
_PRIORITY = {Country: 0, Igo: 1, Agency: 2, Capital: 3, Media: 4, Place: 5}


def _best(entries: list[object]) -> object:
    return min(entries, key=lambda e: _PRIORITY.get(type(e), 9))


@dataclass
class Scan:
    """Gazetteer facts about one text, by token."""
    an: Analysis
    lex: Lexicon
    keys: list[tuple[str, ...]]
    texts: list[str]
    hits: list[Hit] = field(default_factory=list)
    hit_at: dict[int, Hit] = field(default_factory=dict)  # every token of a hit -> the hit
    adjective: dict[int, list[Country]] = field(default_factory=dict)  # token -> countries of an adjective
    demonym: dict[int, Country] = field(default_factory=dict)
    _offices: dict[int, tuple[int, Office] | None] = field(default_factory=dict)

    def office_at(self, i: int) -> tuple[int, Office] | None:
        """(end token, office) of the longest office title starting at token i, within its sentence."""
        if i not in self._offices:
            found = None
            t = self.an.tokens[i]
            if t.pos in ("NOUN", "PROPN", "ADJ", "VERB"):
                stop = self.an.sents[t.sent].last
                r = self.lex.offices.longest(self.keys, self.texts, i, stop)
                if r:
                    found = (r[0], r[1][0])
            self._offices[i] = found
        return self._offices[i]

    def hit_of(self, first: int, last: int) -> Hit | None:
        """The gazetteer hit exactly covering tokens [first, last), or the one hit inside them."""
        h = self.hit_at.get(first)
        if h and h.first == first and h.last == last:
            return h
        inside = {id(x): x for i in range(first, last) if (x := self.hit_at.get(i))
                  and x.first >= first and x.last <= last}
        if len(inside) == 1:
            return next(iter(inside.values()))
        if not inside and first in self.hit_at:
            # the span lies inside a longer listed name ("России" of "Банк России"): read it on its own
            r = self.lex.names.longest(self.keys, self.texts, first, last)
            if r and r[0] == last:
                return Hit(first, last, _best(r[1]))
        return None

    def country_of_token(self, i: int) -> Country | None:
        """The state a single token names: a country name, an adjective ("казахстанский") or a demonym."""
        h = self.hit_at.get(i)
        if h and isinstance(h.entry, Country):
            return h.entry
        if i in self.adjective:
            return self.adjective[i][0]
        return self.demonym.get(i)


def scan(an: Analysis, lex: Lexicon) -> Scan:
    toks = an.tokens
    keys = [_keys(t.text, t.lemma) for t in toks]
    texts = [t.text for t in toks]
    sc = Scan(an, lex, keys, texts)
    for sent in an.sents:
        i = sent.first
        while i < sent.last:
            t = toks[i]
            if t.pos == "PUNCT" or not any(c.isalnum() for c in t.text):
                i += 1
                continue
            r = lex.names.longest(keys, texts, i, sent.last)
            if r:
                end, entries = r
                hit = Hit(i, end, _best(entries))
                sc.hits.append(hit)
                for j in range(i, end):
                    sc.hit_at[j] = hit
                i = end
                continue
            _word_facts(sc, i)
            i += 1
    return sc


def _keys(text: str, lemma: str) -> tuple[str, ...]:
    keys = token_keys(text, lemma)
    low = fold(lemma)
    if low.startswith("экс-") and len(low) > 4:
        # "экс-министр", "экс-президента": the office without the prefix (roles.py marks it as former)
        return keys + (low[4:],)
    return keys


def _word_facts(sc: Scan, i: int) -> None:
    t = sc.an.tokens[i]
    lex = sc.lex
    lemma = fold(t.lemma)
    if t.pos == "ADJ" or lemma in lex.adjectives:
        if lemma in lex.adjectives:
            sc.adjective[i] = [lex.adjectives[lemma]]
            return
        if "-" in t.text:
            # "казахско-белорусского": every part before the last is an -о stem, the last an adjective
            parts = fold(t.text).split("-")
            found = [lex.compound_parts.get(p) for p in parts[:-1]]
            last = next((lex.adjectives[k] for k in _adjective_keys(parts[-1]) if k in lex.adjectives), None)
            found.append(last)
            if all(found):
                sc.adjective[i] = found  # type: ignore[assignment]
            return
    if t.pos in ("NOUN", "PROPN") and lemma in lex.demonyms:
        sc.demonym[i] = lex.demonyms[lemma]


def _adjective_keys(word: str) -> list[str]:
    from .lexicon import _morph
    return [fold(f.normal) for f in _morph().parse(word) if f.pos == "ADJ"]
