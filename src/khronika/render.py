"""A readable summary of a record for the terminal (`--format pretty`)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .record import Record


def print_pretty(record: Record, console: Console) -> None:
    console.rule(f"[bold]{record.title or record.id}")
    meta = [f"id {record.id}"]
    if record.published_at:
        meta.append(f"published {record.published_at}")
    if record.photo_credit:
        meta.append(f"photo: {record.photo_credit}")
    if record.source.url or record.source.file:
        meta.append(record.source.url or record.source.file)
    console.print(" · ".join(meta), style="dim", markup=False)
    if record.lead:
        console.print(record.lead, style="italic", markup=False)
    names = {a.id: a.name for a in record.actors}
    if record.actors:
        t = Table("actor", "kind", "country", "sector", "office", title="Actors", title_justify="left")
        for a in record.actors:
            t.add_row(a.name, a.kind, a.country or "", a.sector or "", a.office or "")
        console.print(t)
    elif record.mentions:
        t = Table("mention", "type", "normal", title="Mentions", title_justify="left")
        for m in record.mentions:
            t.add_row(m.text, m.type, m.normal)
        console.print(t)
    if record.quotes:
        t = Table("speaker", "kind", "quote", title="Quotes", title_justify="left")
        for q in record.quotes:
            text = q.text if len(q.text) < 160 else q.text[:157] + "…"
            t.add_row(names.get(q.speaker, q.speaker_text or "?"), q.kind, text)
        console.print(t)
    if record.events:
        t = Table("event", "actor", "recipient", "date", "flags", "trigger", title="Events", title_justify="left")
        for e in record.events:
            flags = ",".join(f for f in ("historical", "future", "hypothetical", "negated") if getattr(e, f))
            t.add_row(e.event + (f"/{e.mode}" if e.mode else ""), "; ".join(names.get(a, a) for a in e.actor),
                      "; ".join(names.get(a, a) for a in e.recipient), e.date or "", flags, e.trigger["text"])
        console.print(t)
    if record.related:
        t = Table("time", "related article", title="Related", title_justify="left", style="dim")
        for r in record.related:
            t.add_row(r.time or "", r.title or "(no headline)")
        console.print(t)
