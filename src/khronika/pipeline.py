"""Article -> Record: the language layer once, then each stage in turn over one shared Doc."""
from __future__ import annotations

from typing import Callable, Iterable

from .doc import Doc
from .language import Language, get_language
from .reading.article import Article
from .record import Mention, Record, record_id

Stage = Callable[[Doc], None]


def mentions_stage(doc: Doc) -> None:
    """NER spans -> record mentions with their normal (nominative) forms."""
    doc.record.mentions = [
        Mention(id=f"m{i}", start=s.start, end=s.end, text=s.text, type=s.type, normal=s.normal)
        for i, s in enumerate(doc.analysis.spans, 1)
    ]


def default_stages(registry=None) -> list[Stage]:
    """mentions -> actors -> quotes -> events; `registry` carries roles learned in earlier articles."""
    from .actors import ActorStage
    from .events import find_events
    from .quotes import find_quotes
    return [mentions_stage, ActorStage(registry), find_quotes, find_events]


class Processor:
    """Holds the models and stages; build one per process and call it for every article."""

    def __init__(self, language: Language | None = None, stages: Iterable[Stage] | None = None,
                 registry=None):
        self.language = language or get_language()
        self.stages = list(stages) if stages is not None else default_stages(registry)

    def process(self, article: Article) -> Record:
        return self.process_doc(article).record

    def process_doc(self, article: Article) -> Doc:
        record = Record(
            id=record_id(article.text), text=article.text, source=article.source,
            published_at=article.published_at, title=article.title, lead=article.lead,
            photo_credit=article.photo_credit, paragraphs=[list(p) for p in article.paragraphs],
            related=list(article.related),
        )
        doc = Doc(article, self.language.analyse(article.text), record)
        for stage in self.stages:
            stage(doc)
        return doc
