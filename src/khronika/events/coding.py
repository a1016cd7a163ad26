"""The events stage: triggers -> arguments -> flags, date, mode, context -> PLOVER events of the record."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..doc import Doc
from ..language import Analysis
from ..record import Event
from .arguments import ArgumentCues, ArgumentReader, Arguments
from .cameo import codes_for
from .dates import DateMention, DateReader, is_earlier_period, is_later, parse_reference, year_of
from .flags import FlagReader, is_perfective
from .lexicon import Lexicon, default_lexicon
from .scope import Spans, direct_quote_spans, indirect_quote_spans, usable
from .syntax import base_rel, clause_head, repair_clauses, clause_tokens, governors, is_frame, prep_of, subtree
from .triggers import Trigger, find_triggers

# A trigger inside the complement of another ("призвал провести переговоры", "пригрозил ввести санкции",
# "ввела санкции" for the noun) is what that other one is about, not an event of its own.
ABSORBING_RELS = {"xcomp", "obj", "obl", "nmod", "ccomp", "csubj", "iobj"}
COOPERATIVE_FUTURE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}  # acts of two sides together
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
# "не стал", "не будет", "не собирается": a negation that is a decision, i.e. a refusal
VOLITIONAL_HEADS = {"стать", "собираться", "намереваться", "намерен", "планировать", "хотеть", "готовый", "готов",
                    "желать", "согласиться", "мочь"}
CONFLICT = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "THREATEN"}
# What a REQUEST or REJECT is about, by the type of the action asked for or refused.
REQUEST_MODE_BY_TYPE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                        "AGREE": "assist", "RETREAT": "yield", "CONCEDE": "yield"}
THREATEN_MODE_BY_TYPE = {"SANCTION": "restrict", "ASSAULT": "violence", "MOBILIZE": "violence"}
LONG_SENTENCE = 40
# Nouns a date may hang on without belonging to a thing: "в конце января", "в ночь на 5 мая".
TIME_WORDS = {"конец", "начало", "середина", "ночь", "утро", "вечер", "день", "неделя", "месяц", "год", "период",
              "время", "число", "половина", "ход"}


@dataclass
class Coded:
    """An event before ids are given; `order` keeps text order, `in_headline` marks the title and lead."""
    event: Event
    order: int
    in_headline: bool
    pattern: int = 0  # the trigger entry's line: the same wording
    actor_countries: frozenset[str] = field(default_factory=frozenset)
    recipient_countries: frozenset[str] = field(default_factory=frozenset)
    content: str | None = None  # the verb of what is asked, promised or refused ("потребовал выдать")
    recipient_via: str = ""  # how the recipient was found (Arguments.recipient_via)

    @property
    def firm_recipient(self) -> bool:
        """The recipient is named by the act's own words, not inferred from what is asked or from context."""
        return bool(self.recipient_countries) and self.recipient_via in ("direct", "source", "destination", "location")


class EventCoder:
    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()
        self.flag_reader = FlagReader(self.lexicon)
        self.date_reader = DateReader(self.lexicon)
        self.promise = self.lexicon.cue("promise")
        self.readiness = self.lexicon.cue("readiness")
        self.argument_cues = ArgumentCues.from_lexicon(self.lexicon)  # built once, read per article
        self.protesters = self.lexicon.cue("protester")
        self.naming_verbs = self.lexicon.cue("naming_verb")
        self.media_nouns = self.lexicon.cue("media_noun")
        # statements (PLOVER quad classes 1 and 3), which two speakers make twice, unlike material acts
        self.verbal = frozenset(t.name for t in self.lexicon.types.values() if t.quad in (1, 3))
        self.self_contained = self.lexicon.cue("self_contained")
        self.negated_refusal = self.lexicon.cue("negated_refusal")
        self.contexts = {lemma: ctx for ctx, lemmas in self.lexicon.cue_values("context").items() for lemma in lemmas}
        self.mode_cues = self.lexicon.cue_values("mode")
        # words a date may hang on without belonging to a thing: "в конце января", "в воскресенье, 22 октября"
        self.time_words = TIME_WORDS | self.lexicon.cue("weekday") | self.lexicon.cue("month") | self.lexicon.cue("time_noun")
        self.trace: list[tuple[str, str, str]] | None = None

    def _drop(self, tok, trig: Trigger, reason: str) -> None:
        """A trigger that yields no event; `trace` (a list, None by default) collects why, for debugging."""
        if self.trace is not None:
            self.trace.append((f"{tok.text}@{tok.start}", trig.entry.event, reason))
        return None

    def __call__(self, doc: Doc) -> None:
        doc.record.events = self.code(doc)

    def code(self, doc: Doc) -> list[Event]:
        an = doc.analysis
        quotes = direct_quote_spans(doc)
        reported = indirect_quote_spans(doc)
        reader = ArgumentReader(doc, self.argument_cues)
        salience = _country_salience(doc)
        ref = parse_reference(doc.record.published_at)
        ref_year = self._reference_year(doc, an, ref)
        # the headline and the lead retell the body's news
        headline_end = _headline_end(doc)
        coded: list[Coded] = []
        background_sent = -2  # the last sentence with an act dated to an earlier period
        for n_sent, s in enumerate(an.sents):
            if not usable(an, s, doc.text):
                continue
            dates = self.date_reader.read(an, s.first, s.last, ref)
            if dates and all(self._background(d, ref, ref_year) for d in dates) and any(
                    _told_in_past(an, k) for k in range(s.first, s.last) if an.tokens[k].pos == "VERB"):
                background_sent = n_sent  # a sentence telling of an earlier period, event or not
            repair_clauses(an, s.first, s.last, self.naming_verbs)
            triggers = [t for t in find_triggers(an, s.first, s.last, self.lexicon)
                        if an.tokens[t.token].start not in quotes or _said_of(an, t, quotes)]
            if not triggers:
                continue
            kept, inner = self._absorb(an, triggers, reader)
            for t in kept:
                c = self._code_one(doc, an, reader, t, inner.get(t.token, []), dates, ref, ref_year, reported, s,
                                   salience)
                if c is not None:
                    c.order = len(coded)
                    c.in_headline = an.tokens[t.token].end <= headline_end
                    e = c.event
                    if e.historical and e.date:
                        background_sent = n_sent
                    elif n_sent == background_sent + 1 and not dates and _told_in_past(an, t.token) \
                            and not (e.historical or e.future or e.hypothetical):
                        # the sentence after a dated background act goes on telling that past
                        # ("В 2014 году по его приказу было начато расследование ... По его указанию были
                        # возбуждены дела"), unless it gives a date of its own
                        e.historical = True
                    coded.append(c)
        events = [c.event for c in _merge_repeats(coded, self.verbal)]
        for n, e in enumerate(events, 1):
            e.id = f"e{n}"
        return events

    # ---------- one trigger

    def _code_one(self, doc: Doc, an: Analysis, reader: ArgumentReader, trig: Trigger, inner: list[Trigger],
                  dates: list[DateMention], ref: dt.date | None, ref_year: int | None, reported: Spans, sent,
                  salience: list[str]) -> Coded | None:
        entry = trig.entry
        i = trig.token
        tok = an.tokens[i]
        args = reader.read(i, entry)
        if not any(_political(doc.record, a) for a in args.actors):
            return self._drop(tok, trig, "no political actor")  # an event with no resolvable actor is dropped
        flags = self.flag_reader.read(an, i)
        if "neg=refusal" in entry.roles:
            flags.negated = flags.future = False  # "не станут менять": the negation is the refusal, made now
        date = self._date_for(an, i, dates)
        if date is not None:
            if self._background(date, ref, ref_year):
                flags.historical = True
            if date.value and is_later(date.value, ref):
                flags.future = True
        elif dates and all(self._background(d, ref, ref_year) for d in dates) and _told_in_past(an, i):
            # "Косово пыталось вступить в ЮНЕСКО в 2015 году, но тогда конференция отклонила ...": an undated
            # past act in a sentence whose every date is background belongs to that past
            flags.historical = True
        event, mode, origin = entry.event, entry.mode, None
        inner_types = [t.entry.event for t in inner]

        # derived types (PLOVER: "the coder should always return the single event category")
        if flags.negated and ((tok.lemma in self.negated_refusal and self._decided(an, i))
                              or (event in COOPERATIVE and self._volitional(an, i))):
            # "не признала", "не поддержали призыв", "не собирается вести переговоры", "не пойдёт на уступки"
            origin, event = entry.event, "REJECT"
            mode = REQUEST_MODE_BY_TYPE.get(inner_types[0] if inner_types else entry.event)
            flags.negated = False
            flags.future = False
        elif event == "AGREE" and tok.lemma in self.promise | self.readiness and any(t in CONFLICT for t in inner_types):
            origin = next(t for t in inner_types if t in CONFLICT)
            event, mode = "THREATEN", None
        elif event == "AGREE" and tok.lemma in self.promise and not inner_types and self._mode(an, i, "THREATEN", []):
            # "пообещал встретить Северную Корею «огнём и яростью»": a promise of force is a threat
            event, mode = "THREATEN", None
        elif event in ("ASSAULT", "COERCE") and tok.pos == "VERB" and any(
                an.tokens[t].lemma in self.protesters for t in reader.subject_tokens(i)[0]):
            # "украинские националисты напали на здание Российского центра": a crowd's attack is a protest
            origin, event, mode = event, "PROTEST", None
        elif event in CONFLICT and event != "THREATEN" and reader.proposed(i):
            # "Конгресс рассмотрит законопроект о введении санкций": a sanction proposed, not yet imposed
            origin, event, mode = event, "THREATEN", None
        elif event == "AGREE" and inner_types:
            origin = inner_types[0] if inner_types[0] in COOPERATIVE_FUTURE else None
        elif event in COOPERATIVE_FUTURE and any(an.tokens[g].lemma in self.readiness for g in governors(an, i)[:2]):
            origin, event, mode = event, "AGREE", None  # "в Вашингтоне готовы обсуждать новое соглашение"
        elif event in CONFLICT and event != "THREATEN" and any(
                an.tokens[g].lemma in self.readiness for g in governors(an, i)[:2]):
            origin, event, mode = event, "THREATEN", None  # "страны G7 готовы ужесточить санкции"
        elif event in CONFLICT and event != "THREATEN" and flags.hypothetical and not flags.negated \
                and self._said_by_own_side(doc, reader, i, args.actors):
            # "Чавушоглу заявил, что Анкара может ввести санкции, если ...": a side saying it may use force or
            # sanctions threatens
            origin, event, mode = event, "THREATEN", None
            flags.hypothetical = False
        elif flags.future and not flags.hypothetical and not flags.negated and event == "SUPPORT":
            origin, event, mode = event, "AGREE", None  # "намеревается нормализовать сотрудничество"
        elif flags.future and not flags.hypothetical and not flags.negated and event == "RETREAT":
            origin, event, mode = event, "CONCEDE", None
        if mode is None:
            mode = self._mode(an, i, event, inner)
        if not args.recipients and inner:
            # "отказался обсуждать с США", "предложил снимать санкции с России": the party of what is asked,
            # offered or refused
            own = _states(doc.record, args.actors)
            for t in inner:
                # the asked act's party, unless it is the asker's own state ("призвал поддержать российско-
                # китайскую дорожную карту")
                found = [a for a in reader.read(t.token, t.entry).recipients if a not in args.actors
                         and (doc.record.actor(a) is None or doc.record.actor(a).country not in own)]
                if found:
                    args.recipients, args.recipient_via = found, "inner"
                    break

        ptype = self.lexicon.types[event]
        if "needs=r" in entry.roles and event == entry.event and not args.recipients:
            return self._drop(tok, trig, "needs a recipient")  # an ambiguous word ("поддержать") needs its party named
        record = doc.record
        if not args.recipients and event in SYMMETRIC and len(args.actors) > 1 and args.actor_via != "between":
            # "Россия и Белоруссия продолжают переговоры": GOLD.md codes the party named first as the actor
            args.actors, args.recipients = args.actors[:1], args.actors[1:]
        if not any(_political(record, a) for a in args.recipients) and not args.recipient_phrase \
                and event != "PROTEST" and tok.lemma not in self.self_contained:
            # a party the sentence leaves unsaid is the article's other side ("Китай, в свою очередь, выразил
            # протест"); a party it names but we cannot place ("с парламентариями") is not guessed
            own = _states(record, args.actors)
            # the party acting in another clause of the sentence ("Власти Великобритании направили в Россию
            # запрос, но Москва ответила отказом"), else the state the article speaks of most
            other = next((a for a in _other_subjects(an, reader, sent, i, self.media_nouns) if record.actor(a).country not in own), None) \
                or next((a for a in salience if record.actor(a).country not in own), None)
            if other is not None:
                args.recipients = args.recipients + [other]
                args.recipient_via = "context"
        if ptype.requires_recipient and not args.recipients:
            return self._drop(tok, trig, "type needs a recipient")
        if event in ("AGREE", "SUPPORT") and args.recipient_via == "context":
            # a promise or an endorsement whose party only the article's context suggests ("пообещал американцам
            # ...", "поддерживает программу") is most often not one between states
            return self._drop(tok, trig, "cooperation with a party only the context gives")
        if event in ("CONSULT", "REQUEST") and not args.recipients and args.recipient_phrase and len(args.actors) < 2:
            # "на встрече с парламентариями", "призвали иностранных журналистов быть готовыми": a meeting with or
            # an appeal to people no state can be given to is not between political actors (a threat to them
            # still is one, its target unnamed)
            return self._drop(tok, trig, "aimed at a party we cannot place")
        if "needs=2" in entry.roles and not args.recipients and len(args.actors) < 2:
            return self._drop(tok, trig, "needs two parties")

        codes = codes_for(self.lexicon, event, mode, origin, entry.cameo)
        context = self._context(an, i, entry, inner)
        confidence = self._confidence(an, entry, args, sent, tok.start in reported, flags)
        ev = Event(
            id="", event=event, mode=mode, context=context, actor=args.actors, recipient=args.recipients,
            date=date.value if date else None, historical=flags.historical, future=flags.future,
            hypothetical=flags.hypothetical, negated=flags.negated, location=args.location,
            trigger={"start": tok.start, "end": tok.end, "text": tok.text},
            sentence={"start": sent.start, "end": sent.end},
            cameo=codes.cameo, goldstein=codes.goldstein, quad=codes.quad, confidence=confidence,
        )
        return Coded(ev, 0, False, entry.line, _countries(record, args.actors), _countries(record, args.recipients),
                     _content_verb(an, i), args.recipient_via)

    def _absorb(self, an: Analysis, triggers: list[Trigger], reader: ArgumentReader
                ) -> tuple[list[Trigger], dict[int, list[Trigger]]]:
        """Split triggers into events of their own and those that only fill another trigger's complement."""
        by_token = {t.token: t for t in triggers}
        # a noun trigger read with its light verb ("подверг критике") owns that verb's other complements
        light_of = {}
        for t in triggers:
            tok = an.tokens[t.token]
            if tok.pos in ("NOUN", "PROPN") and tok.head >= 0 and any(c.rel == "head" for c in t.entry.required):
                light_of.setdefault(tok.head, t.token)
        direct = {t.token: self._absorber(an, t, by_token, light_of) for t in triggers}
        for t in triggers:
            if an.tokens[t.token].pos not in ("NOUN", "PROPN"):
                continue
            if reader.doer_phrases(t.token):
                # "возложил ответственность за прекращение финансирования со стороны Вашингтона": an act with its
                # own doer is an event of its own, not the content of the one around it
                direct[t.token] = None
            v = reader.adopter(t.token)
            if v is not None:
                # "ЕП одобрил резолюцию о заморозке переговоров": the adopted act is the event, the adopting verb
                # its light verb
                direct[t.token] = None
                if v in by_token:
                    direct[v] = t.token
        # "обещал, что ... отдаст приказ о нанесении ударов": what follows a promise's "что" is what is promised,
        # however the parser attached that clause
        for t in triggers:
            if an.tokens[t.token].lemma in self.promise and not any(v == t.token for v in direct.values()):
                for u in triggers:
                    if u.token > t.token and direct[u.token] is None and self._after_that(an, t.token, u.token):
                        direct[u.token] = t.token

        def top(j: int) -> int:
            seen = set()
            while direct.get(j) is not None and j not in seen:
                seen.add(j)
                j = direct[j]
            return j

        inner: dict[int, list[Trigger]] = {}
        kept = []
        for t in triggers:
            if direct[t.token] is None:
                kept.append(t)
            else:
                inner.setdefault(top(t.token), []).append(t)
        kept_tokens = {t.token for t in kept}
        for t in triggers:  # a cycle of absorptions (a parse oddity): keep its first member
            if direct[t.token] is not None and top(t.token) not in kept_tokens:
                kept.append(t)
                kept_tokens.add(t.token)
        return sorted(kept, key=lambda t: t.token), inner

    @staticmethod
    def _after_that(an: Analysis, promise: int, j: int) -> bool:
        """Token j lies in a "что"-clause that directly follows token `promise` in the same sentence."""
        toks = an.tokens
        k = promise + 1
        while k < j and toks[k].pos == "PUNCT":
            k += 1
        if k >= j or toks[k].lemma != "что" or toks[k].pos != "SCONJ":
            return False
        return all(toks[m].sent == toks[promise].sent for m in range(promise, j + 1))

    @staticmethod
    def _absorber(an: Analysis, t: Trigger, by_token: dict[int, Trigger], light_of: dict[int, int]) -> int | None:
        if is_frame(an, t.token):
            return None  # "во время встречи": a frame of the clause, an event of its own
        j = t.token
        for _ in range(4):
            cur = an.tokens[j]
            if cur.head < 0 or base_rel(cur) not in ABSORBING_RELS:
                return None
            j = cur.head
            if j in by_token:
                return j
            if light_of.get(j, t.token) != t.token:
                return light_of[j]
        return None

    # ---------- details

    @staticmethod
    def _background(date: DateMention, ref: dt.date | None, ref_year: int | None) -> bool:
        """A date of an earlier period than the article's news. In an undated article a month or a year named
        with its year ("в октябре 2015 года") is background too: a report of the day's news gives the day, or
        no date at all."""
        if date.earlier or (date.value and is_earlier_period(date.value, ref, ref_year)):
            return True
        return ref is None and bool(date.value) and not date.relative and date.value.count("-") <= 1

    def _date_for(self, an: Analysis, i: int, dates: list[DateMention]) -> DateMention | None:
        if not dates:
            return None
        # where a date may hang: the trigger, its clause's verb, and for a converb, participle or xcomp the
        # verb above it ("встречаясь ..., в октябре 2017 года Шойгу заявил")
        anchors = {i, clause_head(an, i)}
        if an.tokens[i].head >= 0:
            anchors.add(an.tokens[i].head)
        for a in list(anchors):
            h = an.tokens[a]
            if h.head >= 0 and (h.rel in ("xcomp", "conj") or h.feats.get("VerbForm") in ("Conv", "Part")):
                anchors.add(clause_head(an, h.head))
        found = [d for d in dates if self._attached(an, d, anchors)]
        return min(found, key=lambda d: abs(d.first - i)) if found else None

    def _attached(self, an: Analysis, d: DateMention, anchors: set[int]) -> bool:
        """The date phrase hangs on an anchor directly or through frame and time words ("во время беспорядков
        в январе 2022 года"), not through an ordinary noun ("соглашения от 12 февраля 2015 года")."""
        time_words = self.time_words
        inside = set(range(d.first, d.last))
        root = next((k for k in inside if an.tokens[k].head not in inside), d.first)
        j = an.tokens[root].head
        for _ in range(4):
            if j < 0:
                return False
            if j in anchors:
                return True
            if not (is_frame(an, j) or an.tokens[j].lemma in time_words):
                return False
            j = an.tokens[j].head
        return False

    def _mode(self, an: Analysis, i: int, event: str, inner: list[Trigger]) -> str | None:
        if event in ("REQUEST", "REJECT"):
            for t in inner:
                if t.entry.event in REQUEST_MODE_BY_TYPE:
                    return REQUEST_MODE_BY_TYPE[t.entry.event]
        if event == "THREATEN":
            for t in inner:
                if t.entry.event in THREATEN_MODE_BY_TYPE:
                    return THREATEN_MODE_BY_TYPE[t.entry.event]
                if t.entry.event == "COERCE" and t.entry.mode == "arrest":
                    return "arrest"
        if event not in ("REQUEST", "REJECT", "THREATEN"):
            return None
        words = [an.tokens[j].lemma for j in self._content(an, i)]
        for lemma in words:
            for key, lemmas in self.mode_cues.items():
                kind, _, mode = key.partition(":")
                if kind == event and lemma in lemmas:
                    return mode
        return None

    @staticmethod
    def _said_by_own_side(doc: Doc, reader: ArgumentReader, i: int, actors: list[str]) -> bool:
        """The trigger lies in a clause reported by a speaker of the actor's own state."""
        an, record = doc.analysis, doc.record
        own = _states(record, actors)
        j = i
        for _ in range(4):
            t = an.tokens[j]
            if t.head < 0:
                return False
            if t.rel in ("ccomp", "parataxis"):
                speakers = [a for s in reader.subject_tokens(t.head)[0] for a in reader.resolver.actors(s)]
                return any(record.actor(a) and record.actor(a).country in own for a in speakers)
            j = t.head
        return False

    @staticmethod
    def _decided(an: Analysis, i: int) -> bool:
        """A completed or announced decision ("не поддержали", "не признает" of one act), not a lasting attitude
        ("обычно не поддерживают"): a perfective verb, by the dictionary."""
        tok = an.tokens[i]
        return tok.pos != "VERB" or is_perfective(tok.text.lower())

    @staticmethod
    def _volitional(an: Analysis, i: int) -> bool:
        """The negated action is refused, not merely absent: future tense ("не пойдёт на уступки") or a
        negated will ("не собирается вести", "не стал")."""
        tok = an.tokens[i]
        verbs = [i] if tok.pos == "VERB" else ([tok.head] if tok.head >= 0 else [])
        for v in verbs:
            vt = an.tokens[v]
            if vt.feats.get("Tense") == "Fut" or any(an.tokens[c].rel == "aux" and an.tokens[c].feats.get("Tense") == "Fut"
                                                    for c in an.children(v)):
                return True
            if vt.rel == "xcomp" and vt.head >= 0 and an.tokens[vt.head].lemma in VOLITIONAL_HEADS:
                return True
        return False

    @staticmethod
    def _content(an: Analysis, i: int) -> list[int]:
        """What the trigger is about: the words below it, without its subject and without frame phrases
        ("во время встречи" says when, not what is asked)."""
        out = []
        for c in an.children(i):
            ct = an.tokens[c]
            if base_rel(ct) == "nsubj" or is_frame(an, c) or ct.rel in ("parataxis", "conj"):
                continue
            out.append(c)
            out += subtree(an, c, depth=3)
        return out

    def _context(self, an: Analysis, i: int, entry, inner: list[Trigger]) -> list[str]:
        out = list(entry.context)
        for t in inner:
            out += [c for c in t.entry.context if c not in out]
        for j in [i] + subtree(an, i, depth=4):
            ctx = self.contexts.get(an.tokens[j].lemma)
            if ctx and ctx not in out:
                out.append(ctx)
        return out

    @staticmethod
    def _confidence(an: Analysis, entry, args: Arguments, sent, reported: bool, flags) -> float:
        """How the event was found: the pattern's weight, up for a named recipient, down for actors and
        recipients reached indirectly, long sentences, reported speech; halved when the act is only possible or
        did not happen, so that a confidence threshold keeps asserted acts."""
        c = entry.weight
        if args.recipients:
            c += 0.05
        if args.actor_via in ("indefinite", "place", "inherited", "owner", "source", "between"):
            c -= 0.1
        if args.recipient_via == "context":
            c -= 0.15
        elif args.recipient_via in ("elaboration", "purpose", "inner", "location", "deeper"):
            c -= 0.05
        if sent.last - sent.first > LONG_SENTENCE:
            c -= 0.1
        if reported:
            c -= 0.05
        if flags.hypothetical or flags.negated:
            c *= 0.5
        return round(min(0.99, max(0.05, c)), 2)

    @staticmethod
    def _reference_year(doc: Doc, an: Analysis, ref: dt.date | None) -> int | None:
        """The year the article speaks from: its publication date, else the latest time in its related block,
        else the latest year it mentions."""
        if ref is not None:
            return ref.year
        years = [year_of(r.time) for r in doc.record.related if r.time]
        years = [y for y in years if y]
        if years:
            return max(years)
        mentioned = [int(t.text) for t in an.tokens if t.text.isdigit() and len(t.text) == 4
                     and 1900 <= int(t.text) <= 2100 and t.i + 1 < len(an.tokens) and an.tokens[t.i + 1].lemma in ("год", "г")]
        return max(mentioned) if mentioned else None


def _country_salience(doc: Doc) -> list[str]:
    """Actors standing for states (or IGOs) ordered by how much the article speaks of their country, the
    headline counting double: the candidates for a party the sentence leaves implicit."""
    record = doc.record
    title_end = len(record.title) if record.title else 0
    counts: dict[str, float] = {}
    first: dict[str, int] = {}
    for m in record.mentions:
        actor = record.actor(m.actor) if m.actor else None
        if actor is None or not actor.country or actor.kind == "media":
            continue  # a news agency quoted is a source, not a side
        counts[actor.country] = counts.get(actor.country, 0) + (2 if m.end <= title_end else 1)
        first.setdefault(actor.country, m.start)
    by_code: dict[str, str] = {}
    for a in record.actors:
        if a.kind == "media":
            continue
        if a.country and (a.country not in by_code or a.kind in ("country", "igo")):
            if a.country not in by_code or record.actor(by_code[a.country]).kind not in ("country", "igo"):
                by_code[a.country] = a.id
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    return [by_code[c] for c in ranked if c in by_code and counts[c] >= 2]


def _other_subjects(an: Analysis, reader: ArgumentReader, sent, trigger: int, media_nouns: frozenset[str]
                    ) -> list[str]:
    """Actors with a state that are subjects of the sentence's other verbs, in text order; an outlet reporting
    ("иранское агентство сообщило, что США ...") is no party."""
    out: list[str] = []
    for k in range(sent.first, sent.last):
        tok = an.tokens[k]
        if base_rel(tok) == "nsubj" and tok.head not in (trigger, -1) and an.tokens[tok.head].pos == "VERB" \
                and tok.lemma not in media_nouns:
            for a in reader.resolver.actors(k):
                actor = reader.resolver.doc.record.actor(a)
                if actor is not None and actor.country and actor.kind != "media" and a not in out:
                    out.append(a)
    return out


def _said_of(an: Analysis, trig: Trigger, quotes: Spans) -> bool:
    """"Он добавил, что Ким Чен Ын «делает большую ошибку»": words quoted inside a reported clause are the
    speaker's accusation; the act is the saying, outside the quote."""
    if "accused=subj" not in trig.entry.roles:
        return False
    j = trig.token
    for _ in range(3):
        t = an.tokens[j]
        if t.head < 0:
            return False
        if t.rel == "ccomp":
            return an.tokens[t.head].start not in quotes
        if t.rel != "conj":
            return False
        j = t.head
    return False


def _content_verb(an: Analysis, i: int) -> str | None:
    """The lemma of the verb a trigger governs as its complement ("потребовал выдать"), if any."""
    for c in an.children(i):
        if an.tokens[c].rel == "xcomp" and an.tokens[c].pos == "VERB":
            return an.tokens[c].lemma
    return None


def _told_in_past(an: Analysis, i: int) -> bool:
    """The trigger (or, for a noun, the verb it hangs on) is in the past tense."""
    tok = an.tokens[i]
    verb = tok if tok.pos == "VERB" or tok.head < 0 else an.tokens[tok.head]
    if verb.feats.get("Tense") == "Past":
        return True
    return any(an.tokens[c].rel.startswith("aux") and an.tokens[c].feats.get("Tense") == "Past"
               for c in an.children(verb.i))


def _political(record, actor_id: str) -> bool:
    """An actor the event data can place: it has a country (or IGO/UNO/EUR) code."""
    actor = record.actor(actor_id)
    return actor is not None and bool(actor.country)


def _states(record, ids: list[str]) -> set[str]:
    """The states of the given actors (those that have one)."""
    return {record.actor(a).country for a in ids if record.actor(a) is not None and record.actor(a).country}


def _countries(record, ids: list[str]) -> frozenset[str]:
    """The states of the parties; parties with no state (a consul named beside his country) count only
    when no party has one."""
    return frozenset(_states(record, ids) or ids)


def _headline_end(doc: Doc) -> int:
    r = doc.record
    if not r.title:
        return 0
    if r.lead and len(r.paragraphs) > 1:
        return r.paragraphs[1][1]
    return len(r.title)


def _merge_repeats(coded: list[Coded], verbal: set[str] | frozenset[str] = frozenset()) -> list[Coded]:
    """One event per action. The same type between the same parties (by country) with the same flags is one
    action when one telling is in the headline or lead (unless each names a different party outright), when the
    dates agree, or when the wording is the same (for a statement of `verbal` types, only by the same speaker);
    or, whatever the wording, when the actors and recipients are the very same. Two tellings asking, offering or
    refusing different things ("потребовал выдать" / "потребовал организовать") stay two."""
    def same_action(a: Coded, b: Coded) -> bool:
        ea, eb = a.event, b.event
        # an act announced for the future is not the same as one done ("денонсировал соглашение" / "восстановит")
        if (ea.event, ea.historical, ea.negated, ea.hypothetical, ea.future) != \
                (eb.event, eb.historical, eb.negated, eb.hypothetical, eb.future):
            return False
        if a.content and b.content and a.content != b.content and not (a.in_headline or b.in_headline):
            return False  # "потребовал организовать выборы" and "потребовал выдать граждан": two demands
        if set(ea.actor) == set(eb.actor) and set(ea.recipient) == set(eb.recipient):
            return True
        # one sentence telling one act twice ("вручил послу ноту, выразив недовольство"); a meeting told from
        # each side ("обсудить с Си Цзиньпином, который приедет в США с визитом")
        if ea.sentence == eb.sentence and ea.event in SYMMETRIC and \
                a.actor_countries | a.recipient_countries == b.actor_countries | b.recipient_countries:
            return True
        if ea.sentence == eb.sentence and a.actor_countries == b.actor_countries and (
                a.recipient_countries <= b.recipient_countries or b.recipient_countries <= a.recipient_countries):
            return True
        if (a.in_headline or b.in_headline) and a.actor_countries & b.actor_countries and (
                a.recipient_countries & b.recipient_countries or not (a.firm_recipient and b.firm_recipient)):
            # a headline retells the body's act, its parties sometimes only implied; not when each names a
            # different party outright ("Прага раскритиковала нападки украинских политиков" / "в правительстве
            # осуждают предложение Земана")
            return True
        if (a.actor_countries, a.recipient_countries) != (b.actor_countries, b.recipient_countries):
            return False
        if a.pattern == b.pattern:
            # the same wording between the same states: one material act, however its doer is named ("Вашингтон
            # урежет финансирование" / "администрация сократит помощь"); a statement only when the same speaker
            # makes it (Лавров and the ministry each calling a claim absurd are two)
            return ea.event not in verbal or bool(set(ea.actor) & set(eb.actor))
        return ea.date is not None and ea.date == eb.date

    # body tellings first: they carry the date and the fuller sentence
    ordered = sorted(coded, key=lambda c: (c.in_headline, c.order))
    kept: list[Coded] = []
    for c in ordered:
        twin = next((k for k in kept if same_action(k, c)), None)
        if twin is None:
            kept.append(c)
            continue
        if len(c.event.recipient) > len(twin.event.recipient) and c.event.sentence == twin.event.sentence:
            kept[kept.index(twin)] = c  # the fuller telling of the same sentence
            c, twin = twin, c
        if twin.event.date is None and c.event.date is not None:
            twin.event.date = c.event.date
        twin.event.confidence = max(twin.event.confidence, c.event.confidence)
    return sorted(kept, key=lambda c: c.order)
