"""What every answer passes through, as plain ASGI (cheaper than one task per request): a body above the
limit refused before it is read, the request's language, security headers, and a ``?lang=`` remembered."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n.catalog import use_language

LANGUAGE_COOKIE = "vpt_lang"
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def language(request: Request) -> str:
    """Dutch unless asked otherwise: ``?lang=en`` (or its cookie), or a browser whose first language is English."""
    asked = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE) or ""
    if asked in ("nl", "en"):
        return asked
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "nl"


class Guard:
    """The server's outer layer; ``too_large(scope, receive, send)`` answers a body above ``limit``."""

    def __init__(self, app: ASGIApp, limit: int, too_large: Any) -> None:
        self.app, self.limit, self.too_large = app, limit, too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await self.too_large(scope, receive, send)
            return
        lang = language(request)
        page = not scope["path"].startswith(("/api/", "/static/"))
        asked = request.query_params.get("lang")
        remember = page and asked in ("nl", "en") and request.cookies.get(LANGUAGE_COOKIE) != asked
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [pair for pair in SECURITY_HEADERS if pair[0] not in present]
                if https and HSTS[0] not in present:
                    headers.append(HSTS)
                if remember:
                    cookie = f"{LANGUAGE_COOKIE}={asked}; Max-Age={365 * 24 * 3600}; Path=/; HttpOnly; SameSite=lax"
                    headers.append((b"set-cookie", (cookie + ("; Secure" if https else "")).encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        with use_language(lang):
            await self.app(scope, receive, send_with_headers)
