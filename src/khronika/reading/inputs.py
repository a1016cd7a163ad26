"""Paths -> Articles: files, directories (recursively, by extension), '-' for stdin, JSONL dumps (streamed
line by line) and zip archives of any of those. Bad input becomes an InputError naming the input (and line)
and the reason; nothing here raises for bad input.

The size limit applies to each single article's raw input: a .txt/.html file, a JSONL line, an archive member
that is one article. JSONL files and archives are containers of many articles and are streamed, not limited."""
from __future__ import annotations

import io
import itertools
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..record import Source
from .article import Article
from .encoding import NotText, decode, is_zip
from .html import read_html
from .jsonl import LineError, read_jsonl, read_jsonl_lines, split_lines
from .page import read_page_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXT = {".jsonl", ".jsonlines", ".ndjson"}
ZIP_EXT = {".zip"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | ZIP_EXT
HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 1 << 20


@dataclass
class InputError:
    where: str  # the input (and line number)
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Item = Article | InputError


def kind_by_name(name: str) -> str | None:
    """'text' | 'html' | 'jsonl' | 'zip' from the extension, None when it says nothing."""
    lower = name.lower()
    for exts, kind in ((HTML_EXT, "html"), (JSONL_EXT, "jsonl"), (ZIP_EXT, "zip"), (TEXT_EXT, "text")):
        if any(lower.endswith(e) for e in exts):
            return kind
    return None


def sniff_text(head: str) -> str:
    """The kind of a decoded input with no telling extension (stdin, 'article' without a suffix)."""
    s = head.lstrip("\ufeff \t\r\n")
    if s.startswith("{"):
        return "jsonl"
    low = s[:4000].lower()
    if s.startswith("<") and any(tag in low for tag in ("<html", "<body", "<p", "<div", "<article", "<head", "<!doctype")):
        return "html"
    return "text"


def _is_html_document(text: str) -> bool:
    head = text[:1000].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html"))


def kind_of(name: str, head: str = "") -> str:
    return kind_by_name(name) or sniff_text(head)


def read_bytes(data: bytes, name: str, file: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """One input's bytes -> its articles (a JSONL or zip input may hold many)."""
    if not data.strip():
        yield InputError(name, "empty input")
        return
    kind = kind_by_name(name)
    if kind == "zip" or (kind is None and is_zip(data)):
        yield from _read_zip(io.BytesIO(data), name, max_bytes)
        return
    if kind != "jsonl" and len(data) > max_bytes:
        yield InputError(name, f"larger than the size limit ({len(data)} > {max_bytes} bytes)")
        return
    try:
        text = decode(data)
    except NotText as e:
        yield InputError(name, str(e))
        return
    kind = kind or sniff_text(text[:4096])
    if kind == "text" and _is_html_document(text):  # a page saved with a .txt name
        kind = "html"
    if kind == "jsonl":
        yield from _jsonl_items(read_jsonl(text, file=file, max_bytes=max_bytes), name)
        return
    yield from _single(text, kind, name, file)


def _single(text: str, kind: str, name: str, file: str | None) -> Iterator[Item]:
    source = Source(file=file)
    try:
        article = read_html(text, source=source) if kind == "html" else read_page_text(text, source=source)
    except ValueError as e:
        yield InputError(name, str(e))
        return
    except Exception as e:  # a page that trips a parser: that input is skipped, the batch goes on
        yield InputError(name, f"could not be read ({type(e).__name__}: {e})")
        return
    yield article


def _jsonl_items(items: Iterable[Article | LineError], name: str) -> Iterator[Item]:
    any_line = False
    for item in items:
        any_line = True
        if isinstance(item, LineError):
            yield InputError(f"{name}:{item.line}", item.reason)
        else:
            yield item
    if not any_line:
        yield InputError(name, "empty input")


def read_stream(fh: BinaryIO, name: str, file: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                kind: str | None = None) -> Iterator[Item]:
    """An open binary stream -> its articles; JSONL is streamed line by line, anything else read whole."""
    head = fh.read(HEAD_BYTES)
    kind = kind or kind_by_name(name)
    if kind == "zip" or (kind is None and is_zip(head)):
        yield from _read_zip(io.BytesIO(head + fh.read()), name, max_bytes)
        return
    if kind == "jsonl" or (kind is None and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")):
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            # UTF-16 lines cannot be split on b"\n": decode the whole dump, then split
            yield from read_bytes(head + fh.read(), name, file=file, max_bytes=max_bytes)
            return
        chunks = itertools.chain([head], iter(lambda: fh.read(CHUNK_BYTES), b""))
        lines = split_lines(chunks, max_bytes)
        yield from _jsonl_items(read_jsonl_lines(lines, file=file, max_bytes=max_bytes), name)
        return
    data = head + fh.read(max_bytes + 1 - len(head)) if len(head) <= max_bytes else head
    if len(data) > max_bytes:
        yield InputError(name, f"larger than the size limit ({max_bytes} bytes)")
        return
    yield from read_bytes(data, name, file=file, max_bytes=max_bytes)


def _read_zip(fh: BinaryIO, name: str, max_bytes: int) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, EOFError):
        yield InputError(name, "not a readable zip archive")
        return
    with zf:
        members = [m for m in zf.infolist()
                   if not m.is_dir() and kind_by_name(m.filename) not in (None, "zip")
                   and not Path(m.filename).name.startswith(".")]
        if not members:
            yield InputError(name, "the archive holds no readable articles (.txt, .html, .jsonl)")
            return
        for m in members:
            where = f"{name}!{m.filename}"
            kind = kind_by_name(m.filename)
            if kind != "jsonl" and m.file_size > max_bytes:
                yield InputError(where, f"larger than the size limit ({m.file_size} > {max_bytes} bytes)")
                continue
            try:
                with zf.open(m) as member:
                    yield from read_stream(member, where, file=where, max_bytes=max_bytes, kind=kind)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as e:
                # corrupt data, an encrypted member, an unsupported compression method
                yield InputError(where, f"cannot read from the archive: {e}")


def iter_files(path: Path) -> Iterator[Path]:
    """Readable article files under a directory, recursively, sorted, hidden ones skipped."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith(".") and kind_by_name(f):
                yield Path(root) / f


def read_inputs(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every article in `paths`, in order; an InputError for each input (or line) that gives none."""
    for p in paths:
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(stream, "<stdin>", file=None, max_bytes=max_bytes)
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
    kind = kind_by_name(name)
    try:
        size = path.stat().st_size
        if kind in ("text", "html") and size > max_bytes:
            yield InputError(name, f"larger than the size limit ({size} > {max_bytes} bytes)")
            return
        if size == 0 and path.is_file():
            yield InputError(name, "empty file")
            return
        fh = open(path, "rb")
    except OSError as e:
        yield InputError(name, f"cannot read: {e.strerror or e}")
        return
    try:
        with fh:
            if kind == "zip":
                yield from _read_zip(fh, name, max_bytes)
            else:
                yield from read_stream(fh, name, file=name, max_bytes=max_bytes, kind=kind)
    except OSError as e:  # an I/O error half-way (a vanished network file)
        yield InputError(name, f"cannot read: {e.strerror or e}")
