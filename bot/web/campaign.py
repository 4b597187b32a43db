"""The campaign page, served by the Rasa server itself at /campaign/ (credentials.yml names this channel).

Routes:
- GET /campaign/                the page (bot/web/page.py)
- GET /campaign/config.json     what the chat needs: its words, the registry's contacts, the exit
- GET /campaign/assets/<name>   the page's scripts and stylesheet, from a fixed list (bot/web/assets.py)
- POST /campaign/forget         {"sender": ...}: deletes that conversation now. The chat sends it when the
                                visitor exits or starts again, so "cleared" means gone from the server too,
                                not only from the screen. The random id is the only key to a conversation.

Every answer carries headers that keep the page anonymous and self-contained: a Content-Security-Policy
that allows nothing from any other site, no referrer, and no caching, so the browser keeps no copy of
the page or its scripts (the safer choice for someone whose device may be looked at; they are small).
Rasa sets no cookies and neither does this. Cross-origin access (for the embedded widget) is granted by
Rasa's own CORS setting, limited to CAMPAIGN_ORIGINS (bot/cli.py).
"""
from __future__ import annotations

import mimetypes
from typing import Awaitable, Callable

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.safety.incoming import BadMessage, read_json, read_sender
from bot.safety.tracker_store import redacting_store
from bot.web.assets import served_files
from bot.web.content import default_chat_config
from bot.web.page import default_page

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

CONTENT_TYPES = {".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


class CampaignPage(InputChannel):
    """Not a way to send messages (the page talks to the REST channel): the page and its files."""

    @classmethod
    def name(cls) -> str:
        return "campaign"

    def url_prefix(self) -> str:
        return "/campaign"  # absolute: Rasa mounts it here rather than under /webhooks/

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        page = Blueprint("campaign_page", __name__)
        files = served_files()

        @page.route("/", methods=["GET"])
        async def campaign_page(_: Request) -> HTTPResponse:
            return response.raw(default_page(), content_type="text/html; charset=utf-8")

        @page.route("/config.json", methods=["GET"])
        async def config(_: Request) -> HTTPResponse:
            return response.json(default_chat_config())

        @page.route("/assets/<name>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            path = files.get(name)
            if path is None or not path.exists():
                return response.json({"error": "not found"}, status=404)
            content_type = CONTENT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "text/plain"
            return response.raw(path.read_bytes(), content_type=content_type)

        @page.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            # Sent by navigator.sendBeacon as text/plain (no preflight from an embedding site), so parse by hand.
            try:
                sender = read_sender(read_json(request.body))
            except BadMessage as problem:
                return response.json({"error": str(problem)}, status=400)
            store = redacting_store(request.app.ctx.agent.tracker_store)
            if store is not None:
                await store.forget(sender)
            return response.empty(status=204)

        @page.middleware("response")
        async def security_headers(_: Request, answer: HTTPResponse) -> None:
            answer.headers.update(SECURITY_HEADERS)

        return page

