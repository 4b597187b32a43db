"""What the visitor typed in the message being answered now, so that no log line can repeat it.

Rasa logs what it receives and what it understood (at DEBUG: the text, the parse data, the states its
policies read), and an exception's message can quote it. Patterns cannot find every name or street in
those lines (bot/redaction.py stays as a second net), but the words themselves are known while the
message is answered: the server's request middleware and the REST channel note them here, for the request
alone (a context variable: each request, and each task it starts, sees only its own). Log scrubbing
(bot/safety/log_scrubbing.py) then takes them out of every line written while the request is answered:

- the whole text, as typed, as JSON writes it and as Python's repr() writes it, becomes
  `[typed: N characters]`;
- and so does any run of RUN_WORDS of its words, in order, however the line quotes or escapes them.
"""
from __future__ import annotations

import json
import re
import zlib
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Mapping, Optional

RUN_WORDS = 3  # three words in a row from the message are taken out; fewer are too common to be telling
_WORD = re.compile(r"\w+")
_TYPED: ContextVar[tuple[str, ...]] = ContextVar("typed", default=())


def note(*texts: str) -> None:
    """Notes texts a visitor typed, for the rest of the current request (or task)."""
    new = tuple(text for text in texts if isinstance(text, str) and text.strip() and text not in _TYPED.get())
    if new:
        _TYPED.set(_TYPED.get() + new)


def note_body(body: bytes, content_encoding: Optional[str] = None) -> None:
    """Notes what a request's raw body carries: the parsed JSON (inflated first if the request says it is
    deflated, as rasa-sdk reads action calls), or, if it is not JSON, the whole body as sent."""
    if not body:
        return
    try:
        note_request(json.loads(zlib.decompress(body) if content_encoding == "deflate" else body))
    except (ValueError, zlib.error):
        note(body.decode("utf-8", errors="replace"))


def note_request(body: Any) -> None:
    """Notes what a request to the Rasa server or the action server carries from a visitor.

    The REST channel sends `message`; Rasa's HTTP API `text`; the action server receives the conversation
    (`tracker`), whose messages carry `text` (only the one being answered: the store keeps no words).
    """
    if not isinstance(body, Mapping):
        return
    note(*(body.get(key) for key in ("message", "text")))
    tracker = body.get("tracker")
    if isinstance(tracker, Mapping):
        latest = tracker.get("latest_message")
        events = [event for event in tracker.get("events") or [] if isinstance(event, Mapping)]
        note(*[(latest or {}).get("text") if isinstance(latest, Mapping) else None,
               *(event.get("text") for event in events if event.get("event") == "user")])


def scrub(line: str) -> str:
    """`line` without what is being typed now: each text whole, then any run of RUN_WORDS of its words."""
    texts = _TYPED.get()
    if not texts:
        return line
    for text in sorted(texts, key=len, reverse=True):
        for form in _forms(text):
            line = line.replace(form, f"[typed: {len(text)} characters]")
    return _without_runs(line, _runs(texts))


@lru_cache(maxsize=64)  # one request's texts are scrubbed from each of its lines
def _forms(text: str) -> list[str]:
    """The ways a log line writes a text: as it is, JSON-escaped (ASCII or not), and repr()'d, without quotes."""
    forms = {text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1], repr(text)[1:-1]}
    return sorted((form for form in forms if form), key=len, reverse=True)


@lru_cache(maxsize=64)
def _runs(texts: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for text in texts:
        words = [word.lower() for word in _WORD.findall(text)]
        runs.update(tuple(words[at:at + RUN_WORDS]) for at in range(len(words) - RUN_WORDS + 1))
    return frozenset(runs)


def _without_runs(line: str, runs: frozenset[tuple[str, ...]]) -> str:
    """`line` with every run of RUN_WORDS words that is one of `runs` replaced (overlapping runs merge)."""
    if not runs:
        return line
    words = list(_WORD.finditer(line))
    spans: list[list[int]] = []
    for at in range(len(words) - RUN_WORDS + 1):
        if tuple(word.group().lower() for word in words[at:at + RUN_WORDS]) in runs:
            start, end = words[at].start(), words[at + RUN_WORDS - 1].end()
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
    for start, end in reversed(spans):
        line = f"{line[:start]}[typed]{line[end:]}"
    return line
