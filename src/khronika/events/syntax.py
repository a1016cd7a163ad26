"""Small readings of natasha's dependency trees that the event coder needs again and again."""
from __future__ import annotations

import re

from ..language import Analysis, Token

# Short forms of prepositions ("во", "со") read as their full form.
PREP_FORMS = {"во": "в", "со": "с", "ко": "к", "обо": "о", "об": "о", "подо": "под", "передо": "перед", "ото": "от"}
# Dependencies that open another clause: cues and arguments of one clause stop there.
CLAUSE_RELS = {"ccomp", "advcl", "acl", "acl:relcl", "parataxis", "conj", "csubj", "xcomp", "list", "appos"}


# A noun in such a phrase frames the clause it sits in ("во время встречи с X ... призвал"): its participants are
# the clause's subject, and the clause's verb does not govern it as a complement. "на" frames only with the
# locative ("на встрече", not "пошёл на уступки").
FRAME_PREPS = {"в ходе", "во время", "по итогам", "по результатам", "на полях", "после", "на", "в рамках",
               "накануне", "перед"}


def is_frame(an: Analysis, i: int) -> bool:
    tok = an.tokens[i]
    if tok.pos not in ("NOUN", "PROPN"):
        return False
    prep = prep_of(an, i)
    if prep not in FRAME_PREPS:
        return False
    return prep != "на" or tok.feats.get("Case") == "Loc"


def base_rel(tok: Token) -> str:
    return tok.rel.split(":")[0]


def prep_of(an: Analysis, i: int) -> str | None:
    """The preposition governing token i ("во" read as "в"), multiword ones joined as written ("во время",
    "в ходе", "в отношении"), or None."""
    for c in an.children(i):
        ct = an.tokens[c]
        if ct.rel == "case" and ct.pos == "ADP":
            fixed = [an.tokens[f].text.lower() for f in an.children(c) if an.tokens[f].rel == "fixed"]
            if not fixed:
                return PREP_FORMS.get(ct.text.lower(), ct.text.lower())
            return " ".join([ct.text.lower()] + fixed)  # "во время", "в ходе" keep their form
    return None


def deps(an: Analysis, i: int, rel: str) -> list[int]:
    """Dependents of i with the base relation `rel`; for a passive verb its grammatical subject counts as object."""
    out = []
    tok = an.tokens[i]
    passive = is_passive(tok)
    kids = an.children(i)
    # "соглашение, которое заключил Обама": a relative pronoun tagged as a second subject is the object
    subjects = [c for c in kids if an.tokens[c].rel == "nsubj"]
    object_pronoun = next((c for c in subjects if an.tokens[c].lemma == "который"), None) if len(subjects) > 1 else None
    for c in kids:
        r = an.tokens[c].rel
        if c == object_pronoun:
            if rel == "obj":
                out.append(antecedent(an, c))
        elif r.split(":")[0] == rel and not (rel == "nsubj" and r == "nsubj:pass"):
            out.append(antecedent(an, c))
        elif rel == "obj" and passive and r == "nsubj:pass":
            out.append(antecedent(an, c))
    # "в подписанном соглашении": a passive participle's noun is its object
    if rel == "obj" and passive and tok.feats.get("VerbForm") == "Part" and tok.head >= 0 and tok.rel.startswith(("acl", "amod")):
        out.append(tok.head)
    return out


def antecedent(an: Analysis, j: int) -> int:
    """For the relative pronoun "который", the noun it stands for ("соглашение, которое заключил ...")."""
    t = an.tokens[j]
    if t.lemma != "который":
        return j
    k = t.head
    for _ in range(3):
        if k < 0:
            return j
        kt = an.tokens[k]
        if kt.rel.startswith("acl") and kt.head >= 0:
            return kt.head
        k = kt.head
    return j


# Passive participles by their ending ("обвинённого", "избитый", "вводимые"): natasha sometimes tags them active.
SHORT_PASSIVE = re.compile(r"(н|т)[аоы]?$")
PASSIVE_PARTICIPLE = re.compile(r"(нн|т|ем|им)(ый|ий|ая|ое|ые|ого|ой|ому|ым|ую|ыми|ых|ом|а|о|ы)$")


def is_passive(tok: Token) -> bool:
    if tok.pos != "VERB":
        return False
    if tok.feats.get("Voice") == "Pass":
        return True
    if tok.feats.get("VerbForm") != "Part":
        return False
    word = tok.text.lower()
    if tok.feats.get("Variant") == "Short":
        return bool(SHORT_PASSIVE.search(word))  # "подписано", "введены"
    return bool(PASSIVE_PARTICIPLE.search(word))


def forms(tok: Token) -> set[str]:
    """The verb forms a "form=" constraint can name: fin, inf, part, conv, pass, attr (a full participle
    qualifying a noun)."""
    out = set()
    vf = tok.feats.get("VerbForm")
    if vf:
        out.add({"Fin": "fin", "Inf": "inf", "Part": "part", "Conv": "conv"}.get(vf, vf.lower()))
    if is_passive(tok):
        out.add("pass")
    if vf == "Part" and tok.feats.get("Variant") != "Short" and tok.rel.startswith(("acl", "amod")):
        out.add("attr")
    return out


def subtree(an: Analysis, i: int, depth: int = 99, skip_clauses: bool = False) -> list[int]:
    """Tokens below i (not i itself), at most `depth` levels down."""
    out: list[int] = []
    frontier = [i]
    for _ in range(depth):
        nxt = []
        for j in frontier:
            for c in an.children(j):
                if skip_clauses and an.tokens[c].rel in CLAUSE_RELS:
                    continue
                out.append(c)
                nxt.append(c)
        if not nxt:
            break
        frontier = nxt
    return out


def clause_head(an: Analysis, i: int) -> int:
    """The verb whose clause token i belongs to: i itself for a verb, else the nearest verb above (nouns
    inside an argument phrase belong to the clause of the verb they fill)."""
    j = i
    for _ in range(8):
        t = an.tokens[j]
        if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and t.rel == "root"):
            return j
        if t.head < 0:
            return j
        if t.rel in CLAUSE_RELS:
            return j
        j = t.head
    return j


def clause_tokens(an: Analysis, head: int) -> list[int]:
    """The clause of `head`: head and everything below it that does not open another clause."""
    return [head] + subtree(an, head, depth=6, skip_clauses=True)


def governors(an: Analysis, i: int, rels: tuple[str, ...] = ("xcomp", "obj", "obl", "nmod", "ccomp"),
              limit: int = 3) -> list[int]:
    """Words above i reached through complement relations ("намерена ввести": ввести -> намерена)."""
    out = []
    j = i
    for _ in range(limit):
        t = an.tokens[j]
        if t.head < 0 or base_rel(t) not in rels:
            break
        j = t.head
        out.append(j)
    return out


def adopted_by(an: Analysis, n: int, decisions: frozenset[str], adopters: frozenset[str]) -> int | None:
    """"Совбез принял резолюцию о введении санкций", "было утверждено решение о высылке": the verb that adopts
    the decision whose content ("о X") noun n is, or None."""
    d = an.tokens[n].head
    if d < 0 or an.tokens[d].lemma not in decisions or prep_of(an, n) not in ("о", "об"):
        return None
    v = an.tokens[d].head
    return v if v >= 0 and an.tokens[v].pos == "VERB" and an.tokens[v].lemma in adopters else None


def has_negation(an: Analysis, i: int) -> bool:
    """"не"/"ни" attached to token i, unless it is the expletive "не" of an "until" clause."""
    for c in an.children(i):
        ct = an.tokens[c]
        if ct.lemma in ("не", "ни") and ct.pos == "PART":
            return not _until_clause(an, i)
    return False


def _until_clause(an: Analysis, v: int) -> bool:
    """"..., пока лидеры ЕС не согласились их активизировать": "пока не" with a perfective verb means "until",
    and the act did happen. "пока" must open the clause after a comma: "Москва пока не согласилась" (not yet)
    is a real negation."""
    tok = an.tokens[v]
    if tok.pos != "VERB" or tok.feats.get("Aspect") != "Perf":
        return False
    first = an.sents[tok.sent].first
    for k in range(v - 1, first - 1, -1):
        t = an.tokens[k]
        if t.text == ",":
            return False
        if t.lemma == "пока":
            return k > first and an.tokens[k - 1].text == ","
    return False


def case(tok: Token) -> str | None:
    return tok.feats.get("Case")


def repair_clauses(an: Analysis, first: int, last: int, naming_verbs: frozenset[str] = frozenset()) -> None:
    """Undo the parser's clause-crossing attachments in sentence [first, last) before events are read."""
    reattach_orphan_subjects(an, first, last)
    reattach_fronted_phrases(an, first, last)
    reattach_that_clauses(an, first, last)
    relabel_second_subjects(an, first, last)
    relabel_second_objects(an, first, last)
    detach_headline_labels(an, first, last)
    if naming_verbs:
        reattach_predicates(an, first, last, naming_verbs)


def reattach_predicates(an: Analysis, first: int, last: int, naming_verbs: frozenset[str]) -> None:
    """"Лавров назвал заявления об угрозе со стороны России абсурдными": the parser hung the instrumental
    adjective on "угрозе", a noun it does not agree with. An instrumental adjective under a noun of another case,
    below a naming verb ("назвать", "считать", "признать"), is that verb's predicate (xcomp)."""
    toks = an.tokens
    changed = False
    for k in range(first, last):
        t = toks[k]
        h = t.head
        if t.pos != "ADJ" or t.feats.get("Case") != "Ins" or h < 0 or t.rel not in ("nmod", "amod", "obl"):
            continue
        if toks[h].pos not in ("NOUN", "PROPN") or toks[h].feats.get("Case") in ("Ins", None):
            continue
        j, steps = toks[h].head, 0
        while j >= 0 and toks[j].pos != "VERB" and steps < 6:
            j, steps = toks[j].head, steps + 1
        if j >= 0 and toks[j].pos == "VERB" and toks[j].lemma in naming_verbs and j != k:
            t.head, t.rel = j, "xcomp"
            changed = True
    if changed:
        an.heads_changed()


# conjunctions that open a subordinate clause: a phrase before them is not part of it
CLAUSE_MARKS = {"что", "чтобы", "будто", "как"}


def reattach_fronted_phrases(an: Analysis, first: int, last: int) -> None:
    """"Министр Альфано перед своим визитом в Москву выразил надежду на то, что Россия вернётся ...": the parser
    hung "перед визитом" on "вернётся", past the "что" that opens its clause. An adverbial phrase before the
    conjunction of the clause whose verb it hangs on belongs to the verb above that clause."""
    toks = an.tokens
    changed = False
    for k in range(first, last):
        t = toks[k]
        h = t.head
        if t.rel != "obl" or h <= k or h >= last:
            continue
        marks = [c for c in an.children(h) if toks[c].rel == "mark" and toks[c].lemma in CLAUSE_MARKS and k < c < h]
        if not marks:
            continue
        j = h
        while j >= 0 and j > marks[0]:
            j = toks[j].head
        while j >= 0 and toks[j].pos != "VERB":
            j = toks[j].head
        if j >= 0 and j != k and not _above(an, k, j):
            t.head = j
            changed = True
    if changed:
        an.heads_changed()


def _finite_active_verbs(an: Analysis, first: int, last: int):
    """Token indexes of finite verbs in the active voice in [first, last)."""
    for v in range(first, last):
        f = an.tokens[v].feats
        if an.tokens[v].pos == "VERB" and f.get("VerbForm") == "Fin" and f.get("Voice") != "Pass":
            yield v


def relabel_second_subjects(an: Analysis, first: int, last: int) -> None:
    """"США в их намерении поддержала Канада": of a verb's two subjects the parser gave, the one the verb does
    not agree with (number, and gender in the past tense) is its object."""
    toks = an.tokens
    for v in _finite_active_verbs(an, first, last):
        t = toks[v]
        subjects = [c for c in an.children(v) if toks[c].rel == "nsubj" and toks[c].pos in ("NOUN", "PROPN")]
        if len(subjects) != 2:
            continue
        agree = [c for c in subjects if _agrees(toks[c].feats, t.feats)]
        if len(agree) == 1:
            other = next(c for c in subjects if c != agree[0])
            lo, hi = min(other, v), max(other, v)
            if any(toks[k].pos in ("PUNCT", "SCONJ") for k in range(lo + 1, hi)):
                continue  # a noun of another clause, not this verb's object
            toks[other].rel = "obj"


def relabel_second_objects(an: Analysis, first: int, last: int) -> None:
    """"Несогласие с действиями Вашингтона заявили и правительства Германии и Франции": a verb with no subject and
    two objects; the one after the verb that agrees with it in number is its subject."""
    toks = an.tokens
    for v in _finite_active_verbs(an, first, last):
        t = toks[v]
        kids = an.children(v)
        if any(base_rel(toks[c]) == "nsubj" for c in kids):
            continue
        objects = [c for c in kids if toks[c].rel == "obj" and toks[c].pos in ("NOUN", "PROPN")]
        if len(objects) != 2 or objects[1] < v:
            continue
        later = objects[1]
        if toks[later].feats.get("Number") == t.feats.get("Number") == "Plur" or (
                t.feats.get("Number") == "Sing" and _agrees(toks[later].feats, t.feats)
                and toks[later].feats.get("Case") in ("Nom", None)):
            toks[later].rel = "nsubj"


def _agrees(noun: dict, verb: dict) -> bool:
    if noun.get("Number") and verb.get("Number") and noun["Number"] != verb["Number"]:
        return False
    return not (verb.get("Gender") and noun.get("Gender") and verb.get("Number") != "Plur"
                and noun["Gender"] != verb["Gender"])


def detach_headline_labels(an: Analysis, first: int, last: int) -> None:
    """"ЮНЕСКО для непризнанной республики: почему Сербия отозвала дипломатов": a word of the label before a
    colon that the parser hung on a verb after it is no argument of that verb."""
    toks = an.tokens
    colons = [k for k in range(first, last) if toks[k].text == ":"]
    changed = False
    for k in colons:
        for j in range(first, k):
            h = toks[j].head
            if h > k and toks[h].pos == "VERB" and toks[j].pos in ("NOUN", "PROPN"):
                toks[j].head, toks[j].rel = -1, "root"
                changed = True
    if changed:
        an.heads_changed()


def reattach_that_clauses(an: Analysis, first: int, last: int) -> None:
    """"Официальные лица заявляли, что не станут менять участника, а предположение о том, ...": the parser hung
    "станут" on a later word. A finite verb whose "что" follows a comma right after a verb, yet hangs on a word
    after itself, is that verb's complement clause."""
    toks = an.tokens
    changed = False
    for v in range(first + 3, last):
        t = toks[v]
        if t.pos != "VERB" or t.feats.get("VerbForm") != "Fin" or t.head <= v:
            continue
        marks = [c for c in an.children(v) if toks[c].rel == "mark" and toks[c].lemma == "что" and c < v]
        if not marks:
            continue
        m = marks[0]
        if m - 2 < first or toks[m - 1].text != "," or toks[m - 2].pos != "VERB" or _above(an, v, m - 2):
            continue
        t.head, t.rel = m - 2, "ccomp"
        changed = True
    if changed:
        an.heads_changed()


def reattach_orphan_subjects(an: Analysis, first: int, last: int) -> None:
    """Give back a subject the parser hung on a later verb: "Арабская коалиция ... разбомбила церемонию,
    погибли 150 человек", "соглашение ... было подписано в 1963 году, а заявку Анкара подала". A finite active
    verb (or a short passive participle) of a main clause with no subject takes the nearest nominative noun
    before it that agrees in number (and gender, where the verb shows one) and belongs to a later word (or is
    the second subject of an earlier verb, or hangs on a headline's label across a colon); no verb may stand
    between them. The events stage runs last, so the repaired tree is read by it alone."""
    toks = an.tokens
    changed = False
    for v in range(first, last):
        t = toks[v]
        f = t.feats
        passive = f.get("VerbForm") == "Part" and f.get("Variant") == "Short" and f.get("Voice") == "Pass"
        active = t.pos == "VERB" and f.get("VerbForm") == "Fin" and f.get("Voice") != "Pass"
        if not (passive or active) or t.rel not in ("root", "conj"):
            continue
        if any(base_rel(toks[c]) == "nsubj" for c in an.children(v)):
            continue
        for k in range(v - 1, first - 1, -1):
            n = toks[k]
            if n.pos in ("VERB", "SCONJ") or (n.pos == "AUX" and n.head != v):
                break
            if n.pos in ("NOUN", "PROPN") and n.feats.get("Case") == "Nom" \
                    and ((n.head > v and base_rel(n) in ("nsubj", "obj")) or _second_subject(an, k) or _after_colon(an, k)) \
                    and n.feats.get("Number") == f.get("Number") \
                    and (f.get("Gender") is None or n.feats.get("Gender") in (None, f.get("Gender"))) \
                    and not _above(an, k, v):
                n.head, n.rel = v, ("nsubj:pass" if passive else "nsubj")
                changed = True
                break
    if changed:
        an.heads_changed()


def _after_colon(an: Analysis, k: int) -> bool:
    """"Турецкий эндшпиль: ЕП одобрил резолюцию": a headline's label before the colon does not own the noun
    that opens the clause after it."""
    h = an.tokens[k].head
    return 0 <= h < k and base_rel(an.tokens[k]) in ("appos", "nsubj", "nmod", "conj") \
        and any(an.tokens[j].text == ":" for j in range(h + 1, k))


def _second_subject(an: Analysis, k: int) -> bool:
    """Token k is a subject of an earlier verb that has another subject before it: "Переговоры ... стояли на
    месте, пока лидеры ЕС не согласились": the parser's two subjects for one verb."""
    h = an.tokens[k].head
    return 0 <= h < k and base_rel(an.tokens[k]) == "nsubj" and any(
        c < h and base_rel(an.tokens[c]) == "nsubj" for c in an.children(h))


def _above(an: Analysis, k: int, v: int) -> bool:
    """Whether token k is an ancestor of token v."""
    j, seen = an.tokens[v].head, set()
    while j >= 0 and j not in seen:
        if j == k:
            return True
        seen.add(j)
        j = an.tokens[j].head
    return False
