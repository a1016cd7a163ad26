"""The FastAPI application: JSON API under /api (OpenAPI at /docs), web pages at /, static files at /static."""
from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..store import default_db
from . import errors
from .auth import configured_token
from .security import SecurityHeaders
from .stores import Stores
from .submit import Analysis

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes in one POST
DEFAULT_MAX_ARTICLES = 100  # articles in one POST


@dataclass
class Settings:
    db: str
    token: str | None = None  # None: POST /api/articles is disabled
    max_body: int = DEFAULT_MAX_BODY
    max_articles: int = DEFAULT_MAX_ARTICLES


def create_app(db: str | None = None, token: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               max_articles: int = DEFAULT_MAX_ARTICLES) -> FastAPI:
    """The app over database `db` (default $KHRONIKA_DB or var/khronika.db). `token`: the write token
    (default $KHRONIKA_API_TOKEN; none -> posting disabled). Raises ValueError for a too-short token."""
    settings = Settings(db=db or default_db(), token=configured_token(token), max_body=max_body,
                        max_articles=max_articles)
    stores = Stores(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        stores.close()

    app = FastAPI(title="khronika", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who said and did what to whom, and when: articles, actors, quotes and PLOVER "
                              "events found in Russian-language political news. Every list takes `limit` and "
                              "`offset` and answers with its `total`. Errors are `{\"error\": \"...\"}`.")
    app.state.settings = settings
    app.state.stores = stores
    app.state.analysis = Analysis()
    errors.install(app)

    from ..web.pages import router as pages_router
    from .routes import router as api_router
    from .submit import router as submit_router
    app.include_router(api_router)
    app.include_router(submit_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs():
        # Swagger UI from the vendored copy: the page works offline
        return get_swagger_ui_html(openapi_url="/openapi.json", title="khronika API",
                                   swagger_js_url="/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui-5.35.0/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    app.add_middleware(SecurityHeaders)
    return app
