"""Takes what visitors type out of every log record the process makes, before any handler writes it anywhere.

Rasa writes visitors' text into its logs at DEBUG level ("Received user message ..."), and into
ERROR records when a message fails. Installing a log-record factory catches every record of every
library, whatever handlers or levels are configured later: when the record is made, its message (with
its arguments filled in) and any traceback lose the words of the message being answered
(bot/safety/typed.py), and are then redacted (bot/redaction.py) as a second net for anything else, such
as a client's IP address.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any

from bot.redaction import default_redactor
from bot.safety import typed

_installed = False


def install() -> None:
    """Makes every log record in this process redacted from now on. Safe to call more than once."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub(make_record(*args, **kwargs))

    logging.setLogRecordFactory(redacting_factory)


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """`record` with its message and traceback redacted (in place, and returned)."""
    redactor = default_redactor()
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a badly formatted record must still be logged, and redacted
        message = f"{record.msg} {record.args}"
    record.msg, record.args = redactor.redact(typed.scrub(message)), ()
    if record.exc_info:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redactor.redact(typed.scrub(text))
    return record
