"""Stories: near-duplicate articles, story threads, related-news links and events deduplicated across articles.

Everything is incremental: an article is linked once, when it is stored (`link_article`), against what the store
already holds; nothing is recomputed over the whole store per article.
"""
from .link import StoryLink, link_article
from .schema import STORY_TABLES

__all__ = ["StoryLink", "link_article", "STORY_TABLES"]
