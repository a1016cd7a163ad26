"""Bytes -> text. In order: a BOM; valid UTF-8; the charset the page declares (meta/XML); UTF-16 without a
BOM; then charset-normalizer among the encodings Russian sites use (cp1251, koi8-r, ...). Binary files are
recognised by their magic numbers or by the text they decode to."""
from __future__ import annotations

import codecs
import re

BOMS = [  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
CYRILLIC_ENCODINGS = ["cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic"]

# Formats people feed by mistake, named in the error so the reason is clear.
MAGIC = [
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office file"),
    (b"\xfd7zXZ\x00", "xz-compressed data"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"), (b"SQLite format 3\x00", "an SQLite database"),
]
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.-]+)""",
    re.I,
)


class NotText(ValueError):
    pass


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def binary_kind(data: bytes) -> str | None:
    """'a PDF document' for the formats in MAGIC, None otherwise."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares (<meta charset>, http-equiv, <?xml encoding?>), if Python knows it."""
    m = _DECLARED.search(data[:8192])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
    return "\x00" not in sample and printable / len(sample) > 0.97


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM: ASCII leaves NUL in every other byte, Cyrillic leaves 0x04 there."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for enc, high in (("utf-16-le", odd), ("utf-16-be", even)):
        if sum(1 for b in high if b in (0, 4)) / len(high) > 0.9:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes of unknown encoding; raise NotText for binary data."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(enc, errors="replace")
            if not _looks_like_text(text):
                raise NotText(f"binary data after a {enc} byte-order mark")
            return text
    what = binary_kind(data) or ("a zip archive" if is_zip(data) else None)
    if what:
        raise NotText(f"binary data ({what}), not text")
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text
    except UnicodeDecodeError:
        pass
    # a page saved in its declared charset (cp1251 pages with <meta charset=windows-1251>); valid UTF-8 wins
    # over the declaration because scrapers often re-save pages as UTF-8 without touching the meta tag
    declared = declared or declared_charset(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(declared)
            if _looks_like_text(text):
                return text
        except UnicodeDecodeError:
            pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    if b"\x00" in data[:4096]:
        raise NotText("binary data, not text")
    from charset_normalizer import from_bytes
    best = from_bytes(data, cp_isolation=CYRILLIC_ENCODINGS).best() or from_bytes(data).best()
    if best is None or not _looks_like_text(str(best)):
        raise NotText("not text in any known encoding")
    return str(best)
