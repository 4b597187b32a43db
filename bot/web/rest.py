"""Rasa's REST channel, with every request checked before the assistant sees it.

Mounted at /webhooks/rest/webhook in place of Rasa's own (credentials.yml), with the same request
and reply: POST {"sender": "<random id>", "message": "<text>"} -> [{"recipient_id", "text", "buttons"}].

Differences, all for safety:
- A body that is not JSON, or lacks a proper sender or message, gets a 400 with a JSON error that
  says what to send (Rasa's own gave a 500, or answered a conversation called "default").
- The message is cleaned first (bot/safety/incoming.py): control characters, `/intent{...}`
  injections and over-long messages (read in full for a crisis in a worker thread, so that a long paste
  never holds up another visitor's message).
- What the request carries is kept out of every log line written while it is answered (note_typed).
- Client metadata is not accepted, so nothing but the cleaned text is stored.
- A conversation sending faster than any person could (bot/safety/rate_limit.py) gets a 429 with
  content/safety.yml's `too_fast_reply` (it still names the emergency numbers) and Retry-After. A child
  in danger, suicide or a child's disclosure is never held back: it gets its own answer at once, made
  without the classifier and stored nowhere, so a flood of them costs next to nothing.
- If the assistant fails while answering, the visitor still gets a reply with the emergency
  numbers (content/safety.yml's `failure_reply`), never an empty list or a 500.
"""
from __future__ import annotations

import asyncio
import logging
import math
from functools import lru_cache
from typing import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.safety import typed
from bot.safety.detector import default_detector
from bot.safety.incoming import (BadMessage, checked, cut_to_length, failure_reply, is_long, read_json, read_request,
                                 too_fast_reply)
from bot.safety.rate_limit import ConversationRateLimit

logger = logging.getLogger(__name__)


class CheckedRestInput(RestInput):
    """The REST channel visitors' and testers' messages arrive by."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"checked_rest_{id(self)}", __name__)

        @webhook.listener("before_server_start")
        async def note_what_is_typed(app: Sanic, _: object) -> None:
            app.register_middleware(note_typed, "request")  # every route of the server, Rasa's API too

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                incoming = read_request(read_json(request.body))
                text = checked(incoming.text, _intents(request))
                if is_long(text):  # read in full off the event loop: other visitors are answered meanwhile
                    text = await asyncio.to_thread(cut_to_length, text, default_detector())
                typed.note(text)  # as cleaned and cut for the classifier, which may log it so
            except BadMessage as problem:
                return response.json({"error": str(problem)}, status=400)
            if not rate_limit().allow(incoming.sender):
                return await too_fast(request, incoming.sender, text)
            return response.json(await answer(on_new_message, incoming.sender, text))

        return webhook


async def note_typed(request: Request) -> None:
    """Request middleware: what this request carries from a visitor is kept out of every log line written while
    it is answered (bot/safety/typed.py)."""
    if request.method == "POST":
        typed.note_body(request.body, request.headers.get("Content-Encoding"))


async def answer(on_new_message: Callable[[UserMessage], Awaitable[None]], sender: str, text: str) -> list[dict]:
    """The assistant's replies to one message, or the failure reply if it could not give any."""
    collector = CollectingOutputChannel()
    try:
        await on_new_message(UserMessage(text, collector, sender, input_channel=CheckedRestInput.name()))
    except Exception:  # noqa: BLE001 - the visitor must get an answer whatever went wrong
        logger.exception("The assistant failed while answering a message")  # no text: logs are scrubbed anyway
    return collector.messages or [{"recipient_id": sender, "text": failure_reply()}]


@lru_cache(maxsize=1)
def rate_limit() -> ConversationRateLimit:
    """This worker's table of how fast each conversation is sending."""
    return ConversationRateLimit(settings.RATE_LIMIT_BURST, settings.RATE_LIMIT_SECONDS_PER_MESSAGE,
                                 settings.RATE_LIMIT_CONVERSATIONS)


async def too_fast(request: Request, sender: str, text: str) -> HTTPResponse:
    """For a message over the rate limit: its own answer if it is never held back, else a 429 with
    too_fast_reply (which the page shows like any other reply) and when to try again."""
    urgent = default_detector().never_held_back(text)
    agent = getattr(request.app.ctx, "agent", None)
    if urgent and agent is not None:
        tracker = DialogueStateTracker(sender, [])  # a fresh one, saved nowhere
        reply = await agent.nlg.generate(f"utter_{urgent}", tracker, CheckedRestInput.name())
        if reply:
            shown = {key: reply[key] for key in ("text", "buttons") if reply.get(key)}
            return response.json([{"recipient_id": sender, **shown}])
    wait = max(1, math.ceil(rate_limit().seconds_until_allowed(sender)))
    return response.json([{"recipient_id": sender, "text": too_fast_reply()}], status=429,
                         headers={"Retry-After": str(wait)})


def _intents(request: Request) -> list[str]:
    """The domain's intents (what a button may send), or none while the model is still loading."""
    domain = getattr(getattr(request.app.ctx, "agent", None), "domain", None)
    return list(getattr(domain, "intents", None) or [])
