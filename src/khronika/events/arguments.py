"""Who did it and to whom: argument phrases of a trigger read from syntax, then resolved to record actors
through the actors stage's ActorRefs (doc.state["refs"]).

Verbs: the subject; the agent of a passive ("введены Евросоюзом"); the subject of the verb a converb, an xcomp
or a conjoined verb hangs on; for an indefinite-personal verb ("посла пригласили в МИД Казахстана") the
organisation or state of its "в/на X" phrase. Recipients: the object, the dative, and phrases with "с", "против",
"в отношении", "к", "по", "от", directional "в/на". Nouns: the subject of their light verb ("ввела санкции") or of the
verb they frame ("во время встречи с X ... призвал"), else their genitive ("визит Путина"), with recipients from
their own prepositional phrases. A generic group ("внешнюю политику постсоветских республик") is narrowed by
"в частности X" / "упомянув X".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..doc import Doc
from ..language import Analysis
from .lexicon import TriggerEntry
from .syntax import adopted_by, antecedent, clause_head, base_rel, deps, is_frame, is_passive, prep_of, subtree

# Prepositions that introduce the party an action is directed at (or done with).
RECIPIENT_PREPS = {"с", "против", "в отношении", "в адрес", "к", "от", "для", "у", "перед", "из",
                   "в", "на", "со стороны"}
# "удар по Сирии": "по" names the target of an attack only ("по данным Reuters", "переговоры по Сирии" do not)
ATTACK_PREPS = {"по"}
ATTACK_TYPES = {"ASSAULT", "THREATEN"}  # "удар по базе", "пригрозил ударом по Гуаму"
# Prepositions of an object noun that name the target of the whole action ("санкции против России").
OBJECT_TARGET_PREPS = {"против", "в отношении", "в адрес", "к", "для", "по поводу", "в связи с", "с", "от"}
# "в"/"на" name a recipient only with the accusative (direction: "вторглись в Украину"), not the locative ("в Москве").
DIRECTIONAL_PREPS = {"в", "на"}
# Words that single out members of a group ("постсоветские республики, в частности Казахстан").
ELABORATION = re.compile(r"\b(в частности|в том числе|включая|например|особенно|прежде всего|в первую очередь)\b",
                         re.IGNORECASE)
OBLIQUE_CASES = {"Gen", "Dat", "Ins", "Loc"}
# Inanimate nouns that still name a party ("македонскую сторону", "власти", "руководство").
PARTY_NOUNS = {"сторона", "власть", "руководство", "правительство", "администрация", "страна", "государство",
               "республика", "режим", "командование", "ведомство", "министерство", "парламент", "сми", "издание",
               "телеканал", "газета", "агентство", "организация", "партия", "оппозиция", "коалиция", "союз", "альянс",
               "блок", "комитет", "совет", "сенат", "конгресс", "суд", "компания", "движение", "группировка"}
# "коалиция во главе с Саудовской Аравией": the group stands for the state leading it
LEADER_PREPS = {"во главе с"}
ACTOR_KINDS = {"person", "organization", "country", "igo", "group", "media"}
INDEFINITE_KINDS = {"organization", "country", "igo"}


@dataclass
class Arguments:
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    location: str | None = None
    actor_via: str = ""  # how the actor was found: subject, agent, inherited, indefinite, genitive, light-verb,
    #                      frame, place, owner, source, between
    recipient_via: str = ""  # direct, elaboration, purpose, deeper, location, inner, context
    recipient_phrase: bool = False  # the sentence names a party acted upon that no actor stands for


@dataclass(frozen=True)
class ArgumentCues:
    """The cue words (cues.tsv) argument reading uses, built once per coder."""
    intent_nouns: frozenset[str] = frozenset()  # "заговорил о намерении разорвать": the owner acts
    bodies: dict[str, frozenset[str]] = field(default_factory=dict)  # "Министерство заявило": body_nouns()
    order_nouns: frozenset[str] = frozenset()  # "по его приказу", "указом Додона": who ordered acts
    decision_nouns: frozenset[str] = frozenset()  # "принял резолюцию о ...": with adopt_verbs
    adopt_verbs: frozenset[str] = frozenset()
    watch_nouns: frozenset[str] = frozenset()  # "направила вертолёт для наблюдения за российскими кораблями"
    armed_groups: frozenset[str] = frozenset()  # "боевики", "ополченцы": coded by the state they fight in
    propose_verbs: frozenset[str] = frozenset()  # "рассмотрит законопроект о ...": a decision not yet taken
    meeting_nouns: frozenset[str] = frozenset()  # "отказался от встречи с X": the other side is X
    address_nouns: frozenset[str] = frozenset()  # "обратился с просьбой к X": the one addressed is X

    @classmethod
    def from_lexicon(cls, lexicon) -> "ArgumentCues":
        return cls(lexicon.cue("intent_noun"), body_nouns(lexicon.cue_values("body_noun")), lexicon.cue("order_noun"),
                   lexicon.cue("decision_noun"), lexicon.cue("adopt"), lexicon.cue("watch_noun"),
                   lexicon.cue("armed_group"), lexicon.cue("propose"), lexicon.cue("meeting_noun"),
                   lexicon.cue("address_noun"))


def body_nouns(cue_values: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """cues.tsv body_noun rows (value: ","-separated name words; lemmas: generic nouns) -> noun -> name words."""
    out: dict[str, set[str]] = {}
    for words, nouns in cue_values.items():
        for noun in nouns:
            out.setdefault(noun, set()).update(words.split(","))
    return {noun: frozenset(words) for noun, words in out.items()}


class Resolver:
    """Phrase head token -> actor ids of the record, through the actors stage's refs."""

    def __init__(self, doc: Doc, bodies: dict[str, frozenset[str]] | None = None):
        """`bodies`: generic noun -> words one of which the name of the body it stands for contains
        (body_nouns() of the cues)."""
        self.doc = doc
        self.an: Analysis = doc.analysis
        self.refs = doc.refs
        self.kinds = {a.id: a.kind for a in doc.record.actors}
        self._cache: dict[int, str | None] = {}
        self.bodies = bodies or {}

    def kind(self, actor_id: str) -> str | None:
        if actor_id not in self.kinds:  # the actor may have been added after we started
            for a in self.doc.record.actors:
                self.kinds[a.id] = a.kind
        return self.kinds.get(actor_id)

    def direct(self, i: int) -> str | None:
        if self.refs is None:
            return None
        if i not in self._cache:
            try:
                self._cache[i] = self.refs.actor_for_token(i)
            except (IndexError, KeyError, ValueError):
                self._cache[i] = None
        return self._cache[i]

    def actors(self, i: int, depth: int = 0, conj: bool = True) -> list[str]:
        """Actors named by the phrase headed by token i, its conjuncts included; a generic head
        ("силы ОДКБ", "политику республик") is looked through to its genitive or adjective."""
        tok = self.an.tokens[i]
        out: list[str] = []
        if tok.pos in ("NOUN", "PROPN", "PRON", "ADJ", "DET", "X"):
            a = self.direct(i)
            if a is not None and tok.pos == "NOUN" and tok.feats.get("Number") == "Plur" and self.kind(a) == "person":
                a = None  # "пять молдавских дипломатов" are not one person named elsewhere
            if a is not None and not self._stateless(a) and not self._has_country(a) and self.kind(a) == "person" \
                    and depth < 3:
                # "гражданина России Артёма Зинченко": a person we cannot place stands for the state named beside
                citizen = [x for c in self._inner(i) if self.an.tokens[c].rel == "nmod"
                           for x in self.actors(c, depth + 1) if self.kind(x) == "country"]
                out.extend(citizen[:1] or self._post_held(i, depth)[:1] or [a])
            elif a is not None and not self._stateless(a):
                out.append(a)
            elif depth < 3 and tok.pos in ("NOUN", "PROPN", "X"):
                # the first dependent that names a state-bearing actor ("журналистов телеканала TF1" is less
                # telling than "французских журналистов"), else the first that names any
                fallback: list[str] = []
                for c in self._inner(i):
                    found = self.actors(c, depth + 1, conj=True)
                    if found and any(self._has_country(f) for f in found):
                        out.extend(found)
                        break
                    fallback = fallback or found
                if not out:
                    out.extend(fallback)
                # "Арабская коалиция во главе с Саудовской Аравией": a group with no state of its own stands
                # for the state leading it; otherwise it stays itself
                if not out and depth <= 1 and tok.lemma in self.bodies:
                    out += self._earlier_body(i)
                if not out and a is not None:
                    out.append(a)
        if conj:
            for c in self.an.children(i):
                if self.an.tokens[c].rel == "conj":
                    out.extend(self.actors(c, depth, conj=True))
        return _unique(out)

    def _post_held(self, i: int, depth: int) -> list[str]:
        """"Джон Бреннан, занимавший пост директора ЦРУ": the body of the post a person holds or held."""
        an = self.an
        for c in an.children(i):
            if an.tokens[c].lemma == "занимать" and an.tokens[c].rel.startswith("acl"):
                for o in an.children(c):
                    if an.tokens[o].lemma in ("пост", "должность"):
                        return [x for d in subtree(an, o, depth=3) if an.tokens[d].pos in ("NOUN", "PROPN")
                                for x in self.actors(d, depth + 1, conj=False) if self._has_country(x)]
        return []

    def capital_state(self, i: int) -> str | None:
        fn = getattr(self.refs, "capital_state", None)
        try:
            return fn(i) if fn is not None else None
        except (IndexError, KeyError, ValueError):
            return None

    def _earlier_body(self, i: int) -> list[str]:
        """"Министерство заявило": the body of that kind the article named last before token i."""
        words = self.bodies[self.an.tokens[i].lemma]
        start = self.an.tokens[i].start
        record = self.doc.record
        best = None
        for m in record.mentions:
            if m.end > start or not m.actor:
                continue
            actor = record.actor(m.actor)
            if actor is None or actor.kind not in ("organization", "igo") or not actor.country:
                continue
            if "*" in words or words & set(actor.name.lower().replace("ё", "е").split()):
                if best is None or m.end > best.end:
                    best = m
        return [best.actor] if best is not None else []

    def _has_country(self, actor_id: str) -> bool:
        actor = self.doc.record.actor(actor_id)
        return actor is not None and bool(actor.country)

    def _stateless(self, actor_id: str) -> bool:
        actor = self.doc.record.actor(actor_id)
        return actor is not None and not actor.country and actor.kind in ("organization", "group", "place")

    def named(self, i: int) -> list[str]:
        """Actors named by token i itself and its conjuncts, without looking through generic heads."""
        out = [a for a in [self.direct(i)] if a is not None]
        for c in self.an.children(i):
            if self.an.tokens[c].rel == "conj":
                out += self.named(c)
        return _unique(out)

    def _inner(self, i: int) -> list[int]:
        """Dependents that can stand for a generic head: genitive nouns without a preposition, appositions,
        adjectives ("российские военные")."""
        names, gens, adjs = [], [], []
        for c in self.an.children(i):
            ct = self.an.tokens[c]
            if ct.rel in ("appos", "flat:name") and ct.pos in ("NOUN", "PROPN", "X"):
                names.append(c)
            elif ct.rel == "nmod" and prep_of(self.an, c) is None and ct.pos in ("NOUN", "PROPN", "X"):
                gens.append(c)
            elif ct.rel == "amod" and ct.pos == "ADJ":
                adjs.append(c)
            elif ct.rel == "nmod" and prep_of(self.an, c) in LEADER_PREPS:
                names.append(c)
            elif ct.rel.startswith("acl") and ct.feats.get("VerbForm") == "Part":
                # "данные, предоставленные Россией": whose the thing is, by the participle's agent
                gens += [d for d in self.an.children(c) if self.an.tokens[d].rel in ("obl:agent", "obl")
                         and prep_of(self.an, d) is None and self.an.tokens[d].feats.get("Case") == "Ins"]
        return self._leaders(i) + names + gens + adjs

    def _leaders(self, i: int) -> list[int]:
        """"во главе с X" below token i, however the parser hung it."""
        an = self.an
        for j in subtree(an, i, depth=3):
            if an.tokens[j].text.lower() == "главе" and j + 2 < len(an.tokens) and an.tokens[j + 1].lemma == "с":
                return [k for k in range(j + 2, min(j + 6, len(an.tokens)))
                        if an.tokens[k].feats.get("Case") == "Ins" and an.tokens[k].pos in ("PROPN", "NOUN")][:1]
        return []


class ArgumentReader:
    def __init__(self, doc: Doc, cues: ArgumentCues | None = None):
        self.an = doc.analysis
        self.text = doc.text
        self.cues = cues or ArgumentCues()
        self.resolver = Resolver(doc, self.cues.bodies)

    def _forum(self, d: int) -> bool:
        """An international body named by token d ("в ООН", "в Совбезе ООН")."""
        return any(self.resolver.kind(a) == "igo" for a in self.resolver.actors(d, conj=False))

    def doer_phrases(self, n: int) -> list[int]:
        """"со стороны X" within a noun's phrase (two levels down): X does what the noun names."""
        return [d for d in subtree(self.an, n, depth=2) if prep_of(self.an, d) == "со стороны"]

    def adopter(self, n: int) -> int | None:
        """The verb adopting (or proposing) the decision whose content noun n is ("принял резолюцию о введении
        санкций", "рассмотрит законопроект о введении санкций")."""
        return adopted_by(self.an, n, self.cues.decision_nouns, self.cues.adopt_verbs | self.cues.propose_verbs)

    def proposed(self, n: int) -> bool:
        """Noun n is the content of a decision only proposed or considered, not adopted."""
        return adopted_by(self.an, n, self.cues.decision_nouns, self.cues.propose_verbs) is not None

    # ---------- verbs

    def subject_tokens(self, v: int, depth: int = 0) -> tuple[list[int], str]:
        an = self.an
        tok = an.tokens[v]
        if is_passive(tok):
            agents = [c for c in an.children(v) if an.tokens[c].rel == "obl:agent"] or self._order_owner(v)
            if agents:
                return agents, "agent"
        else:
            # a "subject" in an oblique case is a parse error ("против Бастрыкина и ещё четверых россиян")
            subj = [c for c in deps(an, v, "nsubj")
                    if an.tokens[c].pos != "NOUN" or an.tokens[c].feats.get("Case") not in OBLIQUE_CASES]
            if len(subj) > 1:
                subj = [min(subj, key=lambda c: abs(c - v))]  # two subjects is a parse error: the nearer one
            if subj:
                return subj, "subject"
        # a participle qualifying a noun: the noun acts (active) or undergoes (passive, handled by the caller)
        if tok.feats.get("VerbForm") == "Part" and tok.rel.startswith("acl") and not is_passive(tok) and tok.head >= 0:
            return [tok.head], "subject"
        if depth < 3 and tok.head >= 0:
            head = an.tokens[tok.head]
            # "МИД заговорил о намерении разорвать связи": the owner of the intention acts
            if head.pos == "NOUN" and head.lemma in self.cues.intent_nouns and base_rel(tok) in ("nmod", "acl", "xcomp"):
                gens = [c for c in an.children(tok.head) if an.tokens[c].rel == "nmod" and prep_of(an, c) is None
                        and an.tokens[c].feats.get("Case") == "Gen"]
                if gens:
                    return gens, "inherited"
                if head.head >= 0 and an.tokens[head.head].pos in ("VERB", "ADJ"):
                    found, _ = self.subject_tokens(head.head, depth + 1)
                    if found:
                        return found, "inherited"
            climbs = tok.rel in ("xcomp", "conj") or (tok.feats.get("VerbForm") == "Conv" and tok.rel == "advcl")
            # a short adjective ("намерен", "готов") is the predicate of its clause however it is attached
            predicate_adj = head.pos == "ADJ" and (head.rel in ("root", "conj", "ccomp", "parataxis")
                                                   or head.feats.get("Variant") == "Short")
            if climbs and (head.pos in ("VERB", "AUX") or predicate_adj):
                found, how = self.subject_tokens(tok.head, depth + 1)
                if found:
                    # "в Вашингтоне готовы обсуждать": the place stays a place phrase to be read as a body
                    return found, ("indefinite" if how == "indefinite" else "inherited")
        if self._indefinite_personal(tok):
            places = self._place_phrases(v, directional_ok=True) or self._fronted_place(v)
            if places:
                return places, "indefinite"
        # "официальные лица заявляли, что не станут менять": a reported clause with no subject of its own
        # speaks of the one who says it
        if depth < 3 and tok.rel == "ccomp" and tok.head >= 0 and an.tokens[tok.head].pos == "VERB" \
                and tok.feats.get("VerbForm") == "Fin":
            found, _ = self.subject_tokens(tok.head, depth + 1)
            if found:
                return found, "inherited"
        return [], ""

    @staticmethod
    def _indefinite_personal(tok) -> bool:
        """"пригласили", "ввели", "готовы": an active finite plural verb (or a plural short adjective) with no
        subject of its own."""
        f = tok.feats
        if tok.pos == "ADJ":
            return f.get("Number") == "Plur" and f.get("Variant") == "Short"
        return (f.get("Number") == "Plur" and f.get("VerbForm") == "Fin" and f.get("Mood") != "Imp"
                and f.get("Person") not in ("1", "2") and f.get("Voice") != "Pass")

    def _place_phrases(self, v: int, directional_ok: bool) -> list[int]:
        """"в МИД Казахстана", "в Кремле", "в Вашингтоне": phrases with в/на under the verb."""
        out = []
        for c in self.an.children(v):
            ct = self.an.tokens[c]
            if base_rel(ct) == "obl" and prep_of(self.an, c) in ("в", "на") and (directional_ok or ct.feats.get("Case") == "Loc"):
                out.append(c)
        return out

    def _order_owner(self, v: int) -> list[int]:
        """"по его приказу было начато расследование", "лишённый гражданства указом Додона": whoever gave the
        order acts."""
        an = self.an
        for c in an.children(v):
            ct = an.tokens[c]
            if ct.lemma in self.cues.order_nouns and (prep_of(an, c) == "по" or (
                    prep_of(an, c) is None and ct.feats.get("Case") == "Ins")):
                return [d for d in an.children(c) if an.tokens[d].rel in ("nmod", "det")
                        and (an.tokens[d].feats.get("Case") == "Gen" or an.tokens[d].feats.get("Poss") == "Yes"
                             or an.tokens[d].lemma in ("его", "ее", "их"))][:1]
        return []

    def _fronted_place(self, v: int) -> list[int]:
        """"В МИД России решение СБУ назвали ...": a "в X" phrase that opens the clause of verb v although the
        parser hung it elsewhere; no other verb may stand between it and v."""
        an = self.an
        first = an.sents[an.tokens[v].sent].first
        for k in range(v - 1, first - 1, -1):
            t = an.tokens[k]
            if t.pos in ("VERB", "AUX") or t.text in (";", ":") or (t.pos == "SCONJ"):
                return []
            if t.pos in ("NOUN", "PROPN") and base_rel(t) in ("obl", "nmod") and prep_of(an, k) in ("в", "на") \
                    and t.feats.get("Case") == "Loc" and (k == first or prep_of(an, k) is not None):
                j = k
                while j > first and an.tokens[j - 1].pos in ("ADJ", "DET", "PROPN", "NOUN", "ADP") \
                        and an.tokens[j - 1].head in (k, j):
                    j -= 1
                if j == first or an.tokens[j - 1].pos == "PUNCT" or an.tokens[j - 1].pos == "CCONJ":
                    return [k]
                h = t.head
                if h >= 0 and an.tokens[h].head == v and base_rel(an.tokens[h]) == "obj":
                    return [k]  # "Эти планы в Кремле сочли опасными": hung on the verb's object
        return []

    def recipient_tokens(self, v: int, exclude: set[int], theme: bool = False, attack: bool = False) -> list[int]:
        """Phrases under verb v that may name the party acted upon; with `theme` the object is the thing given
        or moved, and only the phrases hanging on it ("санкции против X") count."""
        an = self.an
        out = []
        for c in an.children(v):
            if c in exclude:
                continue
            ct = an.tokens[c]
            rel = base_rel(ct)
            if theme and (rel == "obj" or ct.rel == "nsubj:pass"):
                out += [d for d in an.children(c)
                        if an.tokens[d].rel == "nmod" and prep_of(an, d) in OBJECT_TARGET_PREPS]
                continue
            if rel in ("obj", "iobj") or ct.rel == "nsubj:pass":
                out.append(c)
                # "ввела санкции против России": the target hangs on the object
                # ("выразил недовольство политикой Китая", "вручил ноту послу")
                for d in an.children(c):
                    dt = an.tokens[d]
                    if dt.rel != "nmod":
                        continue
                    p = prep_of(an, d)
                    if p in OBJECT_TARGET_PREPS or (p is None and dt.feats.get("Case") in ("Ins", "Dat")):
                        out.append(d)
                    elif p == "в" and self._forum(d):
                        out.append(d)  # "не пропустили резолюцию по Алеппо в ООН": the body the text is put to
            elif rel in ("obl", "nmod") and ct.rel != "obl:agent":
                prep = prep_of(an, c)
                if ct.lemma in self.cues.meeting_nouns:
                    # "отказался от встречи со своим немецким коллегой": the other side of the meeting
                    out += [d for d in an.children(c) if an.tokens[d].rel == "nmod" and prep_of(an, d) == "с"]
                if prep == "с" and ct.lemma in self.cues.address_nouns:
                    # "обратился с просьбой к ООН, ОБСЕ": whom the request is addressed to
                    out += [d for d in an.children(c) if an.tokens[d].rel == "nmod" and prep_of(an, d) in ("к", "в адрес")]
                if prep is None:
                    if ct.feats.get("Case") == "Dat":
                        out.append(c)
                elif prep in RECIPIENT_PREPS or (attack and prep in ATTACK_PREPS):
                    if prep in DIRECTIONAL_PREPS and ct.feats.get("Case") not in ("Acc", None):
                        continue
                    out.append(c)
        return out

    # ---------- nouns

    def noun_tokens(self, n: int, entry: TriggerEntry) -> tuple[list[int], list[int], str]:
        """(actor tokens, recipient tokens, how the actor was found) for a noun trigger."""
        an = self.an
        tok = an.tokens[n]
        gens, adjs, recips, agents = [], [], [], []
        for c in an.children(n):
            ct = an.tokens[c]
            prep = prep_of(an, c)
            if ct.rel in ("nmod", "appos") and prep is None and ct.feats.get("Case") == "Gen":
                gens.append(antecedent(an, c))  # "Мосул, штурм которого ведут ...": the pronoun's noun
            elif ct.rel in ("nmod", "obl:agent") and prep is None and ct.feats.get("Case") == "Ins":
                agents.append(c)  # "бомбардировки силами альянса"
            elif ct.rel in ("nmod", "obl", "iobj") and prep is None and ct.feats.get("Case") == "Dat":
                recips.append(c)
            elif ct.rel == "amod" and ct.pos == "ADJ":
                adjs.append(c)
            elif ct.rel in ("nmod", "obl") and (prep in RECIPIENT_PREPS or (prep in ATTACK_PREPS and entry.event in ATTACK_TYPES)):
                if prep in DIRECTIONAL_PREPS and ct.feats.get("Case") not in ("Acc", None):
                    continue
                recips.append(c)
        # "прекращение финансирования со стороны Вашингтона": who does it, however deep the parser hung it
        by = self.doer_phrases(n)
        agents += [d for d in by if d not in agents]
        recips = [c for c in recips if c not in by]
        actors: list[int] = []
        via = ""
        patient_gen = "gen=patient" in entry.roles
        adopter = self.adopter(n)
        if adopter is not None:
            # "Совбез ООН принял резолюцию о введении санкций против КНДР": the adopting body acts
            actors, _ = self.subject_tokens(adopter)
            decision = tok.head
            recips += [r for r in self.recipient_tokens(adopter, exclude={n, decision, *actors}) if r not in recips]
            if patient_gen:
                recips = gens + recips
            if actors:
                return actors, recips, "light-verb"
        if tok.head >= 0:
            head = an.tokens[tok.head]
            own_prep = prep_of(an, n)
            light = any(c.rel == "head" and c.accepts(head.lemma) for c in entry.required)
            frames = is_frame(an, n) and head.pos in ("VERB", "ADJ")
            own = [] if patient_gen else [g for g in agents + gens + adjs if self.resolver.actors(g)]
            if not patient_gen and any(an.tokens[c].lemma == "свой" for c in an.children(n)):
                # "Альфано перед своим визитом в Москву выразил ...": the one "свой" points to, the clause's subject
                own = self.subject_tokens(clause_head(an, n))[0] or own
            if not own and head.pos == "NOUN" and head.lemma in self.cues.intent_nouns and head.head >= 0 \
                    and an.tokens[head.head].pos == "VERB":
                # "заявил о возможности удара", "выразил готовность к переговорам": the one who states it acts
                own = self.subject_tokens(head.head)[0]
            if own:
                actors, via = own, "genitive"  # "организовала встречу Милошевича и Туджмана", "визит лидера в Париж"
            elif (light and head.pos == "VERB" and (tok.rel.split(":")[0] in ("obj", "iobj", "obl", "xcomp", "nmod")
                                                    or tok.rel == "nsubj:pass")) or frames:
                # "было начато расследование" is "начали расследование": the passive light verb's agent acts
                actors, _ = self.subject_tokens(tok.head)
                via = "light-verb" if light else "frame"
            if light and not frames and head.pos == "VERB":
                recips += [r for r in self.recipient_tokens(tok.head, exclude={n, *actors}, attack=entry.event in ATTACK_TYPES)
                           if r not in recips]
        if not actors:
            if patient_gen:
                recips = gens + recips
                actors = agents + adjs
            else:
                actors = agents + gens + adjs
            via = "genitive"
        elif patient_gen:
            recips = gens + recips
        return actors, recips, via


    # ---------- both

    def read(self, i: int, entry: TriggerEntry) -> Arguments:
        an = self.an
        tok = an.tokens[i]
        r = self.resolver
        if tok.pos == "VERB":
            actor_toks, via = self.subject_tokens(i)
            if tok.feats.get("VerbForm") == "Part" and tok.rel.startswith("acl") and is_passive(tok) and tok.head >= 0:
                recip_toks = [tok.head] + self.recipient_tokens(i, exclude=set(actor_toks))
            else:
                recip_toks = self.recipient_tokens(i, exclude=set(actor_toks), theme="obj=theme" in entry.roles,
                                                   attack=entry.event in ATTACK_TYPES)
        else:
            actor_toks, recip_toks, via = self.noun_tokens(i, entry)
        if "subj=recipient" in entry.roles:
            actor_toks, recip_toks = recip_toks, actor_toks
        if "accused=subj" in entry.roles:
            # "Киев заявил, что Россия нарушает Устав ООН": the one who says it accuses the subject
            said = tok.head if tok.rel == "conj" and tok.head >= 0 else i  # "поступает неправильно и делает ошибку"
            st = an.tokens[said]
            speaker = st.head if st.rel == "ccomp" and st.head >= 0 else None
            recip_toks = actor_toks
            actor_toks, via = (self.subject_tokens(speaker) if speaker is not None else ([], ""))
            if speaker is None:
                # "Действия российского истребителя, по словам Балданзы, являются небезопасными"
                actor_toks = [d for c in an.children(said) if an.tokens[c].lemma == "слово" and prep_of(an, c) == "по"
                              for d in an.children(c) if an.tokens[d].rel == "nmod" and prep_of(an, d) is None]
                via = "subject" if actor_toks else ""
        args = Arguments(actor_via=via)
        for t in actor_toks:
            # an indefinite-personal verb's "в X" must name the organisation or state itself ("в МИД Казахстана",
            # "в Кремле"), not something that merely belongs to one
            found = r.named(t) if via == "indefinite" else r.actors(t)
            kinds = INDEFINITE_KINDS if via == "indefinite" else ACTOR_KINDS
            if not any(r.kind(a) in kinds for a in found):
                # "в Таллине приговорили", "со стороны Вашингтона": the capital acts for its state
                state = r.capital_state(t)
                found = [state] if state else found
            args.actors += [a for a in found if r.kind(a) in kinds and a not in args.actors]
        if not args.actors:
            fallbacks: list[tuple[list[int], str]] = []
            if "owner" in entry.roles and tok.pos == "VERB":
                fallbacks.append((self._owners(i), "owner"))
            if "from=actor" in entry.roles:
                fallbacks.append((self._sources(i), "source"))
            if "in=actor" in entry.roles:
                fallbacks.append((self._list_owners(i), "owner"))
            for toks, how in fallbacks:
                for t in toks:
                    args.actors += [a for a in r.actors(t) if r.kind(a) in ACTOR_KINDS and a not in args.actors]
                if args.actors:
                    args.actor_via = how
                    recip_toks = [t for t in recip_toks if t not in toks]
                    break
        if not args.actors:
            pair = self._between(i)
            if pair:
                args.actors, between_recipients = pair
                args.actor_via = "between"
                args.recipients = [a for a in between_recipients if a not in args.actors]
        if not args.actors and "place" in entry.roles:
            places = self._place_phrases(an.tokens[i].head if tok.pos != "VERB" and tok.head >= 0 else i, directional_ok=False)
            for t in places:
                args.actors += [a for a in r.actors(t) if a not in args.actors]
            args.actor_via = "place"
        for t in recip_toks:
            args.recipients += [a for a in r.actors(t) if a not in args.actors and a not in args.recipients]
        own = {self._state_of(a) for a in args.actors} - {None}
        if args.recipients and own and all(self._state_of(a) in own for a in args.recipients):
            # "денонсировал соглашение Обамы ... с Кубой": the party acted upon is the foreign state further in
            # the phrase rather than the actor's own compatriot who owns the thing
            foreign = [a for t in recip_toks for d in subtree(an, t, depth=4) if an.tokens[d].pos in ("PROPN", "NOUN")
                       for a in r.actors(d, conj=False)
                       if self._state_of(a) not in own | {None} and r.kind(a) in ("country", "igo", "organization")]
            if foreign:
                args.recipients = _unique(foreign)[:2]
                args.recipient_via = "deeper"
        if own and any(self._state_of(a) not in own | {None} for a in args.recipients):
            # "раскритиковала нападки украинских политиков в адрес президента Чехии": beside a foreign party, the
            # actor's own state is where the act comes from, not whom it is aimed at
            args.recipients = [a for a in args.recipients if self._state_of(a) not in own]
        # a party named in words we cannot tie to any actor ("с парламентариями", "македонскую сторону")
        args.recipient_phrase = any(self._party_like(t) and not r.actors(t) for t in recip_toks)
        args.recipient_via = args.recipient_via or ("direct" if args.recipients else "")
        if not args.recipients and "from=recipient" in entry.roles:
            # "отозвала своих дипломатов из Македонии": the state the thing is taken from
            objects = [c for c in an.children(i) if base_rel(an.tokens[c]) == "obj"]
            for t in self._sources(i) + [d for o in objects for d in an.children(o)]:
                if prep_of(an, t) == "из":
                    args.recipients += [a for a in r.actors(t) if a not in args.actors and a not in args.recipients]
            if args.recipients:
                args.recipient_via = "source"
        if not args.recipients and entry.event == "AID" and tok.pos == "VERB":
            # "в Алеппо было доставлено ... грузов": aid goes to the state of the place it is brought to
            for t in self._place_phrases(i, directional_ok=True):
                for a in r.actors(t):
                    state = self._country_actor(a) if r.kind(a) in ("place", "country") else None
                    if state and state not in args.actors and state not in args.recipients \
                            and self._state_of(state) not in {self._state_of(x) for x in args.actors}:
                        args.recipients.append(state)
            if args.recipients:
                args.recipient_via = "destination"
        if not args.recipients and entry.event == "MOBILIZE":
            found = self._watched(i)
            if found:
                args.recipients = [a for a in found if a not in args.actors]
                args.recipient_via = "purpose"
        if not args.recipients:
            found = self._purpose_beneficiary(i) if entry.event in ("AID", "COOPERATE") else []
            if found:
                args.recipients = [a for a in found if a not in args.actors]
                args.recipient_via = "purpose"
        if not args.recipients and recip_toks:
            found = self._elaborated(i)
            if found:
                args.recipients = [a for a in found if a not in args.actors]
                args.recipient_via = "elaboration"
        if not args.recipients and tok.pos == "VERB" and not args.recipient_phrase:
            found = self._deeper_target(i, entry)
            if found:
                args.recipients = [a for a in found if a not in args.actors]
                args.recipient_via = "deeper"
            else:
                # "просило македонскую сторону усилить меры", the addressee parsed under the infinitive
                args.recipient_phrase = any(
                    self._party_like(d) and not r.actors(d)
                    for x in an.children(i) if an.tokens[x].rel == "xcomp"
                    for d in an.children(x) if base_rel(an.tokens[d]) in ("obj", "iobj") and d < x)
        args.location = self._location(i)
        if entry.event in ("ASSAULT", "COERCE") and args.location and not any(self._state_of(a) for a in args.actors) \
                and (self._armed_group(i, actor_toks) or (is_passive(tok) and not actor_toks and "where=actor" in entry.roles)):
            # "«Джабхат ан-Нусра» напала на позиции российских войск в Хаме": an armed group with no state of its
            # own is coded by the state it fights in (GOLD.md: parties -> their state); "в Стамбуле был арестован
            # журналист": an arrest with no one named is made by the state where it happens
            state = self._country_actor(args.location)
            if state is not None:
                args.actors, args.actor_via = [state], "place"
                args.recipients = [a for a in args.recipients if a != state] or args.recipients
        if not args.recipients and entry.event == "ASSAULT" and not args.location:
            # "удары российских ВКС по боевикам в окрестностях Идлиба": the place of the fighters struck
            args.location = self._place_in(recip_toks)
        if not args.recipients and entry.event == "ASSAULT" and not args.location and args.actors \
                and self._armed_group(i, recip_toks):
            # "сирийская армия ведёт бои с отрядами боевиков": fighters with no place named are the actor's own
            # state's (GOLD.md codes militants by their territory)
            own_state = self._country_actor(args.actors[0])
            if own_state is not None:
                args.recipients, args.recipient_via = [own_state], "location"
        if not args.recipients and entry.event in ("ASSAULT", "COERCE") and args.location:
            loc_country = self._country_actor(args.location)
            if loc_country and loc_country not in args.actors:
                args.recipients = [loc_country]  # "обстреляли больницу в афганском Кундузе"
                args.recipient_via = "location"
        if not args.recipients and entry.mode == "visit" and args.location and args.location not in args.actors:
            args.recipients = [args.location]  # "находился с визитом в Донбассе": the host is where the visit is
            args.recipient_via = "location"
        return args

    def _place_in(self, toks: list[int]) -> str | None:
        """A place or state named by a "в/на X" (locative) phrase within the given phrases, three levels down."""
        an = self.an
        for t in toks:
            for d in subtree(an, t, depth=3):
                if prep_of(an, d) in ("в", "на") and an.tokens[d].feats.get("Case") == "Loc":
                    for a in self.resolver.actors(d, conj=False) or self._genitive_places(d):
                        if self.resolver.kind(a) in ("place", "country") and self._state_of(a):
                            return a
        return None

    def _genitive_places(self, d: int) -> list[str]:
        """"в окрестностях Идлиба": the place a generic locative noun is of."""
        return [a for c in self.an.children(d) if self.an.tokens[c].rel == "nmod" and prep_of(self.an, c) is None
                for a in self.resolver.actors(c, conj=False)]

    def _armed_group(self, i: int, actor_toks: list[int]) -> bool:
        """The subject is an armed group with no state: a word of the armed_group cue ("боевики оппозиции") or a
        named group or organisation the actors stage could not place ("Джабхат ан-Нусра")."""
        for t in actor_toks:
            if any(self.an.tokens[d].lemma in self.cues.armed_groups for d in [t] + subtree(self.an, t, depth=1)):
                return True
            if any(self.resolver.kind(a) in ("group", "organization") and not self._state_of(a)
                   for a in self.resolver.actors(t)):
                return True
        return False

    def _party_like(self, t: int) -> bool:
        """A phrase that names a party (people, a body, a side, a state), not a thing or a place."""
        tok = self.an.tokens[t]
        if tok.pos == "PROPN" or (tok.pos == "PRON" and tok.lemma in ("он", "она", "они")
                                  and tok.feats.get("Case") == "Dat"):
            return True  # "предложили им проходить собеседования": the people a dative pronoun stands for
        return tok.pos == "NOUN" and tok.feats.get("Animacy") == "Anim" or tok.lemma in PARTY_NOUNS

    def _deeper_target(self, v: int, entry: TriggerEntry) -> list[str]:
        """A party further down: "пригрозил применить против неё силу", "отказалась платить России",
        "денонсировал соглашение ... отношений с Кубой"."""
        an = self.an
        heads = [c for c in an.children(v) if an.tokens[c].rel == "xcomp"]
        if "obj=theme" not in entry.roles:
            heads += [c for c in an.children(v) if base_rel(an.tokens[c]) == "obj"]
        for h in heads:
            # "не стала рассматривать данные, предоставленные Россией": whose is what the act is about
            if an.tokens[h].rel == "xcomp":
                for o in an.children(h):
                    if base_rel(an.tokens[o]) == "obj":
                        found = self.resolver.actors(o)
                        if found:
                            return found
            for d in subtree(an, h, depth=3):
                dt = an.tokens[d]
                p = prep_of(an, d)
                if p in ("против", "в отношении", "в адрес", "с") or (
                        p is None and dt.feats.get("Case") == "Dat" and base_rel(dt) in ("iobj", "obl") and an.tokens[dt.head].pos == "VERB"):
                    found = self.resolver.actors(d)
                    if found:
                        return found
        return []

    def _state_of(self, actor_id: str) -> str | None:
        actor = self.resolver.doc.record.actor(actor_id)
        return actor.country if actor is not None else None

    def _country_actor(self, actor_id: str) -> str | None:
        """The actor of the state a place lies in (for a place actor), or the state itself."""
        actor = self.resolver.doc.record.actor(actor_id)
        if actor is None or not actor.country:
            return None
        if actor.kind == "country":
            return actor_id
        for a in self.resolver.doc.record.actors:
            if a.kind == "country" and a.country == actor.country:
                return a.id
        return actor_id

    def _owners(self, v: int) -> list[int]:
        """Whose are the forces moved: the adjective or genitive of the moved thing ("британский фрегат")."""
        out = []
        for c in deps(self.an, v, "obj"):
            for d in self.an.children(c):
                dt = self.an.tokens[d]
                if (dt.rel == "amod" and dt.pos == "ADJ") or (dt.rel == "nmod" and prep_of(self.an, d) is None):
                    out.append(d)
        return out

    def _sources(self, i: int) -> list[int]:
        """Where a thing comes from: "из России", "от МВФ", "у Китая", "взял в США"; or where the thing moved
        comes from ("доставлено более 100 тонн грузов из России")."""
        an = self.an
        out = [c for c in an.children(i) if prep_of(an, c) in ("из", "от", "у")]
        if not out:
            things = [c for c in an.children(i) if base_rel(an.tokens[c]) in ("obj", "nsubj")]
            out = [d for t in things for d in subtree(an, t, depth=2)
                   if an.tokens[d].rel == "nmod" and prep_of(an, d) == "из"]
        if not out:
            out = [c for c in an.children(i) if prep_of(an, c) == "в" and an.tokens[c].feats.get("Case") == "Loc"]
        return out

    def _list_owners(self, i: int) -> list[int]:
        """"внесён в санкционные списки Украины и Литвы": whose list it is."""
        out = []
        for c in self.an.children(i):
            if prep_of(self.an, c) == "в":
                out += [d for d in self.an.children(c) if self.an.tokens[d].rel == "nmod" and prep_of(self.an, d) is None]
        return out

    def _between(self, i: int) -> tuple[list[str], list[str]] | None:
        """"соглашение между Москвой и Бишкеком": the first party acts, the others receive (GOLD.md)."""
        an = self.an
        # the phrase may open the clause although the parser hung it on a later verb ("В 2012 году между
        # Москвой и Бишкеком было заключено соглашение, в котором ... трансформируются")
        first = an.sents[an.tokens[i].sent].first
        fronted = []
        for k in range(i - 1, first - 1, -1):
            if an.tokens[k].pos in ("VERB", "SCONJ") or (an.tokens[k].pos == "AUX" and an.tokens[k].head != i):
                break
            fronted.append(k)
        for j in [i] + subtree(an, i, depth=2) + fronted:
            if an.tokens[j].pos in ("NOUN", "PROPN") and prep_of(an, j) == "между":
                first = self.resolver.actors(j, conj=False)
                rest: list[str] = []
                for c in an.children(j):
                    if an.tokens[c].rel == "conj":
                        rest += self.resolver.actors(c)
                if first and rest:
                    return first, [a for a in rest if a not in first]
        return None

    def _purpose_beneficiary(self, i: int) -> list[str]:
        """"для оказания содействия силам правопорядка Казахстана", "на помощь X": the beneficiary of a
        purpose phrase beside the trigger (under it or under the verb it depends on)."""
        an = self.an
        scopes = [i] + ([an.tokens[i].head] if an.tokens[i].head >= 0 else [])
        for s in scopes:
            for c in an.children(s):
                if c == i or prep_of(an, c) not in ("для", "на", "в"):
                    continue
                if an.tokens[c].lemma not in ("оказание", "помощь", "содействие", "поддержка", "защита", "восстановление"):
                    continue
                for d in [c] + subtree(an, c, depth=4):
                    dt = an.tokens[d]
                    if dt.feats.get("Case") in ("Dat", "Gen") and d != c and dt.pos in ("NOUN", "PROPN"):
                        found = self.resolver.actors(d)
                        if found:
                            return found
        return []

    def _watched(self, i: int) -> list[str]:
        """"направила вертолёт для наблюдения за двумя российскими кораблями": forces sent to watch, intercept or
        escort a party are aimed at it."""
        an = self.an
        for c in an.children(i):
            if prep_of(an, c) in ("для", "на") and an.tokens[c].lemma in self.cues.watch_nouns:
                for d in subtree(an, c, depth=2):
                    if an.tokens[d].pos in ("NOUN", "PROPN"):
                        found = self.resolver.actors(d)
                        if found:
                            return found
        return []

    def _elaborated(self, i: int) -> list[str]:
        """Members singled out in the trigger's clause: "в частности, Казахстан", "упомянув Казахстан"."""
        an = self.an
        sent = an.sentence_of(i)
        out: list[str] = []
        # converbs of mention under the trigger: "упомянув X", "назвав X"
        for c in an.children(i):
            ct = an.tokens[c]
            if ct.feats.get("VerbForm") == "Conv" and ct.lemma in ("упомянуть", "упоминать", "назвать", "выделить", "перечислить"):
                for d in an.children(c):
                    if base_rel(an.tokens[d]) in ("obj", "obl"):
                        out += self.resolver.actors(d)
        if out:
            return _unique(out)
        # marker phrases after the trigger in the same sentence
        segment = self.text[an.tokens[i].end:sent.end]
        m = ELABORATION.search(segment)
        if m:
            start = an.tokens[i].end + m.end()
            for t in an.tokens[i + 1:sent.last]:
                if t.start < start:
                    continue
                if t.pos in ("NOUN", "PROPN"):
                    return self.resolver.actors(t.i)
                if t.pos == "VERB":
                    break
        return []

    def _location(self, i: int) -> str | None:
        an = self.an
        v = i if an.tokens[i].pos == "VERB" or an.tokens[i].head < 0 else an.tokens[i].head
        places = self._place_phrases(v, directional_ok=False)
        # "обстреляли больницу ... в афганском Кундузе", "напали на позиции войск в Хаме": the place may hang on
        # the object or the target phrase, or below them
        targets = deps(an, v, "obj") + [c for c in an.children(v) if prep_of(an, c) in ("на", "по")
                                        and an.tokens[c].feats.get("Case") in ("Acc", "Dat")]
        for o in targets:
            places += [d for d in subtree(an, o, depth=3) if an.tokens[d].rel == "nmod" and prep_of(an, d) in ("в", "на")
                       and an.tokens[d].feats.get("Case") == "Loc"]
        for c in places:
            for a in self.resolver.actors(c, conj=False):
                if self.resolver.kind(a) in ("place", "country"):
                    return a
        return None


def _unique(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return [a for a in ids if not (a in seen or seen.add(a))]
