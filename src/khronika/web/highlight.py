"""An article's text cut into plain segments for the reader: each segment knows which mention, quote and
event trigger cover it, so the template wraps it in one <span> with classes and the segment's text is
escaped on its own (no markup is ever built by slicing HTML)."""
from __future__ import annotations

from dataclasses import dataclass, field

PALETTE_SIZE = 8  # speaker colours sp-0..sp-7 in reader.css; more speakers reuse them


@dataclass
class Segment:
    text: str
    start: int
    end: int
    classes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Block:
    kind: str  # "title" | "lead" | "body"
    start: int
    end: int
    segments: list[Segment]


def speaker_colours(record: dict) -> dict[str | None, int]:
    """Speaker actor id -> colour index, in order of first quote; unknown speakers share the last colour."""
    out: dict[str | None, int] = {}
    for quote in record.get("quotes", []):
        sp = quote.get("speaker")
        if sp is not None and sp not in out:
            out[sp] = len(out) % (PALETTE_SIZE - 1)
    out[None] = PALETTE_SIZE - 1
    return out


def _covering(spans: list[tuple[int, int, dict]], a: int, b: int) -> list[dict]:
    return [d for s, e, d in spans if s <= a and b <= e]


def blocks(record: dict) -> list[Block]:
    """The text by paragraph (title, lead, body), each cut at every annotation boundary."""
    text: str = record["text"]
    actors = {a["id"]: a for a in record.get("actors", [])}
    colours = speaker_colours(record)
    n = len(text)

    def clamp(s: int, e: int) -> tuple[int, int] | None:
        s, e = max(0, int(s)), min(n, int(e))
        return (s, e) if s < e else None

    mentions, quotes, triggers = [], [], []
    for m in record.get("mentions", []):
        if (span := clamp(m["start"], m["end"])):
            mentions.append((*span, m))
    for qt in record.get("quotes", []):
        if (span := clamp(qt["start"], qt["end"])):
            quotes.append((*span, qt))
    for ev in record.get("events", []):
        trig = ev.get("trigger") or {}
        if "start" in trig and (span := clamp(trig["start"], trig["end"])):
            triggers.append((*span, ev))

    paragraphs = [tuple(p) for p in record.get("paragraphs") or []] or [(0, n)]
    cuts = {0, n}
    for s, e, _ in mentions + quotes + triggers:
        cuts.update((s, e))
    for s, e in paragraphs:
        cuts.update((s, e))
    cuts = sorted(c for c in cuts if 0 <= c <= n)

    title_end = len(record["title"]) if record.get("title") and text.startswith(record["title"]) else None
    lead = record.get("lead")
    out: list[Block] = []
    for i, (ps, pe) in enumerate(paragraphs):
        ps, pe = max(0, ps), min(n, pe)
        if ps >= pe:
            continue
        if title_end is not None and ps == 0 and pe == title_end:
            kind = "title"
        elif lead and text[ps:pe] == lead:
            kind = "lead"
        else:
            kind = "body"
        points = [ps] + [c for c in cuts if ps < c < pe] + [pe]
        segs = []
        for a, b in zip(points, points[1:]):
            segs.append(_segment(text, a, b, mentions, quotes, triggers, actors, colours))
        out.append(Block(kind, ps, pe, segs))
    return out


def _segment(text, a, b, mentions, quotes, triggers, actors, colours) -> Segment:
    seg = Segment(text[a:b], a, b)
    cover_q = _covering(quotes, a, b)
    if cover_q:
        qt = min(cover_q, key=lambda d: d["end"] - d["start"])
        seg.classes += ["q", f"sp-{colours.get(qt.get('speaker'), PALETTE_SIZE - 1)}", f"q-{qt['kind']}"]
        seg.attrs["data-quote"] = qt["id"]
    cover_m = _covering(mentions, a, b)
    if cover_m:
        m = min(cover_m, key=lambda d: d["end"] - d["start"])
        seg.classes += ["m", f"m-{m['type']}"]
        seg.attrs["data-mention"] = m["id"]
        actor = actors.get(m.get("actor"))
        if actor:
            seg.attrs["data-actor"] = actor["id"]
            seg.attrs["title"] = " · ".join(x for x in (actor["name"], actor["kind"], actor.get("country"),
                                                        actor.get("office")) if x)
        else:
            seg.attrs["title"] = f"{m['type']}: {m.get('normal') or m['text']}"
    cover_t = _covering(triggers, a, b)
    if cover_t:
        ev = cover_t[0]
        seg.classes += ["trig", f"quad-{ev.get('quad')}"]
        seg.attrs["data-event"] = ev["id"]
        seg.attrs["title"] = f"{ev['event']}" + (f" · {ev['mode']}" if ev.get("mode") else "") + " (click: evidence)"
        seg.attrs["tabindex"] = "0"
        seg.attrs["role"] = "button"
    return seg


def evidence(record: dict, event: dict) -> list[Segment]:
    """An event's sentence in three escaped parts: before the trigger, the trigger, after it."""
    text = record["text"]
    sent = event.get("sentence") or {}
    trig = event.get("trigger") or {}
    s, e = sent.get("start"), sent.get("end")
    if s is None or e is None:
        s, e = trig.get("start", 0), trig.get("end", 0)
    ts, te = trig.get("start"), trig.get("end")
    if ts is None or te is None or not (s <= ts <= te <= e):
        return [Segment(text[s:e], s, e)]
    return [Segment(text[s:ts], s, ts), Segment(text[ts:te], ts, te, ["trig", f"quad-{event.get('quad')}"]),
            Segment(text[te:e], te, e)]


def marked(snippet: dict) -> list[Segment]:
    """A search snippet {"text", "hits": [[s, e], ...]} as segments, hits marked."""
    text, out, pos = snippet["text"], [], 0
    for s, e in sorted(snippet.get("hits") or []):
        if s < pos:
            continue
        if s > pos:
            out.append(Segment(text[pos:s], pos, s))
        out.append(Segment(text[s:e], s, e, ["hit"]))
        pos = e
    if pos < len(text):
        out.append(Segment(text[pos:], pos, len(text)))
    return out
