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
