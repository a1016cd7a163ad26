"""The event coder's knowledge, loaded from src/khronika/data/events/*.tsv: trigger patterns, PLOVER types,
CAMEO codes with Goldstein weights, cue words. A malformed line fails loading with file, line and reason."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "events"

# Dependencies a constraint may name (see the header of triggers.tsv).
CONSTRAINT_RELS = {"obj", "iobj", "nsubj", "obl", "nmod", "amod", "xcomp", "advmod", "conj",
                   "child", "sub", "head", "case", "form"}
ROLE_FLAGS = {"needs=r", "needs=2", "gen=patient", "subj=recipient", "place", "owner", "from=actor", "obj=theme", "in=actor", "accused=subj", "neg=refusal", "from=recipient", "where=actor"}


class LexiconError(ValueError):
    """A data file line that cannot be read: '<file>:<line>: <reason>'."""

    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")


@dataclass(frozen=True)
class Constraint:
    rel: str
    prep: str | None  # the dependent's preposition ("в", "в ходе"), None for any
    values: frozenset[str] | None  # lemmas; None = any word

    def accepts(self, lemma: str) -> bool:
        return self.values is None or lemma in self.values


@dataclass(frozen=True)
class TriggerEntry:
    pos: str  # "V" or "N"
    lemmas: tuple[str, ...]
    required: tuple[Constraint, ...]
    forbidden: tuple[Constraint, ...]
    event: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str
    weight: float
    roles: frozenset[str]
    line: int

    @property
    def specificity(self) -> int:
        return len(self.required)


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: int
    requires_recipient: bool
    score: float
    modes: frozenset[str]


@dataclass
class Lexicon:
    triggers: dict[tuple[str, str], list[TriggerEntry]]  # (pos, lemma) -> entries, most specific first
    types: dict[str, PloverType]
    contexts: frozenset[str]
    cameo: dict[str, float]  # code -> Goldstein weight
    recoding: dict[tuple[str, str, str], str]  # (event, mode|"-", from|"-") -> cameo
    cues: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)  # kind -> value -> lemmas
    _cue_cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def cue(self, kind: str) -> frozenset[str]:
        """All lemmas of a cue kind, whatever their value (built once: it is asked for per sentence)."""
        if kind not in self._cue_cache:
            self._cue_cache[kind] = frozenset().union(*self.cues.get(kind, {}).values())
        return self._cue_cache[kind]

    def cue_values(self, kind: str) -> dict[str, frozenset[str]]:
        return self.cues.get(kind, {})

    def recode(self, event: str, mode: str | None, origin: str | None, default: str | None) -> str | None:
        """The CAMEO code of a derived event (origin: the type the action would have had), or of an event whose
        mode was read from context; `default` (the trigger entry's code) otherwise."""
        m = mode or "-"
        keys = ([(event, m, origin), (event, "-", origin), (event, m, "-"), (event, "-", "-")] if origin
                else [(event, m, "-")] if mode else [])
        for key in keys:
            if key in self.recoding:
                return self.recoding[key]
        return default


def _rows(path: Path, columns: list[str]):
    """(line number, fields) of a TSV data file: '#' comments and blank lines skipped, header checked."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as e:
        raise LexiconError(path, 0, f"cannot read: {e.strerror or e}") from None
    header_seen = False
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if not header_seen:
            if parts != columns:
                raise LexiconError(path, n, f"header must be {' | '.join(columns)}, got {' | '.join(parts)}")
            header_seen = True
            continue
        if len(parts) != len(columns):
            raise LexiconError(path, n, f"expected {len(columns)} tab-separated fields, got {len(parts)}")
        yield n, [p.strip() for p in parts]
    if not header_seen:
        raise LexiconError(path, 0, "no header line")


def _lemmas(text: str, path: Path, n: int, macros: dict[str, frozenset[str]] | None = None) -> frozenset[str]:
    out: set[str] = set()
    for part in text.split("|"):
        part = part.strip().lower()
        if not part:
            raise LexiconError(path, n, f"empty lemma in {text!r}")
        if part.startswith("@"):
            if macros is None or part[1:] not in macros:
                raise LexiconError(path, n, f"unknown set {part!r}")
            out |= macros[part[1:]]
        else:
            out.add(part)
    return frozenset(out)


_CONSTRAINT = re.compile(r"^(?P<rel>[a-z]+)(?:/(?P<prep>[^=]+))?=(?P<values>.+)$")


def _constraints(text: str, path: Path, n: int, macros: dict[str, frozenset[str]]) -> tuple[Constraint, ...]:
    if text == "-":
        return ()
    out = []
    for part in text.split(";"):
        m = _CONSTRAINT.match(part.strip())
        if not m:
            raise LexiconError(path, n, f"constraint {part!r} is not REL=VALUES or REL/PREP=VALUES")
        rel = m.group("rel")
        if rel not in CONSTRAINT_RELS:
            raise LexiconError(path, n, f"unknown dependency {rel!r} in {part!r}")
        values_text = m.group("values").strip()
        values = None if values_text == "*" else _lemmas(values_text, path, n, macros)
        prep = m.group("prep")
        out.append(Constraint(rel, " ".join(prep.lower().split()) if prep else None, values))
    return tuple(out)


def load_types(path: Path) -> dict[str, PloverType]:
    types = {}
    for n, (name, quad, req, score, modes) in _rows(path, ["type", "quad", "requires_recipient", "score", "modes"]):
        if quad not in {"1", "2", "3", "4"}:
            raise LexiconError(path, n, f"quad must be 1-4, got {quad!r}")
        if req not in {"yes", "no"}:
            raise LexiconError(path, n, f"requires_recipient must be yes or no, got {req!r}")
        try:
            value = float(score)
        except ValueError:
            raise LexiconError(path, n, f"score is not a number: {score!r}") from None
        types[name] = PloverType(name, int(quad), req == "yes", value,
                                 frozenset() if modes == "-" else frozenset(modes.split(",")))
    return types


def load_contexts(path: Path) -> frozenset[str]:
    return frozenset(name for _, (name, _gloss) in _rows(path, ["context", "gloss"]))


def load_cameo(path: Path) -> dict[str, float]:
    codes = {}
    for n, (code, goldstein, _desc) in _rows(path, ["code", "goldstein", "description"]):
        if not re.fullmatch(r"\d{2,4}", code):
            raise LexiconError(path, n, f"CAMEO code must be 2-4 digits, got {code!r}")
        try:
            value = float(goldstein)
        except ValueError:
            raise LexiconError(path, n, f"Goldstein weight is not a number: {goldstein!r}") from None
        if not -10 <= value <= 10:
            raise LexiconError(path, n, f"Goldstein weight {value} is outside -10..10")
        codes[code] = value
    return codes


def load_cues(path: Path, contexts: frozenset[str], types: dict[str, PloverType]) -> dict[str, dict[str, frozenset[str]]]:
    cues: dict[str, dict[str, frozenset[str]]] = {}
    for n, (kind, value, lemmas) in _rows(path, ["kind", "value", "lemmas"]):
        if kind == "context" and value not in contexts:
            raise LexiconError(path, n, f"unknown PLOVER context {value!r}")
        if kind == "mode":
            event, _, mode = value.partition(":")
            if event not in types or mode not in types[event].modes:
                raise LexiconError(path, n, f"{value!r} is not TYPE:mode of a PLOVER type")
        if kind in {"month", "weekday", "day_offset", "period_shift"}:
            try:
                int(value)
            except ValueError:
                raise LexiconError(path, n, f"{kind} value must be an integer, got {value!r}") from None
        bucket = cues.setdefault(kind, {})
        bucket[value] = bucket.get(value, frozenset()) | _lemmas(lemmas, path, n)
    return cues


def load_recoding(path: Path, types: dict[str, PloverType], cameo: dict[str, float]) -> dict[tuple[str, str, str], str]:
    out = {}
    for n, (event, mode, origin, code) in _rows(path, ["event", "mode", "from", "cameo"]):
        if event not in types or (origin != "-" and origin not in types):
            raise LexiconError(path, n, f"unknown PLOVER type in {event!r} / {origin!r}")
        if mode != "-" and mode not in types[event].modes:
            raise LexiconError(path, n, f"{mode!r} is not a mode of {event}")
        if code not in cameo:
            raise LexiconError(path, n, f"CAMEO code {code!r} is not in cameo.tsv")
        out[(event, mode, origin)] = code
    return out


def load_triggers(path: Path, types: dict[str, PloverType], contexts: frozenset[str],
                  cameo: dict[str, float]) -> dict[tuple[str, str], list[TriggerEntry]]:
    macros: dict[str, frozenset[str]] = {}
    entries: list[TriggerEntry] = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise LexiconError(path, 0, f"cannot read: {e.strerror or e}") from None
    # macro lines ("@name = a|b") sit among the comments, before the entries that use them
    rows = []
    for n, raw in enumerate(text.split("\n"), 1):
        m = re.match(r"^@(?P<name>[\w-]+)\s*=\s*(?P<lemmas>.+)$", raw.strip())
        if m:
            macros[m.group("name")] = _lemmas(m.group("lemmas"), path, n, macros)
            continue
        if raw.strip() and not raw.lstrip().startswith("#"):
            rows.append((n, raw.rstrip("\r")))
    for n, line in rows:
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 9:
            raise LexiconError(path, n, f"expected 9 tab-separated fields, got {len(parts)}")
        trigger, with_, without, event, mode, context, code, weight, roles = parts
        m = re.fullmatch(r"(?P<pos>[VN]):(?P<lemmas>.+)", trigger)
        if not m:
            raise LexiconError(path, n, f"trigger must be V:lemmas or N:lemmas, got {trigger!r}")
        if event not in types:
            raise LexiconError(path, n, f"unknown PLOVER type {event!r}")
        if mode != "-" and mode not in types[event].modes:
            raise LexiconError(path, n, f"{mode!r} is not a mode of {event}")
        ctx = () if context == "-" else tuple(c.strip() for c in context.split(","))
        for c in ctx:
            if c not in contexts:
                raise LexiconError(path, n, f"unknown PLOVER context {c!r}")
        if code not in cameo:
            raise LexiconError(path, n, f"CAMEO code {code!r} is not in cameo.tsv")
        try:
            w = float(weight)
        except ValueError:
            raise LexiconError(path, n, f"weight is not a number: {weight!r}") from None
        if not 0 < w <= 1:
            raise LexiconError(path, n, f"weight must be in (0, 1], got {w}")
        role_set = frozenset() if roles == "-" else frozenset(r.strip() for r in roles.split(","))
        unknown = role_set - ROLE_FLAGS
        if unknown:
            raise LexiconError(path, n, f"unknown roles {sorted(unknown)}")
        entries.append(TriggerEntry(
            pos=m.group("pos"), lemmas=tuple(sorted(_lemmas(m.group("lemmas"), path, n, macros))),
            required=_constraints(with_, path, n, macros), forbidden=_constraints(without, path, n, macros),
            event=event, mode=None if mode == "-" else mode, context=ctx, cameo=code, weight=w,
            roles=role_set, line=n))
    if not entries:
        raise LexiconError(path, 0, "no trigger entries")
    index: dict[tuple[str, str], list[TriggerEntry]] = {}
    for e in entries:
        for lemma in e.lemmas:
            index.setdefault((e.pos, lemma), []).append(e)
    for key in index:  # most specific first; the file order breaks ties (sort is stable)
        index[key].sort(key=lambda e: -e.specificity)
    return index


def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    types = load_types(data_dir / "plover.tsv")
    contexts = load_contexts(data_dir / "contexts.tsv")
    cameo = load_cameo(data_dir / "cameo.tsv")
    return Lexicon(
        triggers=load_triggers(data_dir / "triggers.tsv", types, contexts, cameo),
        types=types, contexts=contexts, cameo=cameo,
        recoding=load_recoding(data_dir / "recoding.tsv", types, cameo),
        cues=load_cues(data_dir / "cues.tsv", contexts, types),
    )


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()
