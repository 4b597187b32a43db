"""Cleans what a visitor typed before Rasa reads it, so that no input can break or steer the assistant.

- Control characters and invisible direction overrides are removed; the rest of Unicode (emoji,
  right-to-left scripts) is kept as typed.
- Rasa treats a message starting with `/` as a command (`/intent{"entity": ...}`). The chat's buttons
  send `/<intent>`, so exactly that is let through; any other leading `/` is dropped and the words
  are read as words.
- A message longer than MAX_MESSAGE_CHARS is read up to that length, so one paste cannot tie the
  server up (20,000 characters took 8 s to classify). The safety detector still reads all of it
  first: a crisis at the end of a long message is never cut off. The channel does that reading in a
  worker thread (bot/web/rest.py), so that no paste holds up the other visitors' messages.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Collection, Mapping

import yaml

from bot.safety.detector import Detector
from bot.services import default_registry, fill
from bot.settings import MAX_MESSAGE_CHARS, SAFETY_PATH

_BUTTON_PAYLOAD = re.compile(r"^/([a-z_]+)$")
_SENDER = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
_KEEP_FORMAT_CHARACTERS = {"\u200c", "\u200d"}  # joiners, needed by emoji sequences and some scripts


class BadMessage(ValueError):
    """The request cannot be answered; the text says why, for the 400 response."""


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str


def read_request(body: Any) -> Incoming:
    """Checks a channel request's `{"sender": ..., "message": ...}`; raises BadMessage if unusable."""
    if not isinstance(body, Mapping):
        raise BadMessage('send a JSON object: {"sender": "<random id>", "message": "<text>"}')
    sender, message = read_sender(body), body.get("message")
    if not isinstance(message, str):
        raise BadMessage("`message` must be text")
    return Incoming(sender=sender, text=message)


def read_json(body: bytes) -> Any:
    """A request's body as JSON; raises BadMessage (a 400 that says what to send) if it is not JSON."""
    try:
        return json.loads(body or b"")
    except ValueError:
        raise BadMessage('the body must be JSON: {"sender": "<random id>", "message": "<text>"}') from None


def read_sender(body: Any) -> str:
    """The conversation id in a request, which must be a random id, never a name or an email address."""
    sender = body.get("sender") if isinstance(body, Mapping) else None
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise BadMessage("`sender` must be a random id of 1-100 letters, digits, '-', '_', '.' or ':'")
    return sender


def clean(text: str) -> str:
    """`text` without control or invisible formatting characters, and without surrounding space."""
    text = unicodedata.normalize("NFC", text)
    kept = (char for char in text
            if char in "\n\t" or char in _KEEP_FORMAT_CHARACTERS or unicodedata.category(char) not in ("Cc", "Cf", "Cs"))
    return "".join(kept).strip()


def prepare(text: str, intents: Collection[str], detector: Detector) -> str:
    """The text Rasa should read for what a visitor typed. Raises BadMessage for an empty message."""
    return cut_to_length(checked(text, intents), detector)


def checked(text: str, intents: Collection[str]) -> str:
    """`text` cleaned, a button's payload as it is, any other leading `/` dropped. Raises BadMessage if empty."""
    text = clean(text)
    payload = _BUTTON_PAYLOAD.match(text)
    if payload and payload.group(1) in intents:
        return text
    text = text.lstrip("/").strip()
    if not text:
        raise BadMessage("`message` is empty")
    return text


def is_long(text: str) -> bool:
    """Whether the classifier reads only the start of `text` (and the safety check reads all of it first)."""
    return len(text) > MAX_MESSAGE_CHARS


def cut_to_length(text: str, detector: Detector) -> str:
    """`text` up to the length the classifier reads; but first the safety check reads all of it, so that a crisis
    at the end of a long paste is answered as a crisis (as its route's button would be)."""
    if not is_long(text):
        return text
    detection = detector.detect(text)
    if detection is not None:
        return f"/{detection.answer}"
    return text[:MAX_MESSAGE_CHARS].rsplit(" ", 1)[0]


def failure_reply() -> str:
    """What a visitor sees if the assistant fails while answering: still a way to help, never nothing."""
    return _safety_message("failure_reply")


def too_fast_reply() -> str:
    """What a conversation sending faster than a person could is told instead of an answer."""
    return _safety_message("too_fast_reply")


@lru_cache(maxsize=None)
def _safety_message(key: str) -> str:
    raw = yaml.safe_load(SAFETY_PATH.read_text(encoding="utf-8")) or {}
    return fill(str(raw[key]), default_registry().placeholders())
