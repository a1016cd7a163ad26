"""Paths -> Articles: files, directories (recursively, by extension), '-' for stdin, JSONL and
zipped JSONL. Bad input becomes an InputError naming the input and the reason; nothing raises."""
from __future__ import annotations

import io
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..record import Source
from .article import Article
from .encoding import NotText, decode
from .html import read_html
from .jsonl import LineError, read_jsonl
from .page import read_page_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".jsonlines", ".ndjson"}
ZIP_EXT = {".zip"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | ZIP_EXT


@dataclass
class InputError:
    where: str  # the input (and line number)
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Item = Article | InputError


def kind_of(name: str, head: str = "") -> str:
    lower = name.lower()
    for ext in sorted(KNOWN_EXT, key=len, reverse=True):
        if lower.endswith(ext):
            if ext in HTML_EXT:
                return "html"
            if ext in JSONL_EXT:
                return "jsonl"
            if ext in ZIP_EXT:
                return "zip"
            return "text"
    # sniff the content of stdin or an unknown extension
    s = head.lstrip()
    if s.startswith("{"):
        return "jsonl"
    if s[:1] == "<" and ("<html" in s[:2000].lower() or "<body" in s.lower() or "<p" in s[:2000].lower()):
        return "html"
    return "text"


def read_bytes(data: bytes, name: str, file: str | None = None) -> Iterator[Item]:
    """One input's bytes -> its articles (a JSONL or zip input may hold many)."""
    if not data.strip():
        yield InputError(name, "empty input")
        return
    if name.lower().endswith(".zip"):
        yield from _read_zip(data, name)
        return
    try:
        text = decode(data)
    except NotText as e:
        yield InputError(name, str(e))
        return
    kind = kind_of(name, text[:4096])
    source = Source(file=file)
    if kind == "jsonl":
        for item in read_jsonl(text, file=file):
            if isinstance(item, LineError):
                yield InputError(f"{name}:{item.line}", item.reason)
            else:
                yield item
        return
    try:
        yield read_html(text, source=source) if kind == "html" else read_page_text(text, source=source)
    except ValueError as e:
        yield InputError(name, str(e))


def _read_zip(data: bytes, name: str) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield InputError(name, "not a readable zip archive")
        return
    with zf:
        members = [m for m in zf.namelist() if kind_of(m) != "zip" and not m.endswith("/")]
        if not members:
            yield InputError(name, "the archive holds no readable articles")
        for m in members:
            yield from read_bytes(zf.read(m), f"{name}!{m}", file=f"{name}!{m}")


def iter_files(path: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith(".") and any(f.lower().endswith(e) for e in KNOWN_EXT):
                yield Path(root) / f


def read_inputs(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, stdin=None) -> Iterator[Item]:
    """Every article in `paths`, in order; an InputError for each input that gives none."""
    for p in paths:
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield InputError("<stdin>", f"larger than the size limit ({max_bytes} bytes)")
                continue
            yield from read_bytes(data, "<stdin>", file=None)
            continue
        path = Path(p)
        if not path.exists():
            yield InputError(p, "no such file or directory")
            continue
        if path.is_dir():
            found = False
            for f in iter_files(path):
                found = True
                yield from _read_file(f, max_bytes)
            if not found:
                yield InputError(p, "the directory holds no readable articles (.txt, .html, .jsonl, .zip)")
            continue
        yield from _read_file(path, max_bytes)


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(name, f"larger than the size limit ({size} > {max_bytes} bytes)")
            return
        data = path.read_bytes()
    except OSError as e:
        yield InputError(name, f"cannot read: {e.strerror or e}")
        return
    yield from read_bytes(data, name, file=name)
