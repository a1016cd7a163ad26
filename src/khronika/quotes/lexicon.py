"""The quote cue lexicons (data/quotes/*.tsv): speech verbs, release nouns, stance nouns, "по словам" nouns,
name nouns. Loaded once; a malformed line stops loading with the file, the line and the reason."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

VERB_USES = {"speech", "opinion", "direct", "release", "quoting"}
ACCORDING_USES = {"speech", "opinion"}


class LexiconError(ValueError):
    def __init__(self, file: str, line: int, reason: str):
        super().__init__(f"{file}:{line}: {reason}")


def fold(word: str) -> str:
    """Lemmas are compared lower-cased with ё as е (pymorphy and the data files disagree on ё)."""
    return word.lower().replace("ё", "е")


def read_table(path: Path, columns: int, allowed: dict[int, set[str]] | None = None) -> dict[str, str]:
    """A TSV of `columns` columns ('#' comments, blank lines skipped) -> {first column: last column}."""
    out: dict[str, str] = {}
    name = path.name
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise LexiconError(name, n, f"expected {columns} tab-separated column(s), found {len(cells)}")
        cells = [c.strip() for c in cells]
        if not all(cells):
            raise LexiconError(name, n, "empty column")
        key = fold(cells[0])
        if " " in key:
            raise LexiconError(name, n, f"{cells[0]!r}: one word expected")
        for col, values in (allowed or {}).items():
            if cells[col] not in values:
                raise LexiconError(name, n, f"{cells[col]!r} is not one of {sorted(values)}")
        if key in out:
            raise LexiconError(name, n, f"{cells[0]!r} is listed twice")
        out[key] = cells[-1]
    return out


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]          # lemma -> speech | opinion | direct | release | quoting
    release_nouns: frozenset[str]  # сообщение, заявление, сайт, ...
    stance_nouns: frozenset[str]   # выразить уверенность/надежду, что
    according: dict[str, str]      # по словам / по мнению -> speech | opinion
    name_nouns: frozenset[str]     # телеканал «Россия»
    vague: dict[str, str]          # СМИ, источник, эксперты -> any | plural

    def verb_use(self, lemma: str) -> str | None:
        return self.verbs.get(fold(lemma))

    def is_vague(self, lemma: str, number: str | None) -> bool:
        """"СМИ", "источники", "эксперты": nobody the article identifies."""
        rule = self.vague.get(fold(lemma))
        return rule == "any" or rule == "plural" and number == "Plur"

    @classmethod
    def from_dir(cls, folder: Path) -> "Lexicon":
        return cls(
            verbs=read_table(folder / "speech_verbs.tsv", 2, {1: VERB_USES}),
            release_nouns=frozenset(read_table(folder / "release_nouns.tsv", 1)),
            stance_nouns=frozenset(read_table(folder / "stance_nouns.tsv", 1)),
            according=read_table(folder / "according_nouns.tsv", 2, {1: ACCORDING_USES}),
            name_nouns=frozenset(read_table(folder / "name_nouns.tsv", 1)),
            vague=read_table(folder / "vague_speakers.tsv", 2, {1: {"any", "plural"}}),
        )


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.from_dir(Path(str(resources.files("khronika") / "data" / "quotes")))
