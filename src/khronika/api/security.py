"""Headers on every answer that keep article text inert in a browser: scripts only from this server's own
files (an article's `<script>` or `onclick=` can never run, even if escaping were ever missed), no framing,
no MIME sniffing. A plain ASGI middleware: cheaper per request than BaseHTTPMiddleware."""
from __future__ import annotations

# Styles may be inline (bar widths, cytoscape's own element styles): CSS cannot run script.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The OpenAPI page (/docs) is FastAPI's, with one inline script that starts the vendored Swagger UI.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (DOCS_CSP if scope["path"] in ("/docs", "/docs/oauth2-redirect") else PAGE_CSP).encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", csp), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
