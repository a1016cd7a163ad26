"""Persons: PER mentions grouped into people (full name, surname alone, first name alone), their canonical
nominative names, the offices their role phrases give them, and the registry's identity for them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Agency, Igo, fold
from .registry import person_key
from .roles import RolePhrase, role_after, titles_before

_PATRONYMIC = re.compile(r"(вич|вна|ична|ьич)$", re.I)


@dataclass
class Person:
    """A group of PER mentions that name one person."""
    surname: str
    names: list[str] = field(default_factory=list)  # normal forms, in order
    works: list = field(default_factory=list)  # resolve.Work
    role: RolePhrase | None = None
    gender: str | None = None
    titles: list[RolePhrase] = field(default_factory=list)


class PersonsMixin:
    """The person half of resolve.Resolver (it provides an, sc, works, table, registry, doc, org_spans)."""

    def resolve_persons(self) -> None:
        people: list[Person] = []
        per_works = sorted((w for w in self.works if w.m.type == "PER"), key=lambda w: w.first)
        per_tokens = {i for w in per_works for i in range(w.first, w.last)}
        for w in per_works:
            words = self._name_of(w)
            if not words:
                continue
            person = self._group_for(people, words)
            if person is None:
                person = Person(surname_key(words[-1]))
                people.append(person)
            person.names.append(" ".join(words))
            person.works.append(w)
            g = self.an.tokens[w.last - 1].feats.get("Gender")
            person.gender = person.gender or g
            others = per_tokens - set(range(w.first, w.last))
            found = titles_before(self.sc, w.first, self.org_spans, others)
            if not found:
                after = role_after(self.sc, w.first, w.last, self.org_spans)
                found = [after] if after else []
            if found:
                # the first title given is the person's office; every title phrase points at the person
                person.role = person.role or found[0]
                person.titles.extend(found)
        people = _merge_first_names(people)
        self.persons = people
        for p in people:
            aid = self._person_actor(p)
            for w in p.works:
                w.actor = aid

    def _name_of(self, w) -> list[str]:
        """The name's words in the nominative. natasha's normal form is used, except for a one-word name left in
        an oblique case ("Обамы", "Обаме"), whose lemma is the nominative."""
        words = _name_words(w.m.normal)
        if len(words) == 1 and w.last - w.first == 1:
            t = self.an.tokens[w.first]
            if t.feats.get("Case") not in (None, "Nom") and fold(words[0]) == fold(t.text) \
                    and _plausible_lemma(t.text, t.lemma):
                words = [t.lemma[:1].upper() + t.lemma[1:]]
        elif len(words) > 1 and w.last - w.first == len(words):
            # "Бараку Обаме", "Рандой Кассис": natasha may leave a word oblique; its lemma is the nominative
            for k, i in enumerate(range(w.first, w.last)):
                t = self.an.tokens[i]
                if fold(words[k]) == fold(t.text) and t.feats.get("Case") not in (None, "Nom") \
                        and _plausible_lemma(t.text, t.lemma):
                    words[k] = "-".join(x[:1].upper() + x[1:] for x in t.lemma.split("-"))
        return words

    def _group_for(self, people: list[Person], words: list[str]) -> Person | None:
        surname = surname_key(words[-1])
        same = [p for p in people if p.surname == surname]
        if len(words) > 1:
            first = fold(words[0])
            for p in reversed(same):
                firsts = {fold(n.split()[0]) for n in p.names if len(n.split()) > 1}
                if not firsts or first in firsts or any(f[:1] == first[:1] and (len(f) <= 2 or len(first) <= 2)
                                                        for f in firsts):
                    return p
            return None
        return same[-1] if same else None

    def _person_actor(self, p: Person) -> str:
        name = self._canonical_name(p)
        ident = None
        if self.registry is not None:
            for n in [name] + sorted(set(p.names) - {name}, key=lambda n: -len(n)):
                ident = self.registry.lookup(n, self.date)
                if ident is not None:
                    break
        office = sector = country = key = wikidata = None
        if ident is not None:
            name, key, wikidata = ident.name, ident.key, ident.wikidata
            country, office, sector = ident.country, ident.office, ident.sector
        r = p.role
        if r is not None and not (ident is not None and ident.country and r.country and r.country != ident.country):
            # the article's own title is fresher than the registry, unless it names another state (then it most
            # likely belongs to someone else in the phrase)
            office, sector = r.office.name, r.office.sector
            if r.former:
                office = f"бывший {office}"
            country = country or r.country
            if r.office.name in _GENERIC_HEADS:
                sector = self._head_sector(r)
        if key is None:
            key = person_key(name)
        return self.table.get(key, name, "person", country, sector, office, wikidata)

    def _canonical_name(self, p: Person) -> str:
        """The fullest name the article gives, preferring one written in the nominative (natasha's normal form
        of a foreign name in another case is a guess: "Катрин Канарик", not "Катрина Канарика")."""
        def score(k: int) -> tuple:
            n, w = p.names[k], p.works[k] if k < len(p.works) else None
            words = n.split()
            nominative = w is not None and all(self.an.tokens[i].feats.get("Case") in (None, "Nom")
                                               for i in range(w.first, w.last) if self.an.tokens[i].pos == "PROPN")
            return (len(words) > 1 and not _initial(words[0]), len(words), nominative, len(n))
        best = max(range(len(p.names)), key=score)
        name = p.names[best]
        words = name.split()
        if len(words) > 1 and not score(best)[2]:
            # the full name only in an oblique case: its surname as the article writes it in the nominative
            for k, n in enumerate(p.names):
                w = p.works[k] if k < len(p.works) else None
                if len(n.split()) == 1 and w is not None and self.an.tokens[w.first].feats.get("Case") == "Nom" \
                        and fold(n) != fold(words[-1]):
                    return " ".join(words[:-1] + [n])
        return name

    def _head_sector(self, r: RolePhrase) -> str | None:
        """"глава"/"руководитель" take the sector of what they head: an agency's, an organisation's, a state's."""
        if isinstance(r.org, (Agency, Igo)):
            return r.org.sector
        if isinstance(r.org, int):
            w = next((x for x in self.works if x.first == r.org and x.m.type == "ORG"), None)
            if w and w.actor:
                return self.table[w.actor].sector
            return None
        return "GOV" if r.country else None


_GENERIC_HEADS = {"глава", "руководитель", "лидер", "председатель", "директор", "начальник", "шеф"}


_VOWELS = "аеёиоуыэюя"


def surname_key(word: str) -> str:
    """What stays of a surname through its cases and natasha's guesses: without its vowel ending and a
    fleeting е/о ("Курц", "Курца", "Курец" -> "курц"; "Лукашенко" -> "лукашенк")."""
    w = fold(word)
    stem = w.rstrip(_VOWELS) if len(w.rstrip(_VOWELS)) >= 3 else w
    if len(stem) >= 4 and stem[-2] in "ео" and stem[-1] not in _VOWELS and stem[-3] not in _VOWELS:
        stem = stem[:-2] + stem[-1]
    return stem


def _merge_first_names(people: list[Person]) -> list[Person]:
    """A one-word name that is the first name of exactly one full-named person ("Митч" ... "Митч Макконнелл")
    is that person."""
    out = []
    for p in people:
        single = all(len(n.split()) == 1 for n in p.names)
        if single:
            owners = [q for q in people if q is not p and any(len(n.split()) > 1 and surname_key(n.split()[0])
                                                              == p.surname for n in q.names)]
            if len(owners) == 1:
                owners[0].works.extend(p.works)
                owners[0].role = owners[0].role or p.role
                owners[0].titles.extend(p.titles)
                continue
        out.append(p)
    return out


def _plausible_lemma(text: str, lemma: str) -> bool:
    """A lemma that is the same word in the nominative: an ending swapped, not a longer guess ("Мирзо" is not
    "мирзой")."""
    t, lem = fold(text), fold(lemma or "")
    if not lem or lem == t or len(lem) > len(t) or len(lem) < 2:
        return False
    keep = min(len(lem), len(t)) - 2
    return keep > 0 and lem[:keep] == t[:keep]


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _name_words(normal: str) -> list[str]:
    """"Владимир Владимирович Путин" -> ["Владимир", "Путин"]; initials are kept ("В. Путин")."""
    words = [w for w in normal.replace("\u00a0", " ").split() if any(c.isalpha() for c in w)]
    if len(words) == 3 and _PATRONYMIC.search(words[1]):
        words = [words[0], words[2]]
    return words


