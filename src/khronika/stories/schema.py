"""The stories tables (added to the store by its migration 5)."""
from __future__ import annotations

STORY_TABLES = [
    # one row per stored article: its MinHash signature, its lemma TF-IDF vector, its thread and the earlier
    # article it reprints; `seq` is the arrival order that bounds the thread window when dates are missing
    """CREATE TABLE story_articles (
        article {ref} PRIMARY KEY, seq INTEGER NOT NULL, day TEXT, title_key TEXT,
        signature TEXT NOT NULL, vector TEXT NOT NULL, actors TEXT NOT NULL,
        thread {ref}, duplicate_of {ref}, similarity {real})""",
    "CREATE UNIQUE INDEX story_articles_seq ON story_articles(seq)",
    "CREATE INDEX story_articles_thread ON story_articles(thread)",
    "CREATE INDEX story_articles_title ON story_articles(title_key)",
    "CREATE INDEX story_articles_dup ON story_articles(duplicate_of)",
    # LSH buckets of the signatures: a new article's candidates are the articles sharing one band
    """CREATE TABLE story_bands (band INTEGER NOT NULL, hash {ref} NOT NULL, article {ref} NOT NULL)""",
    "CREATE INDEX story_bands_hash ON story_bands(hash)",  # a band's hash is all but unique across bands
    # document frequencies of lemmas for the IDF part of TF-IDF, grown article by article
    "CREATE TABLE story_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL)",
    """CREATE TABLE threads (
        pk {pk}, title TEXT, first_article {ref}, first_day TEXT, last_day TEXT, last_seq INTEGER NOT NULL,
        n_articles INTEGER NOT NULL, centroid TEXT NOT NULL, actors TEXT NOT NULL)""",
    "CREATE INDEX threads_last ON threads(last_seq)",
    # the related block ("Новости по теме") resolved to stored articles by headline, in both arrival orders
    """CREATE TABLE related_links (
        article {ref} NOT NULL, position INTEGER NOT NULL, title_key TEXT NOT NULL, target {ref},
        PRIMARY KEY (article, position))""",
    "CREATE INDEX related_links_title ON related_links(title_key)",
    # an event reported by several articles: every event row points at the first report of it (itself if new)
    "CREATE TABLE event_groups (event {ref} PRIMARY KEY, canonical {ref} NOT NULL)",
    "CREATE INDEX event_groups_canonical ON event_groups(canonical)",
]
