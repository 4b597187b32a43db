"""Responses rendered as the Rasa server renders them (the project's NLG), at a chosen moment."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import settings
from bot.nlg import RegistryNaturalLanguageGenerator

DOMAIN = Domain.load(str(settings.DOMAIN_PATH))
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
SATURDAY_10AM = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
CHRISTMAS_DAY_10AM = datetime(2026, 12, 25, 10, 0, tzinfo=timezone.utc)  # a Friday, and a bank holiday
# The helpline open, closed for the weekend, and closed for a bank holiday.
MOMENTS = {"open": MONDAY_10AM, "weekend": SATURDAY_10AM, "bank-holiday": CHRISTMAS_DAY_10AM}


def render(response: str, now: datetime = MONDAY_10AM) -> dict:
    nlg = RegistryNaturalLanguageGenerator(domain=DOMAIN)
    nlg.clock = lambda: now
    tracker = DialogueStateTracker.from_events("nlg-test", [], slots=DOMAIN.slots)
    return asyncio.run(nlg.generate(response, tracker, "rest"))
