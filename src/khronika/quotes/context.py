"""Cheap views of the analysed text around a cue: token ranges by characters, sentence and paragraph bounds."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..doc import Doc
from ..language import Token


@dataclass
class TextView:
    doc: Doc
    _starts: list[int] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)
    _para_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        an = self.doc.analysis
        self._starts = [t.start for t in an.tokens]
        self._sent_starts = [s.start for s in an.sents]
        self.paragraphs = [(int(p[0]), int(p[1])) for p in self.doc.record.paragraphs] or [(0, len(self.text))]
        self._para_starts = [p[0] for p in self.paragraphs]

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def tokens(self) -> list[Token]:
        return self.doc.analysis.tokens

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indexes [lo, hi) of the tokens lying inside characters [start, end)."""
        lo = bisect.bisect_left(self._starts, start)
        hi = lo
        toks = self.tokens
        while hi < len(toks) and toks[hi].end <= end:
            hi += 1
        return lo, hi

    def tokens_between(self, start: int, end: int) -> list[Token]:
        lo, hi = self.token_range(start, end)
        return self.tokens[lo:hi]

    def sentence_bounds(self, char: int) -> tuple[int, int]:
        sents = self.doc.analysis.sents
        if not sents:
            return 0, len(self.text)
        k = max(0, bisect.bisect_right(self._sent_starts, char) - 1)
        return sents[k].start, sents[k].end

    def paragraph(self, char: int) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(self._para_starts, char) - 1)
        return self.paragraphs[k]

    def paragraph_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, char) - 1)
