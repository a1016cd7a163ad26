"""The ActorRefs the actors stage leaves for quotes and events (doc.py's protocol): every way the text points at
an actor -- a name, a surname, a title ("министр", "глава государства", "президент Беларуси"), a pronoun, a capital
as metonym, a country adjective ("белорусская сторона"), a bare "МИД" -- resolved to an actor id."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .lexicon import Agency, Capital, Country, fold
from .resolve import Resolver, Work, _agency_shown
from .roles import RolePhrase, title_at
from .table import actor_key

_HEADS_OF_STATE = {"президент", "председатель КНР", "король", "королева", "верховный лидер",
                   "председатель Госсовета КНДР", "эмир", "султан"}
_HEADS_OF_GOVERNMENT = {"премьер-министр", "канцлер"}
_HEADS_OF_STATE_OFFICES = ("президент", "председатель КНР", "председатель Госсовета КНДР", "король", "королева")
_PRONOUNS = {"он": "Masc", "она": "Fem", "его": "Masc", "ее": "Fem", "её": "Fem", "ним": "Masc", "нем": "Masc",
             "нём": "Masc", "ему": "Masc", "им": "Masc", "ней": "Fem", "ей": "Fem", "ею": "Fem", "нее": "Fem",
             "неё": "Fem"}


_GENERIC_TITLES = {"глава", "руководитель", "лидер", "председатель", "директор", "начальник", "шеф", "чиновник",
                   "политик", "активист", "эксперт", "политолог", "журналист", "военнослужащий", "полковник"}
_ORG_WORDS = {"ведомство", "министерство", "организация", "служба", "учреждение"}
_SPOKESPEOPLE = {"пресс-секретарь"}  # "представитель", "официальный представитель" read as this office
_INTERLOCUTORS = {"собеседник", "эксперт", "аналитик", "политолог", "специалист"}
_EXPERT_OFFICES = {"политолог", "эксперт", "аналитик", "экономист", "историк", "социолог", "профессор"}
_ANY_PERSON = {"политик", "деятель"}
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
_RANKS = {"генерал", "полковник", "командующий", "военнослужащий"}
_DIPLOMATS = {"министр иностранных дел", "госсекретарь", "посол", "постоянный представитель", "консул",
              "заместитель министра иностранных дел", "дипломат"}


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
        self._canon_cache: dict[str, str] = {}
        src = res.doc.record.source
        self._home = res.lex.home_of(getattr(src, "url", None), getattr(src, "site", None))
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
            if p.works and p.works[0].actor:
                for role in p.titles:
                    for i in range(role.first, role.last):
                        self._role_owner.setdefault(i, p.works[0].actor)
        # «…» regions (token ranges), outermost only: names inside someone's words are weak antecedents
        self._quote_starts: list[int] = []
        self._quote_ends: list[int] = []
        depth, start = 0, 0
        for t in self.an.tokens:
            if t.text in ("«", "„", "“") and not (t.text == "“" and depth):
                if depth == 0:
                    start = t.i
                depth += 1
            elif t.text in ("»", "”") or (t.text == "“" and depth):
                depth = max(0, depth - 1)
                if depth == 0:
                    self._quote_starts.append(start)
                    self._quote_ends.append(t.i + 1)
        # person references in text order: names, then titles resolved against them
        refs = [_Ref(w.first, w.actor, gender.get(w.actor)) for w in res.works
                if w.m.type == "PER" and w.actor]
        refs.sort(key=lambda r: r.token)
        self._person_refs = refs
        self._person_tokens = [r.token for r in refs]
        self._person_starts = [self.an.tokens[r.token].start for r in refs]
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

    def capital_state(self, i: int) -> str | None:
        h = self.sc.hit_at.get(i)
        if h is None or not isinstance(h.entry, Capital):
            return None
        return self.add_actor(h.entry.stands_for, "country", country=h.entry.stands_for)

    # ---- resolution of single tokens ----------------------------------------------------------------------
    def _resolve_token(self, i: int) -> str | None:
        w = self._work_at.get(i)
        named = self._appos_person(i)
        if named is not None:
            return named
        if w is not None and w.actor:
            return w.actor  # the name or title mention at i itself
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
        if t.pos not in ("NOUN", "PROPN"):
            return None
        if lemma in _ANY_PERSON and t.feats.get("Number") != "Plur":
            cands = self._named_before(i)
            return cands[-1].actor if cands else None
        if lemma in _INTERLOCUTORS:
            # "собеседник RT", "эксперт": the last person quoted who is not a state official
            return self._expert_before(i)
        title = title_at(self.sc, i, self.res.org_spans)
        if title is not None:
            a = self._title(i, title)
            if a:
                return a
            if title.first == i and t.feats.get("Number") != "Plur":
                owner = self._owner_actor(i)
                if owner is not None and title.office.name in _SPOKESPEOPLE:
                    # "представитель МИД Украины", "пресс-секретарь Кремля": the organisation speaks
                    return owner
                if title.country and title.office.name not in _GENERIC_TITLES:
                    # "посол Молдавии" with no name anywhere: an official known by the title alone
                    return self._unnamed_official(title)
        if lemma in _ORG_WORDS and not any(self.an.tokens[c].rel in ("amod", "nmod")
                                           for c in self.an.children(i)):
            # "сообщает ведомство": the state organisation named last
            return self._organisation_before(t.start)
        if self.res.lex.cue(lemma, "collective_noun"):
            led = self._led_by(i)
            if led:
                return led  # "коалиция во главе с США"
            # "белорусская сторона", "власти Казахстана": the state named beside the word
            for c in self.an.children(i):
                if c in self.sc.adjective:
                    return self.res.country_actor(self.sc.adjective[c][0])
                ct = self.an.tokens[c]
                if ct.rel == "nmod" and not any(self.an.tokens[g].rel == "case" for g in self.an.children(c)):
                    a = self.actor_for_token(c)
                    if a and self.table[a].kind in ("country", "igo"):
                        return a
        return None

    def _appos_person(self, i: int) -> str | None:
        """A head noun with its name in apposition ("глава ... ведомства Сергей Шойгу", "Министр иностранных дел
        Анджелино Альфано", "командующий коалиционными силами, американский генерал Стивен Таунсенд" through a
        second title): the name decides, whatever a title alone would have given."""
        if self.an.tokens[i].pos != "NOUN":
            return None
        for c in self.an.children(i):
            if self.an.tokens[c].rel in ("appos", "flat:name"):
                for n in [c] + [d for d in self.an.children(c) if self.an.tokens[d].rel in ("appos", "flat:name")]:
                    cw = self._work_at.get(n)
                    if cw is not None and cw.actor and self.table[cw.actor].kind == "person":
                        return cw.actor
        return None

    def _led_by(self, i: int) -> str | None:
        """"коалиция во главе с США", "силы под руководством России": the state or organisation leading."""
        from .resolve import _leader_phrases
        for c in _leader_phrases(self.an, i):
            for g in self.an.children(c):
                if self.an.tokens[g].rel in ("nmod", "obl") and self.an.tokens[g].pos in ("PROPN", "NOUN"):
                    a = self.actor_for_token(g)
                    if a and self.table[a].kind in ("country", "igo", "organization"):
                        return a
        return None

    def _owner_actor(self, i: int) -> str | None:
        """The organisation, IGO or state a title at token i belongs to ("представитель МИД Украины")."""
        for c in self.an.children(i):
            ct = self.an.tokens[c]
            if ct.rel == "nmod" and not any(self.an.tokens[g].rel == "case" for g in self.an.children(c)):
                a = self.actor_for_token(c)
                if a and self.table[a].kind in ("organization", "igo", "country", "media"):
                    return a
        return None

    def _expert_before(self, i: int) -> str | None:
        """"эксперт отметил", "собеседник RT": the analyst named last (an expert by title first, then anyone who
        is not a state official), outside other people's quoted words."""
        cands = self._named_before(i)
        for good in (lambda a: (a.office or "") in _EXPERT_OFFICES or a.sector in ("EDU", "JRN"),
                     lambda a: a.sector not in _STATE_SECTORS,
                     lambda a: True):
            for r in reversed(cands):
                if good(self.table[r.actor]):
                    return r.actor
        return None

    def _named_before(self, i: int) -> list[_Ref]:
        """Person references before token i; those inside someone else's quoted words only if nothing else."""
        k = bisect.bisect_left(self._person_tokens, i)
        cands = self._person_refs[:k]
        inside = self._quoted_at(i)
        return [r for r in cands if self._quoted_at(r.token) == inside] or cands

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
        if a.name == "Пресс-служба":
            # "в пресс-службе ОБСЕ", "пресс-служба МИД": the owner speaks
            owner = self._owner_actor(h.last - 1)
            if owner is not None:
                return owner
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
            return self._organisation_before(self.an.tokens[h.first].start)
        return None

    def _organisation_before(self, char: int) -> str | None:
        best = fallback = None
        for w in self.res.works:
            if w.m.end > char or not w.actor:
                continue
            a = self.table[w.actor]
            if a.kind != "organization":
                continue
            if a.sector in _STATE_SECTORS and (best is None or w.m.end > best.m.end):
                best = w
            if fallback is None or w.m.end > fallback.m.end:
                fallback = w
        return (best or fallback).actor if (best or fallback) else None

    def _person_before(self, i: int, gender: str | None) -> str | None:
        """"он", "его": a person named before, agreeing in gender. Within the pronoun's sentence a subject comes
        first, then the sentences before it, most recent first, each preferring its subject; names inside
        quotation marks (someone else's words) only when nothing else fits."""
        k = bisect.bisect_left(self._person_tokens, i)
        cands = [r for r in self._person_refs[:k] if gender is None or r.gender is None or r.gender == gender]
        if not cands:
            return None
        inside = self._quoted_at(i)
        outside = [r for r in cands if self._quoted_at(r.token) == inside] or cands
        return self._most_salient(i, outside)

    def _most_salient(self, i: int, outside: list[_Ref]) -> str | None:
        if not outside:
            return None
        by_sent: dict[int, list[_Ref]] = {}
        for r in outside:
            by_sent.setdefault(self.an.tokens[r.token].sent, []).append(r)
        for sent in sorted(by_sent, reverse=True):
            refs = by_sent[sent]
            subjects = [r for r in refs if self._is_subject(r.token)]
            if sent == self.an.tokens[i].sent:
                if subjects:
                    # the main clause's subject ("Ковтун учился ..., что и Луговой, но, по его словам")
                    return min(subjects, key=lambda r: self._depth(r.token)).actor
                continue  # an object in the pronoun's own clause is rarely its antecedent
            return (subjects or refs)[-1].actor
        return outside[-1].actor

    def _depth(self, token: int) -> int:
        d, j = 0, token
        while self.an.tokens[j].head >= 0 and d < 50:
            j, d = self.an.tokens[j].head, d + 1
        return d

    def _is_subject(self, token: int) -> bool:
        t = self.an.tokens[token]
        j, hops = token, 0
        while hops < 4:
            t = self.an.tokens[j]
            if t.rel.startswith("nsubj"):
                return True
            if t.rel in ("appos", "flat:name", "flat") and t.head >= 0:
                j, hops = t.head, hops + 1
                continue
            return False
        return False

    def _quoted_at(self, token: int) -> int | None:
        """The start of the «…» region token lies in, or None."""
        k = bisect.bisect_right(self._quote_starts, token) - 1
        if k >= 0 and token < self._quote_ends[k]:
            return self._quote_starts[k]
        return None

    def _title(self, i: int, title: RolePhrase) -> str | None:
        """A title used alone: a person holding that office (and state, when the title names one) named before
        it, the most salient first (as for pronouns). Inside quoted words only a holder named in the same quote:
        "выработанный главой государства курс" in a ministry's statement is not the last president named."""
        holders = self._holders(title)
        k = bisect.bisect_left(self._person_tokens, i)
        cands = [r for r in self._person_refs[:k] if r.actor in holders]
        inside = self._quoted_at(i)
        if inside is not None and title.office.name in _HEADS_OF_STATE and not title.country:
            # "выработанный главой государства курс" in a ministry's statement: whose state is not said
            cands = [r for r in cands if self._quoted_at(r.token) == inside]
        official = self._official_holder(title)
        if official is not None:
            named = [r.actor for r in cands if self.table[r.actor].key == official.key]
            if named:
                return named[-1]  # "глава Белого дома" among Trump and Obama: who holds the office at the date
        if cands:
            return self._most_salient(i, cands)
        if title.office.name not in _GENERIC_TITLES | _SPOKESPEOPLE:
            # a headline or lead names the title before the person ("Посла Беларуси пригласили ..." and then
            # "с послом Беларуси Павлом Утюпиным"): the one holder the article names later
            later = {r.actor for r in self._person_refs[k:] if r.actor in holders}
            if len(later) == 1 and (title.country or title.org is not None):
                return later.pop()
        if official is None:
            return None
        return self.table.get(official.key, official.name, "person", official.country, official.sector,
                              official.office, official.wikidata)

    def _official_holder(self, title: RolePhrase):
        """The registry's holder of the title's office for the title's state at the article's date."""
        reg = self.res.registry
        country = title.country
        if country is None and title.office.name in _HEADS_OF_STATE | _HEADS_OF_GOVERNMENT:
            country = self._home  # "Глава государства" on a Kazakh site
        if reg is None or not country or title.former:
            return None
        office = title.office.name
        offices = _HEADS_OF_STATE_OFFICES if office in ("глава", "лидер", "руководитель") or \
            office in _HEADS_OF_STATE else (office, self._canonical(office))
        found = reg.holders(tuple(offices), country, self.res.date)
        return found[0] if len(found) == 1 else None

    def _holders(self, title: RolePhrase) -> set[str]:
        want = title.office.name
        out = set()
        for p in self.res.persons:
            if not p.works or not p.works[0].actor:
                continue
            a = self.table[p.works[0].actor]
            if title.country and a.country and title.country != a.country:
                continue
            offices = {o for o in (a.office, *(r.office.name for r in p.titles)) if o}
            former = any(r.former for r in p.titles)
            if title.former != former and not (want in _RANKS):
                continue  # "бывший президент" is not the president now, and the other way round
            if any(_office_fits(want, o) or _office_fits(want, self._canonical(o)) for o in offices):
                out.add(a.id)
            elif want in _RANKS and (a.sector == "MIL" or any(r.office.sector == "MIL" for r in p.titles)):
                out.add(a.id)  # "генерал-полковник подчеркнул": the military man named before
            elif want == "дипломат" and any(self._canonical(o) in _DIPLOMATS for o in offices):
                out.add(a.id)
        return out

    def _canonical(self, office: str) -> str:
        """An office as written ("официальный представитель Минобороны") read through the office lexicon
        ("пресс-секретарь")."""
        from .lexicon import split_words, token_keys
        if office not in self._canon_cache:
            words = split_words(office)
            keys = [token_keys(w, w) + tuple(word_keys_of(w)) for w in words]
            r = self.res.lex.offices.longest(keys, words, 0)
            self._canon_cache[office] = r[1][0].name if r else office
        return self._canon_cache[office]

    def _add_title_refs(self) -> None:
        """Titles used alone ("Министр подчеркнул") become person references too, so that a later "он" can
        point through them."""
        extra = []
        for t in self.an.tokens:
            if t.pos not in ("NOUN", "PROPN") or t.i in self._role_owner or t.i in self._work_at:
                continue
            if self.sc.office_at(t.i) is None or self._appos_person(t.i) is not None:
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


def word_keys_of(word: str) -> frozenset[str]:
    from .lexicon import word_keys
    return word_keys(word)


def _office_fits(title: str, office: str) -> bool:
    if title == office or office.startswith(title + " "):
        return True  # "заместитель министра" fits "заместитель министра иностранных дел"
    if title == "президент" and office in _HEADS_OF_STATE:
        return True
    t, o = title.split(), office.split()
    # "министр" fits "министр иностранных дел"; "глава" fits any head
    return (len(t) == 1 and o[0] == t[0]) or title in ("глава", "руководитель", "лидер")


__all__ = ["Refs"]
