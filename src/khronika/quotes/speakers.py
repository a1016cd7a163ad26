"""Who speaks: from a cue word to the phrase naming the speaker there, and from that phrase to an actor.

The phrase comes from natasha's syntax (the subject of the speech verb, the organisation owning
"сообщение" in "говорится в сообщении МИД", the place of "заявили в Кремле"); the actor comes from the
actors stage's references (`doc.refs`), which also resolve titles and pronouns. No refs, no guess.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..doc import Doc
from ..language import Analysis, Token
from .lexicon import Lexicon, fold

SUBJECT_RELS = ("nsubj", "nsubj:pass")
# dependents that are not part of the words naming the speaker
_NOT_NAME = {"acl", "acl:relcl", "parataxis", "conj", "cc", "advcl", "punct", "ccomp", "xcomp", "obj",
             "iobj", "obl", "advmod", "discourse", "vocative", "dislocated", "list", "orphan", "mark"}
NOMINAL = {"NOUN", "PROPN", "PRON"}
PERSONAL_PRONOUNS = {"он", "она", "они"}
# subjects that name no speaker: "это говорит о том, что" (it shows), "всё указывает на то, что"
NOT_SPEAKERS = {"это", "что", "все", "то", "кто", "ничто", "никто", "сам"}


@dataclass
class Speaker:
    head: int            # token index of the head of the phrase
    start: int           # character span of the phrase
    end: int
    text: str
    actor: str | None = None


def children(an: Analysis, i: int, rels: tuple[str, ...] | set[str] | None = None) -> list[Token]:
    return [an.tokens[k] for k in an.children(i) if rels is None or an.tokens[k].rel in rels]


def phrase_span(an: Analysis, head: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """Character span of the words naming a speaker: the head and its nominal dependents, contiguous,
    within token range [lo, hi)."""
    hi = len(an.tokens) if hi is None else hi
    keep = {head}
    todo = [head]
    while todo:
        k = todo.pop()
        for c in an.children(k):
            t = an.tokens[c]
            # "Путин и Лукашенко" are two speakers, but "Центра стратегических и международных исследований" one
            if t.rel in _NOT_NAME and not (t.rel in ("conj", "cc") and k != head) or \
                    t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") in ("Fin", "Conv") or \
                    k == head and _circumstance(an, t):
                continue
            if lo <= c < hi and c not in keep:
                keep.add(c)
                todo.append(c)
    first = last = head
    while first - 1 >= lo and (first - 1 in keep or _inner_punct(an, first - 1, keep, -1)):
        first -= 1
    while last + 1 < hi and (last + 1 in keep or _inner_punct(an, last + 1, keep, +1)):
        last += 1
    # a phrase does not end on a preposition or begin on punctuation
    while first < last and an.tokens[first].pos in ("PUNCT", "ADP", "CCONJ"):
        first += 1
    # the name ends the phrase ("Сенатор от штата Индиана Тодд Янг в ходе рассмотрения …")
    for sp in an.spans:
        if sp.type == "PER" and first <= sp.first and sp.last - 1 < last and sp.last - 1 >= head:
            last = sp.last - 1
            break
    # a title the parser detached from the name right after it: "старший советник CSIS Ольга Оликер"
    if an.tokens[head].pos == "NOUN":
        for sp in an.spans:
            if sp.type == "PER" and sp.first > last and sp.last <= hi and sp.first - last <= 12 and not any(
                    an.tokens[k].text in ",.;:—–!?" for k in range(last + 1, sp.first)):
                last = sp.last - 1
                break
    return an.tokens[first].start, an.tokens[last].end


# nouns of a prepositional phrase that tells where or when someone spoke, not who they are
# ("лидер в одном из разговоров", "министр в ходе встречи", "глава МИД в интервью RT")
_CIRCUMSTANCES = {"ход", "время", "рамка", "интервью", "беседа", "разговор", "эфир", "комментарий", "ответ",
                  "связь", "встреча", "выступление", "пресс-конференция", "брифинг", "день", "понедельник",
                  "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "итог", "преддверие"}


def _circumstance(an: Analysis, t: Token) -> bool:
    if t.rel != "nmod" or not any(an.tokens[c].rel == "case" for c in an.children(t.i)):
        return False
    return t.pos in ("NUM", "ADJ", "PRON", "DET") or fold(t.lemma) in _CIRCUMSTANCES


def _inner_punct(an: Analysis, k: int, keep: set[int], step: int) -> bool:
    """Brackets, quotation marks and hyphens inside a name phrase ("Центра (CSIS)", "газеты «Коммерсантъ»")."""
    if an.tokens[k].text not in "()«»\"-‑":
        return False
    j = k + step
    while 0 <= j < len(an.tokens) and an.tokens[j].text in "()«»\"-‑":
        j += step
    return j in keep


def make_speaker(doc: Doc, head: int, lo: int = 0, hi: int | None = None) -> Speaker:
    an = doc.analysis
    start, end = phrase_span(an, head, lo, hi)
    return Speaker(head, start, end, doc.text[start:end])


def _is_plural_or_impersonal(t: Token) -> bool:
    return t.feats.get("Number") == "Plur" or t.feats.get("Voice") == "Pass" or fold(t.lemma).endswith("ся")


def _org_of_release(an: Analysis, noun: Token) -> Token | None:
    """"сообщении МИД Казахстана" -> МИД; "сообщении пресс-службы Кремля" -> пресс-службы."""
    for c in children(an, noun.i, ("nmod",)):
        if c.pos in ("NOUN", "PROPN") and c.feats.get("Case") in (None, "Gen"):
            return c
    return None


def speaker_token(doc: Doc, lex: Lexicon, verb: Token, lo: int, hi: int) -> tuple[Token | None, str]:
    """The head token naming who speaks through `verb` (search limited to tokens [lo, hi)), and the cue
    text (the verb, or "говорится в сообщении" for a press release)."""
    an = doc.analysis
    cue = verb.text
    if verb.feats.get("VerbForm") == "Conv" and verb.head >= 0 and not children(an, verb.i, SUBJECT_RELS):
        # "— заявили в МИД, отметив, что …": a gerund speaks with its clause's speaker
        head = an.tokens[verb.head]
        if head.pos in ("VERB", "AUX") and lo <= head.i < hi:
            subj, _ = speaker_token(doc, lex, head, lo, hi)
            return subj, cue
    # "говорится в сообщении МИД", "сказано в заявлении", "как говорится в докладе Amnesty"
    impersonal = lex.verb_use(verb.lemma) == "release" or verb.feats.get("Voice") == "Pass"
    for obl in children(an, verb.i, ("obl",)):
        case = children(an, obl.i, ("case",))
        if not (impersonal and lo <= obl.i < hi and case and fold(case[0].text) in ("в", "во", "на")):
            continue
        if fold(obl.lemma) in lex.release_nouns or lex.verb_use(verb.lemma) == "release":
            cue = doc.text[verb.start:obl.end] if verb.i < obl.i else doc.text[case[0].start:verb.end]
            org = _org_of_release(an, obl)
            if org is not None and lo <= org.i < hi:
                return org, cue
            if fold(obl.lemma) not in lex.release_nouns and obl.pos in ("NOUN", "PROPN"):
                return obl, cue  # "говорится в МИД": the place is the speaker
            return None, cue
    if lex.verb_use(verb.lemma) == "quoting":
        # "— цитирует его Euronews": the one quoted is the object, the medium only passes the words on
        quoted = [c for c in children(an, verb.i, ("obj",)) if c.pos in NOMINAL and lo <= c.i < hi]
        if quoted:
            words = [c for c in children(an, quoted[0].i, ("nmod", "det")) if c.pos in NOMINAL or c.pos == "DET"] \
                if fold(quoted[0].lemma) == "слово" else []
            return (words or quoted)[0], cue  # "цитирует слова Шойгу": Шойгу
    subj = _subject(an, verb)
    if subj is not None and fold(subj.lemma) in NOT_SPEAKERS:
        return None, cue
    if subj is not None and fold(subj.lemma) == "который" and verb.rel == "acl:relcl" and verb.head >= 0:
        subj = an.tokens[verb.head]  # "Госдума, которая назвала …": the speaker is what "которая" stands for
    if subj is not None and lo <= subj.i < hi:
        return subj, cue
    if subj is None and _is_plural_or_impersonal(verb):
        # "заявили в Кремле", "в середине ноября в Минобороны РФ сообщили": a named place speaks
        places = []
        for obl in children(an, verb.i, ("obl",)):
            case = children(an, obl.i, ("case",))
            if case and fold(case[0].text) in ("в", "во") and obl.pos in ("NOUN", "PROPN") and lo <= obl.i < hi \
                    and fold(obl.lemma) not in lex.release_nouns and obl.feats.get("Case") in (None, "Loc"):
                places.append(obl)
        named = [o for o in places if any(sp.first <= o.i < sp.last or sp.first == o.i + 1 for sp in an.spans)]
        if named or places:
            return (named or places)[0], cue
    return None, cue


def _subject(an: Analysis, verb: Token) -> Token | None:
    seen = set()
    t = verb
    while t is not None and t.i not in seen:
        seen.add(t.i)
        subj = children(an, t.i, SUBJECT_RELS)
        if subj and not (t.feats.get("Number") == "Plur" and subj[0].feats.get("Number") == "Sing"
                         and subj[0].pos == "NOUN" and not children(an, subj[0].i, ("conj",))):
            return subj[0]
        if subj:
            return None  # "в МИД решение СБУ назвали …": a singular noun is the object of a plural verb
        # "сказал он и добавил", "добавив, что" (a gerund shares its clause's subject)
        if t.rel in ("conj", "xcomp", "advcl") and t.head >= 0 and (
                t.rel != "advcl" or t.feats.get("VerbForm") == "Conv"):
            t = an.tokens[t.head]
            continue
        break
    return None


def nominative_after(an: Analysis, verb: Token, hi: int) -> Token | None:
    """Fallback when the parser missed the subject of an inverted frame ("— отметил президент Беларуси"):
    the first nominative nominal after the verb, before any punctuation."""
    for k in range(verb.i + 1, min(hi, verb.i + 8)):
        t = an.tokens[k]
        if t.pos == "PUNCT" and t.text not in "-‑":
            return None
        if t.pos in NOMINAL and t.feats.get("Case") == "Nom" and not _in_prepositional(an, t):
            return t
    return None


def resolve(doc: Doc, sp: Speaker) -> str | None:
    """The actor the speaker phrase names, through the actors stage's references; None without them."""
    refs = doc.refs
    if refs is None:
        return None
    head = doc.analysis.tokens[sp.head]
    actor = refs.actor_for_token(sp.head) or refs.actor_for_span(sp.start, sp.end)
    if actor is None and fold(head.text) in PERSONAL_PRONOUNS:
        actor = refs.antecedent(head.start, "person")
    return actor


def nominative_before(an: Analysis, verb: Token, lo: int) -> Token | None:
    """Fallback when the parser attached the subject elsewhere ("Меркель ответила: «…»"): the nearest
    nominative nominal before the verb in its clause, agreeing with it in number."""
    for k in range(verb.i - 1, max(lo, verb.i - 8) - 1, -1):
        t = an.tokens[k]
        if t.pos == "PUNCT" and t.text in ",;:»\"":
            return None
        if t.pos in NOMINAL and t.feats.get("Case") == "Nom" and not _in_prepositional(an, t) \
                and t.feats.get("Number", "Sing") == verb.feats.get("Number", t.feats.get("Number", "Sing")):
            # "президент Беларуси Александр Лукашенко": climb from the name to the head of the phrase
            while t.rel in ("appos", "flat:name", "flat") and lo <= t.head < verb.i:
                t = an.tokens[t.head]
            return t
    return None


def _in_prepositional(an: Analysis, t: Token) -> bool:
    return any(an.tokens[c].rel == "case" for c in an.children(t.i))


def according_noun(an: Analysis, lex: Lexicon, t: Token) -> Token | None:
    """"словам" of "по словам А" / "по его словам" when `t` is that "по"."""
    if fold(t.text) != "по":
        return None
    for k in (t.i + 1, t.i + 2):
        if k < len(an.tokens) and fold(an.tokens[k].lemma) in lex.according and an.tokens[k].feats.get("Case") in (None, "Dat"):
            if k == t.i + 1 or an.tokens[t.i + 1].pos in ("DET", "PRON"):
                return an.tokens[k]
    return None


def fallback_subject(an: Analysis, verb: Token, lo: int, hi: int) -> Token | None:
    """The subject when syntax did not attach one to the verb: after it (inverted frames), else before it."""
    return nominative_after(an, verb, hi) or nominative_before(an, verb, lo)
