"""The write token: POST /api/articles is allowed only with the token the server was given (serve --token or
KHRONIKA_API_TOKEN). No token configured means writing is off; there is no default that works."""
from __future__ import annotations

import hmac
import os

from fastapi import Request

from .errors import ApiError

TOKEN_ENV = "KHRONIKA_API_TOKEN"
MIN_TOKEN_LENGTH = 8


def configured_token(explicit: str | None = None) -> str | None:
    """The token from `serve --token`, else from the environment; an empty value counts as none."""
    token = explicit if explicit is not None else os.environ.get(TOKEN_ENV)
    token = (token or "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(f"the API token is too short ({len(token)} characters; use at least {MIN_TOKEN_LENGTH})")
    return token


def presented_token(request: Request) -> str | None:
    """`Authorization: Bearer TOKEN` or `X-Khronika-Token: TOKEN`."""
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-khronika-token") or None


def require_token(request: Request, token: str | None) -> None:
    if token is None:
        raise ApiError(503, "posting articles is disabled: this server has no API token configured "
                            f"(start it with `khronika serve --token ...` or set {TOKEN_ENV})")
    given = presented_token(request)
    if given is None:
        raise ApiError(401, "an API token is required: send `Authorization: Bearer <token>`",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise ApiError(403, "the API token is not valid for this server")
