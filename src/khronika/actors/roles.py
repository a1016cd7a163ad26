"""Role phrases: the office title around a person's name and the state or organisation it belongs to.

"Министр иностранных дел Казахстана Мурат Нуртлеу" -> министр иностранных дел, KAZ;
"послом Беларуси Павлом Утюпиным" -> посол, BLR (not "в Казахстане": a prepositional phrase names a place);
"Александр Лукашенко, президент Беларуси," -> президент, BLR; "казахстанский министр" -> KAZ.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Agency, Capital, Country, Igo, Media, Office
from .scan import Scan

_BRIDGE_RELS = {"appos", "flat:name", "flat", "nmod", "nsubj", "conj", "parataxis", "obl", "obj", "iobj"}
_GENERIC_HEADS = {"глава", "руководитель", "лидер", "председатель", "директор", "начальник", "шеф"}


@dataclass(frozen=True, slots=True)
class RolePhrase:
    office: Office
    first: int  # tokens of the whole phrase (title and its complement), [first, last)
    last: int
    country: str | None  # the code the person gets (ISO alpha-3, IGO, UNO, EUR)
    org: object | None  # the Agency / Igo / ORG mention index the office belongs to, if named
    org_span: tuple[int, int] | None  # its tokens
    former: bool = False  # "бывший президент", "экс-министр"


def _owner(sc: Scan, lo: int, hi: int, org_spans: dict[int, tuple[int, int]]):
    """The first state or organisation named in tokens [lo, hi) outside prepositional phrases."""
    an = sc.an
    i = lo
    while i < hi:
        t = an.tokens[i]
        if t.pos == "PUNCT" and t.text not in ("«", "»", "\"", "-"):
            break
        if t.pos == "ADP":
            break  # "посол Беларуси в Казахстане": stop before the place
        h = sc.hit_at.get(i)
        if h is not None and h.first == i and i > 0 and an.tokens[i - 1].text in ("«", "\"", "„", "“") \
                and isinstance(h.entry, (Country, Capital)):
            i = h.last  # «Вашингтон» the team, «Россия» the channel: not the state
            continue
        if h is not None and h.first == i:
            e = h.entry
            if isinstance(e, Country):
                return e.code, None, None
            if isinstance(e, Capital):
                return sc.lex.countries[e.stands_for].code, None, None
            if isinstance(e, Igo):
                return e.code, e, (h.first, h.last)
            if isinstance(e, Agency):
                # "глава МИД Казахстана": the agency's own country follows it
                country = e.country
                rest = _owner(sc, h.last, hi, org_spans) if country is None else None
                if rest and rest[0] and rest[1] is None:
                    country = rest[0]
                return country, e, (h.first, h.last)
            i = h.last
            continue
        if i in org_spans:
            f, l = org_spans[i]
            # an organisation mention: the agency it names and the state inside it ("российского МИД")
            agency = next((sc.hit_at[k].entry for k in range(f, l) if k in sc.hit_at
                           and isinstance(sc.hit_at[k].entry, Agency)), None)
            code = None
            for k in range(f, l):
                h = sc.hit_at.get(k)
                if h is not None and isinstance(h.entry, Country):
                    code = h.entry.code
                    break
                if k in sc.adjective:
                    code = sc.adjective[k][0].code
                    break
            if agency is not None:
                return agency.country or code, agency, (f, l)
            return code, i, (f, l)
        if i in sc.adjective:
            # "глава российского МИД": the adjective gives the state of the agency after it
            j = i + 1
            while j < hi and an.tokens[j].pos == "ADJ":
                j += 1
            nxt = sc.hit_at.get(j) if j < hi else None
            if nxt is not None and nxt.first == j and isinstance(nxt.entry, Agency):
                return nxt.entry.country or sc.adjective[i][0].code, nxt.entry, (nxt.first, nxt.last)
            return sc.adjective[i][0].code, None, None
        i += 1
    return None


_FORMER = {"бывший", "экс", "прежний", "покойный", "предыдущий", "отставной"}


def _former(sc: Scan, s: int) -> bool:
    """"бывший президент", "экс-министр", "ныне покойный": the office was held, not held now."""
    t = sc.an.tokens[s]
    if t.text.lower().startswith("экс-"):
        return True
    j = s - 1
    while j >= 0 and j >= s - 3 and sc.an.tokens[j].pos in ("ADJ", "ADV", "PUNCT") and sc.an.tokens[j].text != ",":
        if sc.an.tokens[j].lemma.lower() in _FORMER or sc.an.tokens[j].text.lower() == "экс":
            return True
        j -= 1
    return False


def _adjective_before(sc: Scan, s: int) -> str | None:
    """"казахстанский министр", "белорусский посол": a country adjective right before the title."""
    j = s - 1
    while j >= 0 and sc.an.tokens[j].pos == "ADJ":
        if j in sc.adjective and sc.an.tokens[j].sent == sc.an.tokens[s].sent:
            return sc.adjective[j][0].code
        j -= 1
    return None


# "президенту страны": the country is the one the text has just named
_THIS_COUNTRY = {"страна"}
_LOOKBACK = 400  # tokens: about a paragraph or two


def _state_named_last(sc: Scan, s: int) -> str | None:
    """"бывший министр обороны Молдавии пригрозил президенту страны": the state named last before token s."""
    for j in range(s - 1, max(-1, s - _LOOKBACK), -1):
        c = sc.country_of_token(j)
        if c is not None:
            return c.code
    return None


def _make(sc: Scan, s: int, e: int, office: Office, comp_end: int, org_spans) -> RolePhrase:
    owner = _owner(sc, e, comp_end, org_spans)
    country, org, org_span = owner if owner else (None, None, None)
    if country is None:
        country = _adjective_before(sc, s)
    if country is None and e < comp_end and sc.an.tokens[e].lemma in _THIS_COUNTRY:
        country = _state_named_last(sc, s)
    if country is None:
        country = office.country
    if office.name in _GENERIC_HEADS and isinstance(org, Agency) and org.head_office:
        office = sc.lex.office_by_name.get(org.head_office, office)
    return RolePhrase(office, s, max(e, comp_end), country, org, org_span, _former(sc, s))


def role_before(sc: Scan, f: int, org_spans: dict[int, tuple[int, int]],
                stop_tokens: frozenset[int] | set[int] = frozenset()) -> RolePhrase | None:
    found = titles_before(sc, f, org_spans, stop_tokens)
    return found[0] if found else None


def titles_before(sc: Scan, f: int, org_spans: dict[int, tuple[int, int]],
                  stop_tokens: frozenset[int] | set[int] = frozenset()) -> list[RolePhrase]:
    """Every title in the phrase before the name, outermost first: "депутат Госдумы генерал-полковник ВВС России
    Николай Антошкин" -> депутат (his office), генерал (a title that also names him)."""
    """A title whose phrase ends right before the name at token f ("президент Беларуси Александр ...",
    "пресс-секретарь президента России Дмитрий ..."). The search stops at punctuation, a conjunction or another
    person's name (`stop_tokens`): "президент Путин и премьер Медведев" gives Медведев only "премьер"."""
    an = sc.an
    sent = an.sents[an.tokens[f].sent]
    titles: list[RolePhrase] = []
    # the tokens the name hangs on through appositions: a title further left counts only if the name is its
    # apposition ("пресс-секретарь президента Владимира Путина": Путин is the president's, not the spokesman's)
    chain: set[int] = set()
    h = an.tokens[f].head
    while h >= 0 and h not in chain:
        chain.add(h)
        if an.tokens[h].rel not in ("appos", "flat", "flat:name"):
            break
        h = an.tokens[h].head
    for s in range(f - 1, max(sent.first, f - 10) - 1, -1):
        t = an.tokens[s]
        if (t.pos == "PUNCT" and t.text not in ("«", "»", "\"", "-")) or t.pos == "CCONJ" or s in stop_tokens:
            break
        found = sc.office_at(s)
        if not found:
            continue
        e, office = found
        if e > f:
            continue
        # every token between the title and the name hangs on the title or on the name (its complement)
        if any(not _within(an, k, s, f + 1) for k in range(e, f)):
            continue
        if titles and not any(s <= c < e for c in chain):
            continue
        # a title further left whose complement reaches the name contains the nearer one
        # ("заместитель министра иностранных дел", "пресс-секретарь президента России")
        titles.append(_make(sc, s, e, office, f, org_spans))
    return titles[::-1]


def role_after(sc: Scan, f: int, l: int, org_spans: dict[int, tuple[int, int]]) -> RolePhrase | None:
    """"Александр Лукашенко, президент Беларуси, ...": an apposition after the name."""
    an = sc.an
    sent = an.sents[an.tokens[f].sent]
    s = l
    if s < sent.last and an.tokens[s].text in (",", "—", "–", "("):
        s += 1
    if s >= sent.last:
        return None
    found = sc.office_at(s)
    if not found:
        return None
    e, office = found
    head = an.tokens[s].head
    if not (f <= head < l or head in range(f, l) or an.tokens[s].rel == "appos"):
        return None
    end = e
    while end < sent.last and end - e < 8 and an.tokens[end].text not in (",", ")", ".", "—", "–", ";", ":"):
        end += 1
    return _make(sc, s, e, office, end, org_spans)


def _within(an, k: int, lo: int, hi: int) -> bool:
    """Token k's head chain reaches a token in [lo, hi) before leaving the sentence (a complement)."""
    seen = 0
    j = k
    while j >= 0 and seen < 12:
        h = an.tokens[j].head
        if lo <= h < hi:
            return True
        if h < 0:
            return False
        j = h
        seen += 1
    return False


def title_at(sc: Scan, i: int, org_spans: dict[int, tuple[int, int]]) -> RolePhrase | None:
    """A title used alone at token i ("министр", "глава государства", "президент Беларуси"), with its owner."""
    found = sc.office_at(i)
    if not found:
        return None
    e, office = found
    an = sc.an
    sent = an.sents[an.tokens[i].sent]
    end = e
    while end < sent.last and end - e < 6 and an.tokens[end].pos not in ("PUNCT", "VERB", "ADP", "CCONJ"):
        end += 1
    return _make(sc, i, e, office, end, org_spans)


__all__ = ["RolePhrase", "role_before", "titles_before", "role_after", "title_at", "Media"]
