"""Lemma TF-IDF vectors of articles and threads, kept small (the top terms) so comparing them is cheap."""
from __future__ import annotations

import math
from collections import Counter

TOP_TERMS = 40     # per article
CENTROID_TERMS = 80  # per thread


def lemma_counts(lemmas: str) -> Counter:
    """Counts of the content lemmas of an article's lemma string (the store's full-text lemmas): words of at
    least 3 letters; function words are left to the IDF, which makes them weigh nothing."""
    return Counter(w for w in lemmas.split() if len(w) >= 3 and w.isalpha())


def tfidf(counts: Counter, df: dict[str, int], n_docs: int, top: int = TOP_TERMS) -> dict[str, float]:
    weights = {}
    for term, tf in counts.items():
        idf = math.log((n_docs + 1) / (df.get(term, 0) + 1))
        if idf > 0:
            weights[term] = (1 + math.log(tf)) * idf
    return normalised(weights, top)


def normalised(weights: dict[str, float], top: int) -> dict[str, float]:
    kept = sorted(weights.items(), key=lambda kv: -kv[1])[:top]
    norm = math.sqrt(sum(w * w for _, w in kept)) or 1.0
    return {t: round(w / norm, 5) for t, w in kept}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def merge(centroid: dict[str, float], n: int, vector: dict[str, float]) -> dict[str, float]:
    """The running mean of a thread's article vectors (renormalised, top terms kept)."""
    out = {t: w * n for t, w in centroid.items()}
    for t, w in vector.items():
        out[t] = out.get(t, 0.0) + w
    return normalised(out, CENTROID_TERMS)
