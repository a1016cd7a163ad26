"""Stories over the whole news corpus: near-duplicate pairs, story threads, the clustering's time per 1,000
articles against the pipeline's, and samples of pairs to judge by reading.

    flock /tmp/khronika-heavy.lock .venv/bin/python bench/threads.py            # all 9,204 articles
    .venv/bin/python bench/threads.py -n 500 --pipeline-sample 5                # a quick look

The linking code is the real one (khronika.stories.link_article against an SQLite store, bands, DF table,
threads and all). What feeds it is cheaper than the pipeline, so all 9,204 articles fit in minutes: lemmas from
the store's lemmatiser (pymorphy forms, as full-text indexing makes them) and, in place of resolved actors, the
lemmas of capitalised words inside sentences (names). The corpus has no dates, so only the arrival window
applies (articles in file order). The pipeline's time per article is measured on a sample of the same corpus.
Samples of duplicate and same-thread pairs are written to --pairs for reading (text stays outside the project).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news-corpus" / "ru_kw_eval_datasets" / "data"
sys.path.insert(0, str(ROOT / "src"))

from khronika.store import open_store  # noqa: E402
from khronika.store.lemmas import get_lemmatizer  # noqa: E402
from khronika.stories import link_article  # noqa: E402

NEAR = 0.9  # duplicate pairs below this similarity are rewrites, not copies: sampled apart for reading
NAME = re.compile(r"(?<=[^.!?\n«\"]\s)[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")


def corpus(limit: int | None) -> list[tuple[str, int, dict]]:
    out = []
    for zpath in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for n, line in enumerate(zf.read(zf.namelist()[0]).decode("utf-8").split("\n"), 1):
                if line.strip():
                    out.append((zpath.name, n, json.loads(line)))
                    if limit and len(out) >= limit:
                        return out
    return out


def cheap_features(lem, title: str, text: str) -> tuple[str, list[str]]:
    lemmas = lem.index_text(f"{title}\n{text}")
    names = sorted({lem.lemmas(w)[0] for w in NAME.findall(text)})
    return lemmas, names


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=None, help="articles (default: all)")
    ap.add_argument("--pipeline-sample", type=int, default=20, help="articles run through the full pipeline")
    ap.add_argument("--pairs", default="/tmp/khronika-thread-pairs.txt", help="where sampled pairs are written")
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS}: not found (the news corpus sits beside the project in ../shared/data)")
        return 1
    items = corpus(args.n)
    lem = get_lemmatizer()
    t0 = time.perf_counter()
    feats = [cheap_features(lem, o.get("title") or "", o.get("content") or "") for _, _, o in items]
    t_lemmas = time.perf_counter() - t0

    db = Path(tempfile.mkdtemp()) / "threads.db"
    t_link = 0.0
    with open_store(db) as store:
        for i, ((zname, line, o), (lemmas, names)) in enumerate(zip(items, feats)):
            text = o.get("content") or ""
            rec = {"id": f"{zname}:{line}", "title": o.get("title"), "text": text, "related": [], "events": []}
            with store.write():
                (pk,) = store.one(
                    "INSERT INTO articles (id, url, title, text, content_hash, record, n_mentions, n_actors, "
                    "n_quotes, n_events, ingested_at) VALUES (?, ?, ?, ?, '', '{}', 0, 0, 0, 0, '') RETURNING pk",
                    (rec["id"], o.get("url"), rec["title"], text))
                s = time.perf_counter()
                link_article(store, pk, rec, lemmas, None, names)
                t_link += time.perf_counter() - s
        dups = store.all("SELECT a.id, d.id, s.similarity FROM story_articles s JOIN articles a ON a.pk = s.article "
                         "JOIN articles d ON d.pk = s.duplicate_of")
        n_threads = store.scalar("SELECT count(*) FROM threads")
        multi = store.all("SELECT n_articles FROM threads WHERE n_articles > 1")
        thread_pairs = store.all(
            "SELECT a.id, b.id FROM story_articles x JOIN story_articles y ON y.thread = x.thread AND y.seq > x.seq "
            "JOIN articles a ON a.pk = x.article JOIN articles b ON b.pk = y.article "
            "WHERE x.duplicate_of IS NULL AND y.duplicate_of IS NULL")
        biggest = store.all("SELECT title, n_articles FROM threads ORDER BY n_articles DESC LIMIT 5")
    by_id = {f"{z}:{n}": o for z, n, o in items}

    t_pipe = pipeline_time(items, args.pipeline_sample, args.seed)
    rng = random.Random(args.seed)
    dup_sample = rng.sample(dups, min(50, len(dups)))
    near = [d for d in dups if d[2] < NEAR]
    near_sample = rng.sample(near, min(25, len(near)))
    thr_sample = rng.sample(thread_pairs, min(50, len(thread_pairs)))
    with open(args.pairs, "w", encoding="utf-8") as fh:
        for kind, sample in (("DUPLICATE", dup_sample), ("NEAR", near_sample), ("THREAD", thr_sample)):
            for k, pair in enumerate(sample, 1):
                a, b = by_id[pair[0]], by_id[pair[1]]
                sim = f" sim={pair[2]:.2f}" if len(pair) > 2 else ""
                fh.write(f"=== {kind} {k} {pair[0]} ~ {pair[1]}{sim}\nA: {a['title']} <{a.get('url')}>\n"
                         f"   {a['content'][:400]!r}\nB: {b['title']} <{b.get('url')}>\n   {b['content'][:400]!r}\n\n")
    n = len(items)
    per_k_link = t_link / n * 1000
    per_k_lem = t_lemmas / n * 1000
    print(json.dumps({
        "articles": n, "duplicate_pairs": len(dups), "articles_with_duplicate": len({d[0] for d in dups}),
        f"duplicate_pairs_below_{NEAR}": len(near),
        "threads": n_threads, "threads_of_several": len(multi),
        "articles_in_threads_of_several": sum(r[0] for r in multi), "same_thread_pairs": len(thread_pairs),
        "biggest_threads": [list(r) for r in biggest],
        "link_seconds_per_1000": round(per_k_link, 2), "cheap_lemmas_seconds_per_1000": round(per_k_lem, 2),
        "pipeline_seconds_per_1000": round(t_pipe * 1000, 1) if t_pipe else None,
        "link_share_of_pipeline": round(per_k_link / (t_pipe * 1000), 4) if t_pipe else None,
        "pairs_file": args.pairs,
    }, ensure_ascii=False, indent=1))
    return 0


def pipeline_time(items, k: int, seed: int) -> float | None:
    """Seconds per article of the full pipeline (Processor.process) on k sampled corpus articles, after a
    warm-up article (model loading is not counted)."""
    if k <= 0:
        return None
    from khronika.pipeline import Processor
    from khronika.reading.jsonl import article_from_object
    proc = Processor()
    sample = random.Random(seed).sample(items, k + 1)
    arts = [article_from_object({"title": o.get("title"), "content": o.get("content"), "url": o.get("url")})
            for _, _, o in sample]
    proc.process(arts[0])
    t = time.perf_counter()
    for a in arts[1:]:
        proc.process(a)
    return (time.perf_counter() - t) / k


if __name__ == "__main__":
    sys.exit(main())
