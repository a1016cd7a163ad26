"""Quotes: direct, indirect and mixed, with speakers (issue 4).

marks.py pairs the quotation marks, direct.py finds the author's words attributing a quoted span,
indirect.py finds reported clauses, speakers.py turns the words naming a speaker into an actor through
the actors stage's references. Regex over the text, syntax only near the cues: the stage stays cheap.
"""
from __future__ import annotations

from ..doc import Doc
from ..record import Quote
from .context import TextView
from .direct import Found, find_direct, looks_like_name, words
from .indirect import find_indirect
from .lexicon import fold, lexicon
from .marks import QuotedSpan, find_spans
from .speakers import PERSONAL_PRONOUNS, resolve

POSSESSIVE_PRONOUNS = {"его", "ее", "их"}


def detect(doc: Doc) -> list[Found]:
    """Every quote of the article in text order, speakers as phrases (not yet actors)."""
    lex = lexicon()
    view = TextView(doc)
    spans = find_spans(doc.text, doc.record.paragraphs)
    direct = find_direct(view, lex, spans)
    # a quoted span that is a quote holds no reported speech of the author's own
    taken = [(f.start - 1, f.end + 1) for f in direct]
    indirect = find_indirect(view, lex, taken, {f.start - 1 for f in direct if f.kind == "mixed"})
    for f in indirect:
        _quoted_fragment(view, lex, spans, f)
    return sorted(direct + indirect, key=lambda f: (f.start, f.end))


def _quoted_fragment(view: TextView, lex, spans: list[QuotedSpan], f: Found) -> None:
    """A reported clause that keeps the speaker's own words in quotation marks ("назвали «циничным и
    бесчеловечным»", "заявил, что Анкара «наметила новый путь»") is a mixed quote of those words."""
    inside = [s for s in spans if s.depth == 0 and s.closed and f.start <= s.open and s.close <= f.end + 1
              and words(view.text[s.start:s.end]) >= 2 and not looks_like_name(view, lex, s)]
    if inside:
        best = max(inside, key=lambda s: s.end - s.start)
        f.kind, f.start, f.end = "mixed", best.start, best.end


def _speaker_actor(doc: Doc, f: Found, previous: str | None) -> str | None:
    if f.continues is not None:
        return f.continues.actor
    if f.speaker is None:
        return None
    head = fold(doc.analysis.tokens[f.speaker.head].text)
    # "по его словам", "— добавил он": the actors stage's coreference first (measured on the gold set: better
    # than always taking the speaker quoted last), the speaker quoted last when it finds nobody
    actor = resolve(doc, f.speaker)
    if actor is None and head in PERSONAL_PRONOUNS | POSSESSIVE_PRONOUNS:
        actor = previous
    if actor is None and previous is not None and _bare_person_title(doc, f):
        # "— отметил эксперт", "— подчеркнул дипломат": a title alone names the person quoted before
        prev = doc.record.actor(previous)
        actor = previous if prev is not None and prev.kind == "person" else None
    return actor


def _bare_person_title(doc: Doc, f: Found) -> bool:
    tok = doc.analysis.tokens[f.speaker.head]
    return (tok.pos == "NOUN" and tok.feats.get("Animacy") == "Anim" and tok.feats.get("Number") == "Sing"
            and f.speaker.end - f.speaker.start <= len(tok.text) + 1)


def find_quotes(doc: Doc) -> None:
    found = detect(doc)
    quotes: list[Quote] = []
    previous: str | None = None
    view = TextView(doc)
    last: Found | None = None
    for n, f in enumerate(found, 1):
        if f.speaker is None and f.continues is None and f.cue and " " in f.cue and last is not None \
                and view.paragraph_index(f.start) - view.paragraph_index(last.start) <= 1:
            # "«…», — говорится в заявлении." names no owner: the statement of the one reported just before
            f.continues = last
        f.actor = _speaker_actor(doc, f, previous)
        last = f
        if f.actor is not None:
            previous = f.actor
        quotes.append(Quote(
            id=f"q{n}", kind=f.kind, start=f.start, end=f.end, text=doc.text[f.start:f.end],
            speaker=f.actor, speaker_text=f.speaker.text if f.speaker else None, cue=f.cue,
        ))
    doc.record.quotes = quotes
