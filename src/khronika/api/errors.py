"""Errors as clear 4xx/5xx answers: JSON `{"error": "..."}` under /api, an HTML page elsewhere."""
from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import NotAStore, QueryError, StoreBusy, StoreError


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def validation_message(exc: RequestValidationError) -> str:
    """FastAPI's list of problems as one line: "limit: Input should be less than or equal to 1000"."""
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "header"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.startswith("/openapi")


def answer(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
    from ..web.pages import error_page
    return error_page(request, status, message, headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return answer(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError):
        # the store names the CLI's options (--since); over HTTP they are query parameters (since)
        message = re.sub(r"--(since|until)\b", r"\1", str(exc))
        return answer(request, 404 if message.startswith("no ") else 400, message)

    @app.exception_handler(StoreBusy)
    async def _busy(request: Request, exc: StoreBusy):
        return answer(request, 503, str(exc), {"Retry-After": "2"})

    @app.exception_handler(NotAStore)
    async def _not_store(request: Request, exc: NotAStore):
        return answer(request, 503, str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        return answer(request, 503, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return answer(request, 422, validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing here: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return answer(request, exc.status_code, message, getattr(exc, "headers", None))
