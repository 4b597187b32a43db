"""Log scrubbing: whatever a library logs, and however, identifying details never reach a handler."""
from __future__ import annotations

import logging

import pytest

from bot.safety import log_scrubbing


@pytest.fixture
def captured():
    log_scrubbing.install()
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("a.library")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield logger, handler, records
    logger.removeHandler(handler)


def test_messages_and_their_arguments_are_redacted(captured):
    logger, handler, records = captured
    logger.debug("Received user message '%s' from %s", "call Dave on 07700 900123", "203.0.113.9")
    assert handler.format(records[-1]) == "Received user message 'call Dave on [phone]' from [ip]"


def test_tracebacks_are_redacted(captured):
    logger, handler, records = captured
    try:
        raise ValueError("could not parse dave@example.com")
    except ValueError:
        logger.exception("failed")
    formatted = logging.Formatter().format(records[-1])
    assert "dave@example.com" not in formatted and "[email]" in formatted


def test_installing_twice_redacts_once(captured):
    logger, handler, records = captured
    log_scrubbing.install()
    logger.info("see www.example.net/x")
    assert records[-1].getMessage() == "see [link]"


def test_what_is_being_typed_is_not_logged_in_any_form(captured):
    """Words no pattern finds (a lower-case name, a street, a username) are taken out because they were typed."""
    import asyncio
    import json

    from bot.safety import typed

    message = 'tell them "dave smithson" lives on heol y frenhines, snap dsmith_x, ok\nthanks'

    async def answering() -> list[str]:
        typed.note_request({"sender": "a", "message": message})
        logger, handler, records = captured
        logger.debug("Received user message '%s'", message)
        logger.debug(json.dumps({"event": "processor.message.parse", "parse_data_text": message}))
        logger.debug("states: %r", [{"user": {"text": message.upper()}}])
        logger.debug("tokens: dave smithson lives")
        return [handler.format(record) for record in records]

    lines = asyncio.run(answering())
    assert lines[:2] == [f"Received user message '[typed: {len(message)} characters]'",
                         f'{{"event": "processor.message.parse", "parse_data_text": "[typed: {len(message)} characters]"}}']
    assert all(word not in line.lower() for line in lines for word in ("smithson", "frenhines", "dsmith_x"))


def test_another_requests_words_are_left_alone(captured):
    import asyncio

    from bot.safety import typed

    async def one_request(text: str) -> None:
        typed.note(text)

    asyncio.run(one_request("dave smithson lives here"))
    logger, handler, records = captured
    logger.info("dave smithson lives here")  # logged outside that request: nothing typed is known here
    assert records[-1].getMessage() == "dave smithson lives here"
