"""Pagination: every list answers with its total, the window asked for, and links to the next and
previous windows (limit/offset; the totals make page counts possible)."""
from __future__ import annotations

from fastapi import Query, Request

MAX_LIMIT = 1000


class Page:
    """The `limit` and `offset` query parameters, checked by FastAPI (422 with a one-line reason)."""

    def __init__(self, limit: int = Query(20, ge=1, le=MAX_LIMIT, description="Items per page (1..1000)."),
                 offset: int = Query(0, ge=0, le=10_000_000, description="Items to skip.")):
        self.limit = limit
        self.offset = offset

    def wrap(self, request: Request, result: dict, total_key: str = "total") -> dict:
        """`result` with limit, offset and next/prev links added beside its total and items."""
        total = result.get(total_key) or 0
        out = dict(result)
        out["limit"] = self.limit
        out["offset"] = self.offset
        nxt = self.offset + self.limit
        out["next"] = str(request.url.include_query_params(offset=nxt)) if nxt < total else None
        out["prev"] = (str(request.url.include_query_params(offset=max(0, self.offset - self.limit)))
                       if self.offset > 0 else None)
        return out
