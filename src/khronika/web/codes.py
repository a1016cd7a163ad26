"""Names for the codes an event carries, for people reading the pages: CAMEO code glosses (from the events
stage's data file, data/events/cameo.tsv) and the quad classes."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..store.queries import QUADS as QUAD_NAMES  # 1 verbal cooperation ... 4 material conflict

__all__ = ["QUAD_NAMES", "CodesError", "cameo_name", "cameo_names", "load_cameo_names"]

CAMEO_FILE = Path(__file__).resolve().parent.parent / "data" / "events" / "cameo.tsv"


class CodesError(ValueError):
    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")


def load_cameo_names(path: Path = CAMEO_FILE) -> dict[str, str]:
    """code -> description. A missing file gives no names (the pages show bare codes); a malformed line
    fails with the file, line and reason."""
    if not path.exists():
        return {}
    names: dict[str, str] = {}
    header: list[str] | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            if "code" not in header or "description" not in header:
                raise CodesError(path, n, f"the header must name 'code' and 'description' columns, got {cells}")
            continue
        if len(cells) != len(header):
            raise CodesError(path, n, f"{len(cells)} columns where the header has {len(header)}")
        row = dict(zip(header, cells))
        code = row["code"].strip()
        if not code.isdigit():
            raise CodesError(path, n, f"CAMEO code {code!r} is not digits")
        names[code] = row["description"].strip()
    return names


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    return load_cameo_names()


def cameo_name(code: str | None) -> str | None:
    return cameo_names().get(code) if code else None
