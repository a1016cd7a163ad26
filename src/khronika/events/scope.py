"""What the coder may look at: not the words inside direct quotes, not sentences natasha cannot parse well."""
from __future__ import annotations

import bisect
import re

from ..doc import Doc
from ..language import Analysis, Sentence

# A sentence past these limits is a list, a table or a run-on that the parser gets wrong more often than right.
MAX_TOKENS = 80
MAX_NUMERIC_SHARE = 0.3
MAX_SEPARATORS = 3

QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”"}
# Guillemets around a name («Орешник», телеканал «Россия») are not speech; around four words or more they are.
MIN_QUOTE_WORDS = 4
WORD = re.compile(r"\w+")


class Spans:
    """Sorted, merged character ranges with a fast membership test."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(r for r in ranges if r[1] > r[0]):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def __contains__(self, char: int) -> bool:
        k = bisect.bisect_right(self.starts, char) - 1
        return k >= 0 and char < self.ends[k]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks that hold speech (four words or more), nesting and paragraphs respected."""
    out = []
    pos = 0
    for para in text.split("\n"):
        stack: list[tuple[str, int]] = []
        straight: int | None = None
        for k, ch in enumerate(para):
            if ch in QUOTE_PAIRS and not (ch == "“" and stack and QUOTE_PAIRS[stack[-1][0]] == "“"):
                stack.append((ch, k))
            elif stack and ch == QUOTE_PAIRS[stack[-1][0]]:
                opener, start = stack.pop()
                if not stack and len(WORD.findall(para[start + 1:k])) >= MIN_QUOTE_WORDS:
                    out.append((pos + start + 1, pos + k))
            elif ch == '"':
                if straight is None:
                    straight = k
                else:
                    if len(WORD.findall(para[straight + 1:k])) >= MIN_QUOTE_WORDS:
                        out.append((pos + straight + 1, pos + k))
                    straight = None
        # an unclosed quote runs to the end of its paragraph (a quote spanning paragraphs)
        if stack:
            start = stack[0][1]
            if len(WORD.findall(para[start + 1:])) >= MIN_QUOTE_WORDS:
                out.append((pos + start + 1, pos + len(para)))
        pos += len(para) + 1
    return out


def direct_quote_spans(doc: Doc) -> Spans:
    """Direct quotes found by the quotes stage, plus any long stretch in quotation marks it did not claim."""
    ranges = [(q.start, q.end) for q in doc.record.quotes if q.kind in ("direct", "mixed")]
    ranges += quoted_spans(doc.text)
    return Spans(ranges)


def indirect_quote_spans(doc: Doc) -> Spans:
    return Spans([(q.start, q.end) for q in doc.record.quotes if q.kind == "indirect"])


def usable(an: Analysis, s: Sentence, text: str) -> bool:
    """False for sentences the parser is unreliable on: very long, mostly numbers, list- or table-like."""
    n = s.last - s.first
    if n == 0 or n > MAX_TOKENS:
        return False
    numeric = sum(1 for t in an.tokens[s.first:s.last] if any(ch.isdigit() for ch in t.text))
    if n > 6 and numeric / n > MAX_NUMERIC_SHARE:
        return False
    chunk = text[s.start:s.end]
    if chunk.count(";") + chunk.count("|") + chunk.count("\t") > MAX_SEPARATORS:
        return False
    return True
