"""Near-duplicate fingerprints: MinHash over character shingles of the normalised text, banded for LSH.

Character 7-grams survive what a rewrite does to a reprint: reordered sentences change only the shingles at
sentence joins, a replaced word only the few shingles over it. The signature estimates the Jaccard similarity
of two texts' shingle sets; banding (BANDS x ROWS) makes pairs above ~0.4 collide in at least one band.
"""
from __future__ import annotations

import base64
import hashlib
import re
import zlib

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS, ROWS = 32, 4
SHINGLE = 7  # 5-grams left two different articles on one topic (one quoting half the other) at 0.53
SEED = 1  # fixed, with the scheme, so signatures stored by one process compare with those of another
SCHEME = "affine32"  # datasketch >= 2: 32-bit values, no collision bias on long texts
_NON_WORD = re.compile(r"[\W_]+")
# A text shorter than this (normalised) is not tested for reprints: what two such texts share is mostly
# boilerplate (a "banned organisation" footnote, a "follow us on Telegram" footer, a video player's instructions).
MIN_CHARS = 600


def normalise(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower().replace("ё", "е")).strip()


def shingles(text: str) -> set[bytes]:
    t = normalise(text)
    if len(t) < SHINGLE:
        return {t.encode("utf-8")} if t else set()
    return {t[i:i + SHINGLE].encode("utf-8") for i in range(len(t) - SHINGLE + 1)}


# CRC-32 of a shingle as its 32-bit hash: C speed; the affine32 scheme mixes it (murmur finaliser) before permuting
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=zlib.crc32)  # the permutations, built once


def signature(text: str) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=zlib.crc32,
                permutations=_TEMPLATE.permutations)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint32)


def long_enough(text: str) -> bool:
    return len(normalise(text)) >= MIN_CHARS


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def band_keys(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, a signed 63-bit hash of the band's rows): SQL integer keys of the LSH buckets."""
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "big") >> 1))
    return out


def encode(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").copy()
