"""POST /api/articles: analyse new articles and store them (the token, a size limit, one article's trouble
never stopping the rest). The body is a page scrape (text/plain, like the .txt inputs), an HTML page
(text/html) or JSONL (application/x-ndjson, application/jsonl or application/json: one object per line)."""
from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request, Security
from fastapi.security import HTTPBearer
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ..reading import Article, InputError, read_bytes
from ..record import record_id
from ..store import StoreError, has_article, load_roles, save_batch
from .auth import require_token
from .errors import ApiError

router = APIRouter(prefix="/api")
# declares the Bearer scheme in the OpenAPI document (/docs has an Authorize button); the check itself is
# require_token's, which also accepts X-Khronika-Token
bearer = HTTPBearer(auto_error=False, description="The token given to `khronika serve --token` or $KHRONIKA_API_TOKEN")
BODY_DOC = {"requestBody": {"required": True, "content": {
    "text/plain": {"schema": {"type": "string"}, "example": "Заголовок\n\nТекст статьи…"},
    "text/html": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"},
                             "example": '{"title": "Заголовок", "text": "Текст статьи…", "published_at": "2025-12-31"}'}}}}

KINDS = {"text/plain": "txt", "text/html": "html", "application/xhtml+xml": "html",
         "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/jsonlines": "jsonl",
         "application/json": "jsonl", "application/x-jsonlines": "jsonl"}


class Analysis:
    """The NLP for posted articles: loaded at the first POST (about a second and 300 MB), then reused;
    one article at a time (the models are not shared between threads)."""

    def __init__(self):
        self._analyst = None
        self._lock = threading.Lock()

    def run(self, stores, articles: list[Article]) -> dict[str, Any]:
        from ..ingest import Analyst, where_of
        out: dict[str, Any] = {"stored": 0, "already": 0, "failed": [], "articles": []}
        with self._lock:
            store = stores.writer()
            try:
                for article in articles:
                    rid = record_id(article.text)
                    entry = {"id": rid, "title": article.title, "url": f"/api/articles/{rid}",
                             "page": f"/article/{rid}"}
                    if has_article(store, rid):
                        out["already"] += 1
                        out["articles"].append({**entry, "new": False})
                        continue
                    if self._analyst is None:  # the models load only when something new is to be analysed
                        self._analyst = Analyst(load_roles(store)[0])
                    try:
                        prepared = self._analyst(article)
                    except Exception as e:  # one article the analysis trips on is reported, the rest go on
                        out["failed"].append({"input": where_of(article),
                                              "reason": f"analysis failed: {type(e).__name__}: {e}"})
                        continue
                    [new] = save_batch(store, [prepared])
                    out["stored" if new else "already"] += 1
                    out["articles"].append({**entry, "new": new, "events": len(prepared.record["events"]),
                                            "quotes": len(prepared.record["quotes"])})
            finally:
                store.close()
                stores.changed()
        return out


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refusing anything larger than `limit` bytes before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise ApiError(413, f"the body is {int(declared)} bytes; the limit is {limit}")
        except ValueError:
            raise ApiError(400, f"Content-Length {declared[:40]!r} is not a number") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/articles", tags=["articles"], status_code=201,
             summary="Analyse and store articles (needs the API token)",
             description="Body: a page scrape (`text/plain`), an HTML page (`text/html`) or JSONL "
                         "(`application/x-ndjson`; one object per line with `text` or `html`, optional `title`, "
                         "`url`, `published_at`, `site`). Header: `Authorization: Bearer <token>`. "
                         "201 when something new was stored, 200 when all of it was already there.",
             responses={401: {"description": "no token sent"}, 403: {"description": "wrong token"},
                        413: {"description": "body or article count over the limit"},
                        415: {"description": "unsupported Content-Type"},
                        422: {"description": "nothing in the body could be read or analysed"},
                        503: {"description": "posting is disabled (no token configured) or the database is busy"}},
             openapi_extra=BODY_DOC)
async def post_articles(request: Request, _credentials=Security(bearer)):
    settings = request.app.state.settings
    require_token(request, settings.token)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and ctype not in KINDS:
        raise ApiError(415, f"Content-Type {ctype!r} is not accepted; send text/plain (a page scrape), "
                            f"text/html or application/x-ndjson (JSONL)")
    body = await read_limited(request, settings.max_body)
    if not body.strip():
        raise ApiError(400, "the body is empty: send the article's text, HTML or JSONL lines")
    name = f"request.{KINDS[ctype]}" if ctype else "request"
    articles: list[Article] = []
    failed: list[dict] = []
    for item in read_bytes(body, name, max_bytes=settings.max_body):
        if isinstance(item, InputError):
            failed.append({"input": item.where, "reason": item.reason})
        else:
            articles.append(item)
        if len(articles) > settings.max_articles:
            raise ApiError(413, f"more than {settings.max_articles} articles in one request; send them in parts")
    if not articles:
        reason = failed[0]["reason"] if failed else "no article found"
        raise ApiError(422, f"nothing could be read from the body: {reason}")
    try:
        out = await run_in_threadpool(request.app.state.analysis.run, request.app.state.stores, articles)
    except StoreError as e:
        raise ApiError(503, str(e)) from None
    out["failed"] = failed + out["failed"]
    status = 201 if out["stored"] else (200 if out["already"] else 422)
    return JSONResponse(out, status_code=status)
