"""Quotation marks -> quoted spans.

Marks pair innermost-first on a stack, per paragraph, so nesting with the same guillemets
(«… «Путин, помогите!» …») and mixed families («… „…“ …», «… "…" …») come out right.
A quotation that runs over several paragraphs follows the Russian convention: each paragraph
opens with « and only the last one closes. A mark that never closes yields a span to the end of
its paragraph flagged `closed=False`; stray closing marks are ignored. Nothing spans more than the
paragraphs its marks belong to.
"""
from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"«": "guillemet", "„": "low", "“": "curly"}
CLOSERS = {"»": ("guillemet",), "“": ("low",), "”": ("low", "curly")}
STRAIGHT = '"'
_OPEN_BEFORE = set("([{«„“—–-/ \t\n")
_CLOSE_AFTER = set(".,;:!?)]}»”…—–-/ \t\n")


@dataclass
class QuotedSpan:
    open: int          # offset of the opening mark
    close: int         # offset of the closing mark (paragraph end when not closed)
    depth: int         # 0 for top level
    closed: bool = True
    paragraphs: int = 1  # how many paragraphs the span covers

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close

    @property
    def outer_end(self) -> int:
        """Just past the closing mark."""
        return self.close + 1 if self.closed else self.close

    def contains(self, other: "QuotedSpan") -> bool:
        return self.open < other.open and other.close <= self.close


def _straight_role(text: str, i: int) -> str:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    can_open = prev in _OPEN_BEFORE and not nxt.isspace()
    can_close = nxt in _CLOSE_AFTER and not prev.isspace()
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either" if can_open else "none"


def _marks(text: str, start: int, end: int):
    """(offset, role, family) of each quotation mark in [start, end)."""
    for i in range(start, end):
        ch = text[i]
        if ch == STRAIGHT:
            role = _straight_role(text, i)
            if role != "none":
                yield i, role, "straight"
        elif ch == "“":
            yield i, "curly-either", "curly"
        elif ch in OPENERS:
            yield i, "open", OPENERS[ch]
        elif ch in CLOSERS:
            yield i, "close", ch


def _opens_paragraph(text: str, para: tuple[int, int], pos: int) -> bool:
    """The mark at `pos` is the paragraph's first character (after an optional dash)."""
    head = text[para[0]:pos].strip(" \t—–-")
    return head == ""


LOOKAHEAD_PARAGRAPHS = 4


def _stray_close(text: str, para: tuple[int, int]) -> bool:
    """The paragraph closes a guillemet it never opened (the end of a quotation begun above)."""
    depth = 0
    for ch in text[para[0]:para[1]]:
        if ch == "«":
            depth += 1
        elif ch == "»":
            if depth == 0:
                return True
            depth -= 1
    return False


def _continues(text: str, paras: list[tuple[int, int]], pi: int, family: str) -> bool:
    """Does the quotation left open at the end of paragraph `pi` go on in the next one? Either the next
    paragraph opens with a quotation mark (the Russian convention), or, for guillemets, one of the next
    few paragraphs closes a » it never opened (a quotation whose paragraphs do not repeat the «)."""
    if pi + 1 >= len(paras):
        return False
    nxt = paras[pi + 1]
    if text[nxt[0]:nxt[1]].lstrip(" \t—–-")[:1] in ("«", '"', "“"):
        return True
    if family != "guillemet":
        return False
    for later in paras[pi + 1:pi + 1 + LOOKAHEAD_PARAGRAPHS]:
        if _stray_close(text, later):
            return True
        if "«" in text[later[0]:later[1]]:
            return False
    return False


def find_spans(text: str, paragraphs: list[tuple[int, int]] | list[list[int]]) -> list[QuotedSpan]:
    paras = [(int(p[0]), int(p[1])) for p in paragraphs] or [(0, len(text))]
    spans: list[QuotedSpan] = []
    carried: tuple[int, int, str] | None = None  # (open offset, paragraphs so far, family) of a quote spanning paragraphs
    for pi, para in enumerate(paras):
        stack: list[tuple[int, str]] = [(carried[0], carried[2])] if carried else []  # (offset, family)
        first_mark = True
        for pos, role, family in _marks(text, *para):
            if carried is not None and first_mark and role in ("open", "either", "curly-either") \
                    and _opens_paragraph(text, para, pos) and len(stack) == 1:
                # the continuation mark opening each paragraph of a quotation: the carried quote stays open
                first_mark = False
                continue
            first_mark = False
            if role in ("close", "either", "curly-either"):
                if family == "straight":
                    accepts: tuple[str, ...] = ("straight",)
                elif role == "curly-either":
                    accepts = ("low",)  # “ closes „…“ and otherwise opens “…”
                else:
                    accepts = CLOSERS.get(text[pos], ())
                depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] in accepts), None)
                if depth is not None:
                    del stack[depth + 1:]  # inner marks that never closed are dropped
                    opened, _ = stack.pop()
                    paras_n = 1
                    if carried is not None and opened == carried[0]:
                        paras_n = carried[1] + 1
                        carried = None
                    spans.append(QuotedSpan(opened, pos, len(stack), True, paras_n))
                    continue
                if role == "close":
                    continue
            if role in ("open", "either", "curly-either"):
                stack.append((pos, family))
        if carried is not None and (not stack or stack[0][0] != carried[0]):
            carried = None
        if stack:
            bottom, family = stack[0]
            starts_here = carried is not None or _opens_paragraph(text, para, bottom)
            if starts_here and len(stack) == 1 and _continues(text, paras, pi, family):
                carried = (bottom, carried[1] + 1 if carried else 1, family)
                continue
            for depth, (opened, _) in enumerate(stack):
                opened_paras = 1
                if carried and opened == carried[0]:
                    opened_paras = carried[1] + 1
                    carried = None
                # an unclosed mark reaches the end of its paragraph, no further
                spans.append(QuotedSpan(opened, para[1], depth, False, opened_paras))
    spans.sort(key=lambda s: (s.open, -s.close))
    return spans


def top_level(spans: list[QuotedSpan]) -> list[QuotedSpan]:
    return [s for s in spans if s.depth == 0]
