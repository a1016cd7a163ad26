"""Reading the actors' data files: tab-separated, `#` comments (the header says where the facts come from),
one line of column names, then one fact per line. A malformed line stops loading with file, line and reason."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# PLOVER / CAMEO actor sectors the data files may use.
SECTORS = frozenset({
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "JRN", "BUS", "EDU", "REL", "OPP", "PTY", "CVL", "NGO",
    "HRI", "LAB", "ELI", "CRM", "REB", "HLH", "IGO", "REF", "UAF", "SPT",
})


class DataFileError(ValueError):
    """A data file that cannot be loaded; the message names the file, the line and the reason."""

    def __init__(self, path: str | Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = str(path), line, reason


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    line: int
    fields: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.fields[column]

    def list(self, column: str) -> list[str]:
        """A `;`-separated cell as a list (empty cell -> [])."""
        return [v.strip() for v in self.fields[column].split(";") if v.strip()]

    def fail(self, reason: str) -> DataFileError:
        return DataFileError(self.path, self.line, reason)


def data_path(name: str) -> Path:
    return Path(str(resources.files("khronika") / "data" / "actors" / name))


def read_table(path: str | Path, columns: list[str], required: tuple[str, ...] = ()) -> list[Row]:
    """Rows of a TSV data file whose column line must be exactly `columns`; cells in `required` non-empty."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataFileError(path, 0, "file not found") from None
    except UnicodeDecodeError as e:
        raise DataFileError(path, 0, f"not UTF-8 ({e.reason})") from None
    rows: list[Row] = []
    header: list[str] | None = None
    for n, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            if header != columns:
                raise DataFileError(path, n, f"column line must be {' | '.join(columns)}, got {' | '.join(header)}")
            continue
        if len(cells) != len(columns):
            raise DataFileError(path, n, f"expected {len(columns)} tab-separated columns, got {len(cells)}")
        row = Row(str(path), n, {c: v.strip() for c, v in zip(columns, cells)})
        for c in required:
            if not row.fields[c]:
                raise row.fail(f"empty '{c}'")
        if "sector" in row.fields and row.fields["sector"] and row.fields["sector"] not in SECTORS:
            raise row.fail(f"unknown sector '{row.fields['sector']}' (known: {', '.join(sorted(SECTORS))})")
        rows.append(row)
    if header is None:
        raise DataFileError(path, len(lines), "no column line")
    return rows
