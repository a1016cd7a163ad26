"""Bytes -> text: BOMs first, then UTF-8, UTF-16 without BOM, then charset-normalizer among the
encodings Russian sites use (cp1251, koi8-r, ...)."""
from __future__ import annotations

import codecs

BOMS = [  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
CYRILLIC_ENCODINGS = ["cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic"]


class NotText(ValueError):
    pass


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return "\x00" not in text and printable / len(text) > 0.97


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes of unknown encoding; raise NotText for binary data."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM: every other byte of ASCII is NUL
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise NotText("binary data, not text")
    from charset_normalizer import from_bytes
    best = from_bytes(data, cp_isolation=CYRILLIC_ENCODINGS).best() or from_bytes(data).best()
    if best is None or not _looks_like_text(str(best)):
        raise NotText("not text in any known encoding")
    return str(best)
