"""The country-pair chart, drawn on the server as SVG geometry (the template writes the elements): one bar
per month, cooperation stacked above the zero line (verbal, material), conflict below it (verbal,
material); months without events stay as gaps so time reads evenly; undated events get their own bar."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 920, 280
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 36, 16, 44  # room for the last month label
QUAD_CLASS = {"1": "quad-1", "2": "quad-2", "3": "quad-3", "4": "quad-4"}


@dataclass
class Bar:
    month: str
    x: float
    width: float
    rects: list[tuple[float, float, str]]  # (y, height, css class)
    title: str
    label: str | None
    selected: bool = False


@dataclass
class Chart:
    width: int
    height: int
    zero_y: float
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    left: int = PAD_LEFT
    right: int = WIDTH - PAD_RIGHT
    bottom: float = HEIGHT - PAD_BOTTOM


def month_range(first: str, last: str, cap: int = 600) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm) and len(out) < cap:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def nice_step(top: int) -> int:
    if top <= 5:
        return 1
    raw = top / 4
    mag = 10 ** int(math.floor(math.log10(raw)))
    return next(s * mag for s in (1, 2, 5, 10) if s * mag >= raw)


def build(months: list[dict], selected: str | None = None) -> Chart | None:
    """`months`: store.queries.dyad's series. None when there is nothing to draw."""
    if not months:
        return None
    by_month = {m["month"]: m for m in months}
    dated = sorted(k for k in by_month if k != "undated")
    slots: list[str] = month_range(dated[0], dated[-1]) if dated else []
    if len(slots) < len(dated):  # an absurd span (a mis-dated event far away): only months with events
        slots = dated
    if "undated" in by_month:
        slots.append("undated")
    up = max((by_month[s]["quad"]["1"] + by_month[s]["quad"]["2"] for s in by_month), default=0)
    down = max((by_month[s]["quad"]["3"] + by_month[s]["quad"]["4"] for s in by_month), default=0)
    up, down = max(up, 1), max(down, 1)
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    unit = plot_h / (up + down)
    zero = PAD_TOP + up * unit
    chart = Chart(WIDTH, HEIGHT, round(zero, 1))
    gap = 14 if "undated" in by_month and dated else 0
    slot_w = (WIDTH - PAD_LEFT - PAD_RIGHT - gap) / max(1, len(slots))
    bar_w = max(2.0, min(36.0, slot_w * 0.72))
    every = max(1, math.ceil(len(slots) / 12))  # at most about 12 month labels
    for i, slot in enumerate(slots):
        x = PAD_LEFT + i * slot_w + (gap if slot == "undated" else 0) + (slot_w - bar_w) / 2
        m = by_month.get(slot)
        rects = []
        title = f"{slot}: no events"
        if m:
            qd = m["quad"]
            y = zero
            for k in ("1", "2"):  # cooperation grows up from the zero line
                h = qd[k] * unit
                if h:
                    y -= h
                    rects.append((round(y, 1), round(h, 1), QUAD_CLASS[k]))
            y = zero
            for k in ("3", "4"):  # conflict grows down
                h = qd[k] * unit
                if h:
                    rects.append((round(y, 1), round(h, 1), QUAD_CLASS[k]))
                    y += h
            title = (f"{slot}: {m['events']} events — verbal cooperation {qd['1']}, material cooperation "
                     f"{qd['2']}, verbal conflict {qd['3']}, material conflict {qd['4']}; Goldstein {m['goldstein']:+g}")
        label = slot if (slot == "undated" or i % every == 0) else None
        chart.bars.append(Bar(slot, round(x, 1), round(bar_w, 1), rects, title, label, slot == selected))
    step = nice_step(max(up, down))
    for v in range(step, up + 1, step):
        chart.ticks.append((round(zero - v * unit, 1), str(v)))
    chart.ticks.append((round(zero, 1), "0"))
    for v in range(step, down + 1, step):
        chart.ticks.append((round(zero + v * unit, 1), f"−{v}"))
    return chart
