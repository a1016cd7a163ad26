"""The ActorRefs the actors stage leaves for quotes and events (doc.py's protocol): every way the text points at
an actor -- a name, a surname, a title ("министр", "глава государства", "президент Беларуси"), a pronoun, a capital
as metonym, a country adjective ("белорусская сторона"), a bare "МИД" -- resolved to an actor id."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .lexicon import Agency, Country, fold
from .resolve import Resolver, Work, _agency_shown
from .roles import RolePhrase, title_at
from .table import actor_key

_HEADS_OF_STATE = {"президент", "председатель КНР", "король", "королева", "верховный лидер",
                   "председатель Госсовета КНДР", "эмир", "султан"}
_PRONOUNS = {"он": "Masc", "она": "Fem", "его": "Masc", "ее": "Fem", "её": "Fem", "ним": "Masc", "нем": "Masc",
             "нём": "Masc", "ему": "Masc", "им": "Masc", "ней": "Fem", "ей": "Fem", "ею": "Fem", "нее": "Fem",
             "неё": "Fem"}


_GENERIC_TITLES = {"глава", "руководитель", "лидер", "председатель", "директор", "начальник", "шеф", "чиновник",
                   "политик", "активист", "эксперт", "политолог", "журналист", "военнослужащий", "полковник"}
_ORG_WORDS = {"ведомство", "министерство", "организация", "служба", "учреждение"}


@dataclass(frozen=True, slots=True)
class _Ref:
    token: int  # where the reference is
    actor: str
    gender: str | None


class Refs:
    """Implements khronika.doc.ActorRefs over one resolved article."""

    def __init__(self, res: Resolver):
        self.res = res
        self.an = res.an
        self.sc = res.sc
        self.table = res.table
        self._memo: dict[int, str | None] = {}
        # the smallest mention covering each token
        self._work_at: dict[int, Work] = {}
        for w in sorted(res.works, key=lambda w: w.last - w.first, reverse=True):
            for i in range(w.first, w.last):
                self._work_at[i] = w
        gender = {}
        for p in res.persons:
            for w in p.works:
                if w.actor:
                    gender[w.actor] = p.gender
        self._gender = gender
        self._role_owner: dict[int, str] = {}
        for p in res.persons:
            if p.role is not None and p.works and p.works[0].actor:
                for i in range(p.role.first, p.role.last):
                    self._role_owner.setdefault(i, p.works[0].actor)
        # person references in text order: names, then titles resolved against them
        refs = [_Ref(w.first, w.actor, gender.get(w.actor)) for w in res.works
                if w.m.type == "PER" and w.actor]
        refs.sort(key=lambda r: r.token)
        self._person_refs = refs
        self._add_title_refs()

    # ---- the protocol --------------------------------------------------------------------------------------
    def actor_for_token(self, i: int) -> str | None:
        if not 0 <= i < len(self.an.tokens):
            return None
        if i not in self._memo:
            self._memo[i] = None  # guards against cycles through heads
            self._memo[i] = self._resolve_token(i)
        return self._memo[i]

    def actors_for_token(self, i: int) -> list[str]:
        """Every actor token i names: both states of "казахско-белорусского", else the one actor_for_token gives."""
        if i in self.sc.adjective and len(self.sc.adjective[i]) > 1:
            return list(dict.fromkeys(self.res.country_actor(c) for c in self.sc.adjective[i]))
        a = self.actor_for_token(i)
        return [a] if a else []

    def actor_for_span(self, start: int, end: int) -> str | None:
        best: Work | None = None
        for w in self.res.works:
            if w.m.start <= start and end <= w.m.end and w.actor:
                if best is None or (w.m.end - w.m.start) < (best.m.end - best.m.start):
                    best = w
        if best is not None:
            return best.actor
        toks = [t for t in self.an.tokens if t.start >= start and t.end <= end]
        if not toks:
            t = self.an.token_at(start)
            return self.actor_for_token(t.i) if t else None
        inside = {t.i for t in toks}
        heads = [t.i for t in toks if t.head not in inside]
        for h in heads:
            a = self.actor_for_token(h)
            if a:
                return a
        # a phrase whose head names no actor ("в сообщении МИД Казахстана"): the first mention inside it
        for w in sorted(self.res.works, key=lambda w: w.m.start):
            if start <= w.m.start and w.m.end <= end and w.actor:
                return w.actor
        return None

    def antecedent(self, char: int, kind: str = "person") -> str | None:
        if kind == "person":
            k = bisect.bisect_left(self._person_starts, char)
            return self._person_refs[k - 1].actor if k > 0 else None
        best = None
        for w in self.res.works:
            if w.m.end <= char and w.actor and self.table[w.actor].kind == kind:
                if best is None or w.m.end > best.m.end:
                    best = w
        return best.actor if best else None

    def add_actor(self, name: str, kind: str, country: str | None = None, sector: str | None = None,
                  office: str | None = None) -> str:
        if kind == "country" and country:
            c = self.res.lex.country(country) or next(
                (x for x in self.res.lex.countries.values() if x.code == country), None)
            if c is not None:
                return self.res.country_actor(c)
        return self.table.get(actor_key(kind, country, name), name, kind, country, sector, office)

    # ---- resolution of single tokens ----------------------------------------------------------------------
    def _resolve_token(self, i: int) -> str | None:
        w = self._work_at.get(i)
        if w is not None and w.actor:
            return w.actor
        if i in self._role_owner:
            return self._role_owner[i]
        t = self.an.tokens[i]
        lemma = fold(t.lemma)
        if t.pos in ("PRON", "DET") and fold(t.text) in _PRONOUNS:
            if t.feats.get("Number") == "Plur":
                return None
            g = _PRONOUNS.get(fold(t.text)) or t.feats.get("Gender")
            return self._person_before(i, g)
        if i in self.sc.adjective:
            return self.res.country_actor(self.sc.adjective[i][0])
        if i in self.sc.demonym:
            return self.res.country_actor(self.sc.demonym[i])
        h = self.sc.hit_at.get(i)
        if h is not None and isinstance(h.entry, Agency):
            a = self._agency(h)
            if a:
                return a
        if h is not None and isinstance(h.entry, Country):
            return self.res.country_actor(h.entry)
        if t.pos in ("NOUN", "PROPN"):
            title = title_at(self.sc, i, self.res.org_spans)
            if title is not None:
                a = self._title(i, title)
                if a:
                    return a
                if title.country and title.first == i and title.office.name not in _GENERIC_TITLES \
                        and t.feats.get("Number") != "Plur":
                    # "посол Молдавии" with no name anywhere: an official known by the title alone
                    return self._unnamed_official(title)
            if lemma in _ORG_WORDS and not any(self.an.tokens[c].rel in ("amod", "nmod")
                                               for c in self.an.children(i)):
                # "сообщает ведомство": the organisation named last
                return self.antecedent(t.start, "organization")
            if self.res.lex.cue(lemma, "collective_noun"):
                # "белорусская сторона", "власти Казахстана": the state named beside the word
                for c in self.an.children(i):
                    if c in self.sc.adjective:
                        return self.res.country_actor(self.sc.adjective[c][0])
                    ct = self.an.tokens[c]
                    if ct.rel == "nmod" and not any(self.an.tokens[g].rel == "case" for g in self.an.children(c)):
                        a = self.actor_for_token(c)
                        if a and self.table[a].kind in ("country", "igo"):
                            return a
        # a head noun with its name in apposition ("лидер ... Александр Лукашенко")
        for c in self.an.children(i):
            if self.an.tokens[c].rel in ("appos", "flat:name"):
                cw = self._work_at.get(c)
                if cw is not None and cw.actor:
                    return cw.actor
        return None

    def _unnamed_official(self, title: RolePhrase) -> str:
        c = next((x for x in self.res.lex.countries.values() if x.code == title.country and x.id == x.code), None)
        at = next((k for k in range(title.first, title.last) if k in self.sc.hit_at
                   and self.sc.hit_at[k].entry is c), None)
        where = self.res.genitive_of(c, at) if c else title.country
        name = f"{title.office.name} {where}"
        return self.table.get(actor_key("person", title.country, name), name, "person", title.country,
                              title.office.sector, title.office.name)

    def _agency(self, h) -> str | None:
        """A ministry named by a word ("министерство", "ведомство", "МИД"): with its state if one is attached,
        else the one this article named before."""
        a: Agency = h.entry
        att = self.res._attached_country(h.first, h.last)
        if att is not None or a.country:
            country = att[2] if att else None
            key_name = a.name if a.country else f"{a.name} {country.genitive}"
            at = (att[1] - 1 if att[0] == h.first else att[0]) if att else None
            name = _agency_shown(a) if a.country else f"{_agency_shown(a)} {self.res.genitive_of(country, at)}"
            code = a.country or country.code
            return self.table.get(actor_key("organization", code, key_name), name, "organization", code, a.sector)
        prev = self.res.agency_actor.get(a.name)
        if prev:
            return prev
        # "ведомство" alone: the organisation last mentioned before it
        if not a.proper:
            return self.antecedent(self.an.tokens[h.first].start, "organization")
        return None

    def _person_before(self, i: int, gender: str | None) -> str | None:
        k = bisect.bisect_left(self._person_tokens, i)
        for r in reversed(self._person_refs[:k]):
            if gender is None or r.gender is None or r.gender == gender:
                return r.actor
        return None

    def _title(self, i: int, title: RolePhrase) -> str | None:
        """A title used alone: the person holding that office (and state, when the title names one) mentioned
        most recently before it."""
        cands = self._holders(title)
        if not cands:
            return None
        for r in reversed(self._person_refs):
            if r.token < i and r.actor in cands:
                return r.actor
        return None

    def _holders(self, title: RolePhrase) -> set[str]:
        want = title.office.name
        out = set()
        for p in self.res.persons:
            if not p.works or not p.works[0].actor:
                continue
            a = self.table[p.works[0].actor]
            if not a.office:
                continue
            if title.country and a.country and title.country != a.country:
                continue
            if _office_fits(want, a.office):
                out.add(a.id)
        return out

    def _add_title_refs(self) -> None:
        """Titles used alone ("Министр подчеркнул") become person references too, so that a later "он" can
        point through them."""
        extra = []
        for t in self.an.tokens:
            if t.pos not in ("NOUN", "PROPN") or t.i in self._role_owner or t.i in self._work_at:
                continue
            if self.sc.office_at(t.i) is None:
                continue
            title = title_at(self.sc, t.i, self.res.org_spans)
            if title is None:
                continue
            a = self._title(t.i, title)
            if a:
                extra.append(_Ref(t.i, a, self._gender.get(a)))
                self._memo[t.i] = a
        if extra:
            self._person_refs = sorted(self._person_refs + extra, key=lambda r: r.token)
        self._person_tokens = [r.token for r in self._person_refs]
        self._person_starts = [self.an.tokens[r.token].start for r in self._person_refs]


def _office_fits(title: str, office: str) -> bool:
    if title == office:
        return True
    if title == "президент" and office in _HEADS_OF_STATE:
        return True
    t, o = title.split(), office.split()
    # "министр" fits "министр иностранных дел"; "глава" fits any head
    return (len(t) == 1 and o[0] == t[0]) or title in ("глава", "руководитель", "лидер")


__all__ = ["Refs"]
