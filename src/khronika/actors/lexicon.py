"""The actors' gazetteers, compiled once per process into lemma indexes.

Data files list nominative forms only; every case form is matched through lemmas: a data word's keys are its
lower-case form and the normal forms of its nominative readings (pymorphy), a text token's keys are its lemma (from
the language layer) and its lower-case form. Multi-word names live in a trie over those keys; the longest name wins.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from razdel import tokenize as razdel_tokenize

from .tables import DataFileError, Row, data_path, read_table

_VALUE = "\0"  # trie slot holding the entries that end at a node


def fold(s: str) -> str:
    return s.lower().replace("ё", "е")


@functools.lru_cache(maxsize=1)
def _morph():
    # the language layer's analyser when it is already loaded (one pymorphy per process), else a fresh one
    from ..language import get_language
    if get_language.cache_info().currsize:
        return get_language().morph_vocab
    from natasha import MorphVocab
    return MorphVocab()


@functools.lru_cache(maxsize=20_000)
def word_keys(word: str) -> frozenset[str]:
    """How a nominative data word can appear as a token's lemma or lower-case text."""
    keys = {fold(word)}
    if any(c.isalpha() for c in word) and not word.isupper():
        noms = [form for form in _morph().parse(word) if form.feats.get("Case") == "Nom"]
        for form in noms:
            keys.add(fold(form.normal))
        if noms and word[:1].isupper() and not _morph().word_is_known(word.lower()):
            # a name pymorphy does not know is lemmatised by guess in running text ("Акорде" -> "акорд"): its
            # case forms, from the paradigm pymorphy gives the nominative, match as they are written
            number = noms[0].feats.get("Number")
            keys.update(fold(f.word) for f in noms[0].lexeme if f.feats.get("Number") == number)
        elif word[:1].isupper() and " " not in word and not any(fold(f.normal) == fold(word) for f in noms):
            # a name pymorphy reads as a form of another word ("Хама" as "хам", "Кундуз" as "кундуза"): its
            # case forms by the regular noun endings
            keys.update(_regular_forms(fold(word)))
    return frozenset(keys)


def _regular_forms(w: str) -> set[str]:
    """Singular case forms of a proper noun by the regular first and second declensions ("хама" -> "хаме",
    "кундуз" -> "кундузе"); names ending otherwise ("алеппо") do not decline."""
    if w.endswith("а"):
        stem = w[:-1]
        soft = stem[-1:] in ("г", "к", "х", "ж", "ш", "ч", "щ")
        return {stem + ("и" if soft else "ы"), stem + "е", stem + "у", stem + "ой"}
    if w.endswith("я"):
        stem = w[:-1]
        return {stem + "и", stem + "е", stem + "ю", stem + "ей"}
    if w[-1:] and w[-1] not in "аеёиоуыэюяь" and w[-1].isalpha():
        return {w + "а", w + "у", w + "ом", w + "е"}
    return set()


def split_words(phrase: str) -> list[str]:
    """The tokens natasha's segmenter (razdel) makes of a phrase."""
    return [t.text for t in razdel_tokenize(phrase)]


def token_keys(text: str, lemma: str) -> tuple[str, ...]:
    t, lem = fold(text), fold(lemma)
    return (lem,) if t == lem else (lem, t)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


@dataclass(frozen=True, slots=True)
class Hit:
    first: int  # token range [first, last)
    last: int
    entry: object


@dataclass(slots=True)
class _Variant:
    entry: object
    caps: tuple[bool, ...]  # which words must start with a capital in the text


class PhraseIndex:
    """A trie over word keys; `longest(keys, texts, i)` finds the longest listed phrase starting at token i."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.size = 0

    def add(self, phrase: str, entry: object, cased: bool = True) -> None:
        words = split_words(phrase)
        if not words:
            return
        nodes = [self.root]
        for w in words:
            nxt: list[dict] = []
            keys = word_keys(w)
            for node in nodes:
                # every form of one word leads to one shared child, so that a name of n words with many forms
                # each stays n levels of nodes (a child another name made already is followed too)
                shared = next((node[k] for k in keys if k in node), None)
                if shared is None:
                    shared = {}
                for k in keys:
                    child = node.setdefault(k, shared)
                    if all(child is not n for n in nxt):
                        nxt.append(child)
            nodes = nxt
        # the first word keeps its capital (МИД, Кремль, Минск); inside a name only abbreviations do
        # ("Совет безопасности ООН" as well as "Совет Безопасности ООН")
        caps = tuple(cased and is_capitalised(w) and (n == 0 or (w.isupper() and len(w) > 1))
                     for n, w in enumerate(words))
        for node in nodes:
            node.setdefault(_VALUE, []).append(_Variant(entry, caps))
        self.size += 1

    def longest(self, keys: Sequence[tuple[str, ...]], texts: Sequence[str], i: int,
                stop: int | None = None) -> tuple[int, list[object]] | None:
        """(end token, entries) of the longest phrase at token i whose capitalisation fits, or None."""
        stop = len(keys) if stop is None else stop
        frontier = [self.root]
        best: tuple[int, list[object]] | None = None
        j = i
        while frontier and j < stop:
            nxt = []
            for node in frontier:
                for k in keys[j]:
                    child = node.get(k)
                    if child is not None and all(child is not n for n in nxt):
                        nxt.append(child)
            frontier = nxt
            j += 1
            found = [v.entry for node in frontier for v in node.get(_VALUE, ())
                     if all(not c or is_capitalised(texts[i + n]) for n, c in enumerate(v.caps))]
            if found:
                best = (j, found)
        return best


@dataclass(frozen=True, slots=True)
class Country:
    id: str  # countries.tsv id: ISO alpha-3, or ISO-suffix for an unrecognised entity
    code: str  # the code an actor gets (ISO alpha-3, IGO, UNO, EUR)
    name: str
    genitive: str
    wikidata: str | None

    @property
    def key(self) -> str:
        return self.wikidata or f"country:{self.id}"


@dataclass(frozen=True, slots=True)
class Igo:
    code: str  # IGO | UNO | EUR
    name: str  # canonical: the key is made from it
    sector: str | None
    wikidata: str | None
    shown: str = ""  # the listed form that matched ("Евросоюз", "ЕС"): the actor is named as the article names it

    @property
    def key(self) -> str:
        return self.wikidata or f"igo:{self.code}:{slug(self.name)}"


@dataclass(frozen=True, slots=True)
class Capital:
    name: str  # the city (or seat) as listed
    stands_for: str  # countries.tsv id or EUR
    place_country: str
    seat: bool  # a seat of government (Кремль) rather than a city


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Agency:
    name: str  # canonical short form: МИД, Минобороны, Госдеп
    sector: str | None
    country: str | None
    head_office: str | None
    proper: bool  # a name (capitalised) rather than a description (внешнеполитическое ведомство)
    generic: bool = False  # правительство, парламент: a name only together with its state
    shown: str = ""  # the listed form that matched ("Министерство обороны", "Минобороны")


@dataclass(frozen=True, slots=True)
class Media:
    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Office:
    name: str  # canonical: "министр иностранных дел"
    sector: str | None
    country: str | None = None  # the code a title implies by itself ("еврокомиссар" -> EUR)


@dataclass
class Lexicon:
    countries: dict[str, Country] = field(default_factory=dict)
    igos: dict[str, Igo] = field(default_factory=dict)
    names: PhraseIndex = field(default_factory=PhraseIndex)  # country | capital | place | igo | agency | media
    offices: PhraseIndex = field(default_factory=PhraseIndex)
    office_by_name: dict[str, Office] = field(default_factory=dict)
    adjectives: dict[str, Country] = field(default_factory=dict)  # lemma -> country ("казахстанский")
    compound_parts: dict[str, Country] = field(default_factory=dict)  # "казахско" of "казахско-белорусский"
    demonyms: dict[str, Country] = field(default_factory=dict)  # lemma -> country ("белорус")
    media: dict[str, Media] = field(default_factory=dict)  # folded name -> media
    cues: dict[str, set[str]] = field(default_factory=dict)  # lemma -> roles (cues.tsv)
    sites: dict[str, str] = field(default_factory=dict)  # domain suffix -> home state of a news site
    org_sector: dict[str, str] = field(default_factory=dict)  # organisation word lemma -> sector

    def home_of(self, url: str | None, site: str | None = None) -> str | None:
        """The home state of the site an article comes from, by its host's ending; None when unknown."""
        import urllib.parse
        host = fold(site or "")
        if url:
            host = fold(urllib.parse.urlsplit(url if "//" in url else "//" + url).hostname or host)
        if not host:
            return None
        for domain in sorted(self.sites, key=len, reverse=True):
            if host == domain.lstrip(".") or host.endswith(domain if domain.startswith(".") else "." + domain) \
                    or host == domain:
                return self.sites[domain]
        return None

    def cue(self, lemma: str, role: str) -> bool:
        return role in self.cues.get(fold(lemma), ())

    def country(self, id_or_code: str | None) -> Country | None:
        return self.countries.get(id_or_code) if id_or_code else None


def slug(s: str) -> str:
    out = []
    for ch in fold(s):
        out.append(ch if ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def _check_code(row: Row, column: str, known: Iterable[str], allow_empty: bool = True) -> str | None:
    v = row[column]
    if not v:
        if allow_empty:
            return None
        raise row.fail(f"empty '{column}'")
    if v not in known:
        raise row.fail(f"unknown {column} '{v}'")
    return v


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read and compile every actors data file; a malformed line raises DataFileError(file, line, reason)."""
    path = (lambda n: directory / n) if directory else data_path
    lex = Lexicon()
    for row in read_table(path("countries.tsv"),
                          ["id", "code", "name", "genitive", "variants", "adjectives", "demonyms", "wikidata"],
                          required=("id", "code", "name", "genitive")):
        if row["id"] in lex.countries:
            raise row.fail(f"duplicate id '{row['id']}'")
        if len(row["code"]) != 3 or not row["code"].isupper():
            raise row.fail(f"code must be three capital letters, got '{row['code']}'")
        c = Country(row["id"], row["code"], row["name"], row["genitive"], row["wikidata"] or None)
        lex.countries[c.id] = c
        for name in [c.name, *row.list("variants")]:
            lex.names.add(name, c)
            if "-" in name and " " not in name:
                lex.names.add(name.replace("-", " "), c)  # "Коста Рика", "Эль Сальвадор" as also written
        for adj in row.list("adjectives"):
            for k in word_keys(adj):
                lex.adjectives.setdefault(k, c)
            stem = fold(adj)
            if stem[-2:] in ("ий", "ый", "ой"):
                lex.compound_parts.setdefault(stem[:-2] + "о", c)
        for dem in row.list("demonyms"):
            for k in word_keys(dem):
                lex.demonyms.setdefault(k, c)
    lex.countries["EUR"] = Country("EUR", "EUR", "Европейский союз", "Европейского союза", "Q458")
    for row in read_table(path("igos.tsv"), ["code", "name", "variants", "sector", "wikidata"],
                          required=("code", "name")):
        if row["code"] not in ("IGO", "UNO", "EUR"):
            raise row.fail(f"code must be IGO, UNO or EUR, got '{row['code']}'")
        igo = Igo(row["code"], row["name"], row["sector"] or None, row["wikidata"] or None, row["name"])
        lex.igos.setdefault(igo.name, igo)
        for name in [igo.name, *row.list("variants")]:
            lex.names.add(name, Igo(igo.code, igo.name, igo.sector, igo.wikidata, name.strip("«»")))
    known = set(lex.countries)
    for row in read_table(path("capitals.tsv"), ["stands_for", "place_country", "cities", "seats", "adjectives"],
                          required=("stands_for", "place_country")):
        stands = _check_code(row, "stands_for", known, allow_empty=False)
        place = _check_code(row, "place_country", known, allow_empty=False)
        if not row.list("cities") and not row.list("seats"):
            raise row.fail("neither cities nor seats")
        for n, city in enumerate(row.list("cities")):
            lex.names.add(city, Capital(row.list("cities")[0], stands, place, False))
        for seat in row.list("seats"):
            lex.names.add(seat, Capital(seat, stands, place, True))
        for adj in row.list("adjectives"):
            for k in word_keys(adj):
                lex.adjectives.setdefault(k, lex.countries[stands])  # a country's own adjective wins
    for row in read_table(path("places.tsv"), ["name", "variants", "country"], required=("name",)):
        p = Place(row["name"], _check_code(row, "country", known))
        for name in [p.name, *row.list("variants")]:
            lex.names.add(name, p)
    for row in read_table(path("offices.tsv"), ["office", "variants", "sector", "country"],
                          required=("office", "sector")):
        o = Office(row["office"], row["sector"], _check_code(row, "country", known))
        lex.office_by_name[o.name] = o
        for name in [o.name, *row.list("variants")]:
            lex.offices.add(name, o, cased=False)
    for row in read_table(path("agencies.tsv"), ["name", "variants", "sector", "country", "head_office", "generic"],
                          required=("name", "sector", "generic")):
        country = _check_code(row, "country", known)
        if row["generic"] not in ("yes", "no"):
            raise row.fail(f"generic must be yes or no, got '{row['generic']}'")
        head = row["head_office"] or None
        if head and head not in lex.office_by_name:
            lex.office_by_name[head] = Office(head, row["sector"])
        for name in [row["name"], *row.list("variants")]:
            a = Agency(row["name"], row["sector"], country, head, proper=is_capitalised(name),
                       generic=row["generic"] == "yes", shown=name[:1].upper() + name[1:])
            lex.names.add(name, a)
            if head:
                # "глава МИД", "руководитель Минобороны" -> the agency's head office
                for boss in ("глава", "руководитель", "начальник", "шеф"):
                    lex.offices.add(f"{boss} {name}", lex.office_by_name[head], cased=False)
    for row in read_table(path("media.tsv"), ["name", "variants", "country"], required=("name",)):
        m = Media(row["name"], _check_code(row, "country", known))
        for name in [m.name, *row.list("variants")]:
            lex.media[fold(name)] = m
            lex.names.add(name, m)
    roles = {"political_noun", "place_noun", "speech_verb", "partner_prep", "media_noun", "org_noun", "not_a_name",
             "collective_noun"}
    for row in read_table(path("cues.tsv"), ["lemma", "role", "sector"], required=("lemma", "role")):
        if row["role"] not in roles:
            raise row.fail(f"unknown role '{row['role']}' (known: {', '.join(sorted(roles))})")
        if row["role"] == "org_noun":
            if not row["sector"]:
                raise row.fail("an org_noun needs a sector")
            lex.org_sector.setdefault(fold(row["lemma"]), row["sector"])
        lex.cues.setdefault(fold(row["lemma"]), set()).add(row["role"])
    for row in read_table(path("sites.tsv"), ["domain", "country"], required=("domain", "country")):
        lex.sites[fold(row["domain"])] = _check_code(row, "country", known, allow_empty=False)
    return lex


@functools.lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The packaged gazetteers, compiled once per process."""
    return load_lexicon()


__all__ = ["Lexicon", "load_lexicon", "get_lexicon", "DataFileError", "Country", "Igo", "Capital", "Place",
           "Agency", "Media", "Office", "PhraseIndex", "Hit", "fold", "slug", "token_keys", "word_keys"]
