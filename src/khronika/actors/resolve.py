"""Mentions -> actors: gazetteer names, organisations with their state, metonymy, persons with offices.

The order of work: (1) reconcile natasha's NER spans with the gazetteer (add names natasha missed, merge
"МИД" + "РК" into one organisation mention, retype a state tagged ORG); (2) give every LOC/ORG mention its actor;
(3) group PER mentions into persons (full name, surname alone, registry) and read their offices from role phrases.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..doc import Doc
from ..record import Mention
from .lexicon import Agency, Capital, Country, Igo, Lexicon, Media, Place, fold, slug
from .metonymy import head_of, political_use
from .registry import Registry
from .persons import Person, PersonsMixin
from .scan import Scan, scan
from .table import ActorTable, actor_key

_QUOTES_OPEN = {"«", "\"", "„", "“"}
_LIST_SEPARATORS = {"•", "·", ";", "|", "/"}


@dataclass
class Work:
    """One mention while actors are being resolved."""
    m: Mention
    first: int  # token range [first, last)
    last: int
    actor: str | None = None
    origin: str = "ner"  # ner | gazetteer | merged


class Resolver(PersonsMixin):
    """Resolves one article's mentions to actors (persons: persons.PersonsMixin)."""

    def __init__(self, doc: Doc, lex: Lexicon, registry: Registry | None):
        self.doc = doc
        self.an = doc.analysis
        self.lex = lex
        self.registry = registry
        self.sc: Scan = scan(self.an, lex)
        self.table = ActorTable(doc.record)
        self.works: list[Work] = []
        self.org_spans: dict[int, tuple[int, int]] = {}
        self.agency_actor: dict[str, str] = {}  # agency canonical -> last actor resolved for it
        self.persons: list[Person] = []
        src = doc.record.source
        self.home = lex.home_of(getattr(src, "url", None), getattr(src, "site", None))
        # the date offices are read at: the article's, else one its address carries (ng.ru/world/2018-03-14/...),
        # else today (the registry's default)
        self.date = doc.record.published_at or date_in_url(getattr(src, "url", None))

    # ---- tokens and spans ------------------------------------------------------------------------------------
    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        a = self.an.token_at(start)
        b = self.an.token_at(max(start, end - 1))
        if a is None or b is None:
            return None
        return a.i, b.i + 1

    def span_chars(self, first: int, last: int) -> tuple[int, int]:
        return self.an.tokens[first].start, self.an.tokens[last - 1].end

    def _new_mention(self, first: int, last: int, type_: str, normal: str, origin: str) -> Work:
        s, e = self.span_chars(first, last)
        m = Mention(id="", start=s, end=e, text=self.doc.text[s:e], type=type_, normal=normal)
        w = Work(m, first, last, origin=origin)
        self.works.append(w)
        return w

    # ---- 1. mentions -----------------------------------------------------------------------------------------
    def build_mentions(self) -> None:
        for m in self.doc.record.mentions:
            if "\n" in m.text:
                # a span never crosses a line break ("Овечкин\nВпервые"): the name is the part before it
                cut = m.text.index("\n")
                text = m.text[:cut].rstrip()
                if not text:
                    continue
                m = Mention(id="", start=m.start, end=m.start + len(text), text=text, type=m.type,
                            normal=text if m.normal.startswith(text) or len(m.normal.split()) > 1 else m.normal)
                m.normal = " ".join(m.normal.split()[: len(text.split())]) if m.normal else text
            r = self.token_range(m.start, m.end)
            if r:
                self.works.extend(self._split_list(Work(m, *r)))
        self.works = [w for w in self.works if not self._not_a_name(w)]
        covered: dict[int, list[Work]] = defaultdict(list)
        for w in self.works:
            for i in range(w.first, w.last):
                covered[i].append(w)
        drop: set[int] = set()
        for h in self.sc.hits:
            over = {id(w): w for i in range(h.first, h.last) for w in covered.get(i, ())}
            if not over:
                if self._worth_a_mention(h):
                    self._new_mention(h.first, h.last, _type_of(h.entry), _normal_of(h.entry, self, h),
                                      "gazetteer")
                continue
            inside = [w for w in over.values() if w.first >= h.first and w.last <= h.last]
            if len(inside) == len(over) and not any(w.first == h.first and w.last == h.last for w in inside):
                # natasha split a listed name ("Совет безопасности" + "ООН"): one mention for the whole name,
                # keeping inner parts that are names by themselves (nested, as annotators do)
                if not self._proper(h):
                    continue
                self._new_mention(h.first, h.last, _type_of(h.entry), _normal_of(h.entry, self, h), "gazetteer")
                for w in inside:
                    r = self.lex.names.longest(self.sc.keys, self.sc.texts, w.first, w.last)
                    if not (r and r[0] == w.last) or isinstance(h.entry, Media):
                        drop.add(id(w))  # "Голос Америки" does not mention America
        self.works = [w for w in self.works if id(w) not in drop]
        self._known_surnames(covered)
        self._merge_organisations()
        for w in self.works:
            if w.m.type == "ORG":
                self.org_spans.setdefault(w.first, (w.first, w.last))

    def _not_a_name(self, w: Work) -> bool:
        return w.last - w.first == 1 and self.lex.cue(self.an.tokens[w.first].lemma, "not_a_name")

    def _split_list(self, w: Work) -> list[Work]:
        """natasha sometimes runs a list into one span ("Бахрейн • Барбадос • Бермуды"): split it at the
        separators, each part a mention of its own."""
        toks = self.an.tokens
        cuts = [i for i in range(w.first, w.last) if toks[i].text in _LIST_SEPARATORS]
        if not cuts:
            return [w]
        out, lo = [], w.first
        for c in cuts + [w.last]:
            first, last = lo, c
            while first < last and toks[first].pos == "PUNCT":
                first += 1
            while last > first and toks[last - 1].pos == "PUNCT":
                last -= 1
            if first < last:
                s, e = self.span_chars(first, last)
                text = self.doc.text[s:e]
                h = self.sc.hit_of(first, last)
                normal = _normal_of(h.entry, self, h) if h and (h.first, h.last) == (first, last) else text
                out.append(Work(Mention(id="", start=s, end=e, text=text, type=w.m.type, normal=normal),
                                first, last))
            lo = c + 1
        return out

    def _known_surnames(self, covered: dict[int, list[Work]]) -> None:
        """Surnames the registry knows that natasha left untagged ("Билген заявил")."""
        if self.registry is None:
            return
        for t in self.an.tokens:
            if t.i in covered or t.i in self.sc.hit_at or t.pos not in ("PROPN", "NOUN") \
                    or not t.text[:1].isupper() or t.text.isupper():
                continue
            for form in (t.text, t.lemma):
                if self.registry.knows_surname(form):
                    normal = form[:1].upper() + form[1:]
                    first = t.i
                    # "Б.Обама", "В. Путин": initials belong to the name
                    while first >= 2 and self.an.tokens[first - 1].text == "." and \
                            len(self.an.tokens[first - 2].text) == 1 and self.an.tokens[first - 2].text.isupper():
                        first -= 2
                    if first < t.i:
                        normal = self.doc.text[self.an.tokens[first].start:self.an.tokens[t.i].start] + normal
                    self._new_mention(first, t.i + 1, "PER", normal, "registry")
                    break

    def _descriptive_name(self, h) -> bool:
        """A ministry's full name ("министерство обороны"), not a description ("военное ведомство")."""
        return fold(self.an.tokens[h.first].lemma) == "министерство"

    def _proper(self, h) -> bool:
        if isinstance(h.entry, Agency) and not h.entry.generic and h.last - h.first > 1 and self._descriptive_name(h):
            return True
        return self.an.tokens[h.first].text[:1].isupper() or self.an.tokens[h.first].text[:1].isdigit()

    def _worth_a_mention(self, h) -> bool:
        e = h.entry
        if not self._proper(h):
            return False
        if isinstance(e, Media):
            return self._media_context(h.first, h.last)
        if isinstance(e, Agency):
            # "МИД", "Госдеп", and ministries named in full even in lower case ("министерство обороны");
            # not a bare institution word (правительство, полиция) nor a description (внешнеполитическое ведомство)
            return not e.generic and (e.proper or h.last - h.first > 1 and self._descriptive_name(h))
        toks = self.an.tokens
        if h.first > 0 and toks[h.first - 1].text in _QUOTES_OPEN and not isinstance(e, (Igo, Agency)):
            return False  # «Колумбия» the shuttle, «Россия» the channel: a thing's name, not the state
        return True

    def _quoted(self, first: int) -> bool:
        return first > 0 and self.an.tokens[first - 1].text in _QUOTES_OPEN

    def _media_context(self, first: int, last: int) -> bool:
        """A name in guillemets after a media word, or right after one: телеканал «Россия», газета «Известия»."""
        toks = self.an.tokens
        j = first - 1
        if j >= 0 and toks[j].text in _QUOTES_OPEN:
            j -= 1
        return j >= 0 and self.lex.cue(toks[j].lemma, "media_noun")

    def _merge_organisations(self) -> None:
        """"МИД" + "Казахстана"/"РК", "Министерство иностранных дел" + "Республики Казахстан",
        "российский" + "МИД": one organisation mention (the state's own mention stays, nested)."""
        sc = self.sc
        have = {(w.first, w.last) for w in self.works}
        for h in list(sc.hits):
            if not isinstance(h.entry, Agency):
                continue
            span = self._attached_country(h.first, h.last)
            if span is None:
                continue
            first, last, _ = span
            if (first, last) in have:
                continue
            if h.entry.generic:
                # "правительство Китая" is a description with the state's name in it (annotators mark the
                # state only, measured on factRuEval and NEREL dev); its actor still comes from refs
                continue
            at = h.last if first == h.first else first
            self._new_mention(first, last, "ORG", self._org_normal(h.entry, span[2], at), "merged")
            have.add((first, last))

    def _attached_country(self, first: int, last: int) -> tuple[int, int, Country] | None:
        """The state named right after [first, last) in the genitive (or as an abbreviation), or by an adjective
        right before it: (merged first, merged last, country)."""
        sc, toks = self.sc, self.an.tokens
        h = sc.hit_at.get(last)
        if h is not None and h.first == last:
            e = h.entry
            c = e if isinstance(e, Country) else None
            if c is not None:
                t = toks[head_of(self.an, h.first, h.last)]
                genitive = t.feats.get("Case") == "Gen" or t.text.isupper() or first <= t.head < last
                if genitive and toks[h.first].sent == toks[first].sent:
                    return first, h.last, c
        j = first - 1
        if j >= 0 and j in sc.adjective and len(sc.adjective[j]) == 1 and first <= toks[j].head < last:
            return j, last, sc.adjective[j][0]
        return None

    def _org_normal(self, a: Agency, c: Country, at: int | None = None) -> str:
        return _agency_shown(a) if a.country else f"{_agency_shown(a)} {self.genitive_of(c, at)}"

    def genitive_of(self, c: Country, at: int | None) -> str:
        """The state's genitive as the article writes it when that is its plain name ("Молдавии",
        "Белоруссии"); the canonical one for an abbreviation or an official name ("РК", "Республики Казахстан")."""
        if at is not None:
            h = self.sc.hit_at.get(at)
            t = self.an.tokens[at]
            if h is not None and h.entry is c and h.last - h.first == 1 and not t.text.isupper() \
                    and t.feats.get("Case") == "Gen":
                return t.text
        return c.genitive

    # ---- 2. states, places, organisations --------------------------------------------------------------------
    def resolve_non_persons(self) -> None:
        # merged organisations first, so that a bare "МИД" later in the text refers back to them
        for w in sorted(self.works, key=lambda w: (w.origin != "merged", w.first)):
            w.actor = self._resolve(w)

    def _resolve(self, w: Work) -> str | None:
        h = self.sc.hit_of(w.first, w.last)
        e = h.entry if h else None
        if w.m.type == "PER" and not (isinstance(e, Country) and h.first == w.first and h.last == w.last):
            return None  # persons are resolved together in resolve_persons; a state tagged PER is a state
        if w.m.type == "ORG" and w.origin == "merged" or isinstance(e, Agency):
            return self._organisation(w, e if isinstance(e, Agency) else None)
        if isinstance(e, Country) and h.first == w.first and h.last == w.last:
            if w.m.type == "ORG" and self._media_context(w.first, w.last):
                return self._media(w, e.code)
            if self._quoted(w.first):
                # «Колумбия» the shuttle, «Россия» the hotel: a thing named after the state
                return self._generic_org(w) if w.m.type == "ORG" else None
            if w.m.type in ("ORG", "PER"):
                w.m.type = "LOC"
            return self.country_actor(e)
        if isinstance(e, Igo):
            w.m.type = "ORG"
            return self.table.get(e.key, e.shown or e.name, "igo", e.code, e.sector, wikidata=e.wikidata)
        if isinstance(e, Capital) and self._quoted(w.first):
            w.m.type = "ORG"  # «Вашингтон» the team
            return self._generic_org(w)
        if isinstance(e, Capital):
            if political_use(self.an, self.lex, w.first, w.last):
                target = self.lex.countries[e.stands_for]
                if e.seat:
                    # "в Кремле заявили", "Белый дом ответил": the seat speaks as an organisation of its state
                    return self.table.get(actor_key("organization", target.code, e.name), e.name, "organization",
                                          target.code, "GOV")
                return self.country_actor(target)
            return self.table.get(actor_key("place", e.place_country, e.name), e.name, "place",
                                  self.lex.countries[e.place_country].code)
        if isinstance(e, Media) or (w.m.type == "ORG" and fold(w.m.normal) in self.lex.media):
            m = e if isinstance(e, Media) else self.lex.media[fold(w.m.normal)]
            w.m.type = "ORG"
            return self.table.get(actor_key("media", m.country, m.name), m.name, "media", m.country, "JRN")
        if isinstance(e, Place):
            return self.table.get(actor_key("place", e.country, e.name), e.name, "place", e.country)
        if w.m.type == "ORG":
            if self._media_context(w.first, w.last):
                return self._media(w, self._country_near(w))
            return self._generic_org(w)
        # a place natasha found that no gazetteer lists
        return self.table.get(actor_key("place", None, w.m.normal), w.m.normal, "place", None)

    def country_actor(self, c: Country) -> str:
        if c.id == "EUR":
            igo = self.lex.igos["ЕС"]
            return self.table.get(igo.key, igo.name, "igo", "EUR", igo.sector, wikidata=igo.wikidata)
        return self.table.get(c.key, c.name, "country", c.code, wikidata=c.wikidata)

    def _organisation(self, w: Work, agency: Agency | None) -> str | None:
        if agency is None:
            inner = [self.sc.hit_at[i].entry for i in range(w.first, w.last)
                     if i in self.sc.hit_at and isinstance(self.sc.hit_at[i].entry, Agency)]
            agency = inner[0] if inner else None
        if agency is None:
            return self._generic_org(w)
        country = agency.country
        att = self._attached_country(w.first, w.last)
        inner_c = self._country_inside(w)
        c = inner_c or (att[2] if att else None)
        if c is not None and not agency.country:
            at = self._country_token(w, att)
            name = f"{_agency_shown(agency)} {self.genitive_of(c, at)}"
            code, key_name = c.code, f"{agency.name} {c.genitive}"
        elif country:
            name, code, key_name = _agency_shown(agency), country, agency.name
        else:
            # a bare "МИД": the one this article named before, else the site's own state's (on a Russian site
            # "МИД" is Russia's), else an organisation without a state
            prev = self.agency_actor.get(agency.name)
            if prev:
                return prev
            home = self.lex.countries.get(self.home) if self.home else None
            if home is not None and not agency.generic:
                name, code, key_name = f"{_agency_shown(agency)} {home.genitive}", home.code, \
                    f"{agency.name} {home.genitive}"
            else:
                name, code, key_name = _agency_shown(agency), None, agency.name
        # the key is made from the canonical name, so that "Минобороны России" and "Министерство обороны России"
        # are one actor in every article; the name is the article's own first wording
        aid = self.table.get(actor_key("organization", code, key_name), name, "organization", code, agency.sector)
        self.agency_actor[agency.name] = aid
        return aid

    def _country_token(self, w: Work, att) -> int | None:
        for i in range(w.first, w.last):
            h = self.sc.hit_at.get(i)
            if h and isinstance(h.entry, Country) and h.first == i:
                return i
        if att is not None:
            return att[1] - 1 if att[0] == w.first else att[0]
        return None

    def _country_inside(self, w: Work) -> Country | None:
        for i in range(w.first, w.last):
            h = self.sc.hit_at.get(i)
            if h and isinstance(h.entry, Country) and h.first >= w.first and h.last <= w.last:
                return h.entry
            if i in self.sc.adjective and len(self.sc.adjective[i]) == 1:
                return self.sc.adjective[i][0]
        return None

    def _country_near(self, w: Work) -> str | None:
        c = self._country_inside(w)
        if c:
            return c.code
        att = self._attached_country(w.first, w.last)
        return att[2].code if att else None

    def _media(self, w: Work, country: str | None) -> str:
        toks = self.an.tokens
        j = w.first - 1
        if j >= 0 and toks[j].text in _QUOTES_OPEN:
            j -= 1
        noun = toks[j].lemma if j >= 0 else ""
        m = self.lex.media.get(fold(w.m.text)) or self.lex.media.get(fold(w.m.normal))
        if m:
            name, country = m.name, m.country
        else:
            name = f"{noun} «{w.m.normal}»" if noun else w.m.normal
        w.m.type = "ORG"
        return self.table.get(actor_key("media", country, name), name, "media", country, "JRN")

    def _generic_org(self, w: Work) -> str:
        toks = self.an.tokens
        sector = None
        j = w.first - 1
        if j >= 0 and toks[j].text in _QUOTES_OPEN:
            j -= 1
        for k in ([j] if j >= 0 else []) + list(range(w.first, w.last)):
            sector = self.lex.org_sector.get(fold(toks[k].lemma))
            if sector:
                break
        country = self._country_near(w) or self._led_by(w)
        name = w.m.normal
        return self.table.get(actor_key("organization", country, name), name, "organization", country, sector)

    def _led_by(self, w: Work) -> str | None:
        """"коалиция во главе с США": the state at the head of a coalition, alliance or force."""
        head = head_of(self.an, w.first, w.last)
        for c in _leader_phrases(self.an, head):
            for g in self.an.children(c):
                h = self.sc.hit_at.get(g)
                if h is None:
                    continue
                e = h.entry
                if isinstance(e, Country):
                    return e.code
                if isinstance(e, Igo):
                    return e.code
                if isinstance(e, Capital):
                    return self.lex.countries[e.stands_for].code
        return None

    # ---- result ----------------------------------------------------------------------------------------------
    def finish(self) -> None:
        self.works.sort(key=lambda w: (w.m.start, -w.m.end))
        for n, w in enumerate(self.works, 1):
            w.m.id = f"m{n}"
            w.m.actor = w.actor
        self.doc.record.mentions = [w.m for w in self.works]


_URL_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-/](0[1-9]|1[0-2])[-/](0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_url(url: str | None) -> str | None:
    """A YYYY-MM-DD date in an article's address, or None."""
    m = _URL_DATE.search(url or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


_LEAD_WORDS = ("глава", "руководство", "командование", "эгида")


def _leader_phrases(an, head: int) -> list[int]:
    """Tokens under which "во главе с X" / "под руководством X" hang X, as natasha parses them: the noun itself
    ("главе" -> "с США") or the preposition with "главе" fixed to it ("во" -> "США")."""
    out = []
    for c in an.children(head):
        ct = an.tokens[c]
        if fold(ct.lemma) in _LEAD_WORDS or any(an.tokens[g].rel == "fixed" and fold(an.tokens[g].lemma)
                                                in _LEAD_WORDS for g in an.children(c)):
            out.append(c)
    return out


def _agency_shown(a: Agency) -> str:
    """How an organisation is named: the listed form the article used when it is a name ("Минобороны",
    "Министерство обороны"), the canonical one for a description ("внешнеполитическое ведомство" -> "МИД")."""
    if a.shown and (a.proper or fold(a.shown).startswith("министерство")):
        return a.shown
    return a.name


def _type_of(e) -> str:
    if isinstance(e, (Country, Place)):
        return "LOC"
    if isinstance(e, Capital):
        return "ORG" if e.seat else "LOC"
    return "ORG"


def _normal_of(e, res: "Resolver", h) -> str:
    """The nominative of a gazetteer name as written: a one-word name is its lemma in the text's capitals
    ("Нур-Султана" -> "Нур-Султан"); a longer one the listed name it matched."""
    if h.last - h.first == 1:
        t = res.an.tokens[h.first]
        if t.text.isupper():
            return t.text
        parts = t.lemma.split("-")
        shape = t.text.split("-")
        if len(parts) == len(shape):
            return "-".join(p[:1].upper() + p[1:] if s[:1].isupper() else p for p, s in zip(parts, shape))
        return t.lemma[:1].upper() + t.lemma[1:]
    return getattr(e, "name", None) or " ".join(res.sc.texts[h.first:h.last])


__all__ = ["Resolver", "Work", "Person", "slug"]
