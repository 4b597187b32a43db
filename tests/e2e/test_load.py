"""Fifty visitors at once, for a while: every message gets exactly one answer, none lost, none doubled.

The visitors hold the conversations of the conversation tests (tests/test_*.yml), each starting a new one
when the last ends, all sending their next message as soon as the last is answered. Afterwards every
conversation is read back from the tracker store: each message must be there once, in the order it was
sent, followed by exactly the replies its visitor received. (`make bench --soak-seconds` runs the same for
minutes, with memory at start and end.)
"""
from __future__ import annotations

from itertools import groupby

import pytest

from bot import settings
from bot.bench.assistants import conversations_from
from bot.bench.load import run_load

pytestmark = pytest.mark.e2e
VISITORS = 50
SECONDS = 20


def replies_per_message(events: list[dict]) -> list[int]:
    """How many bot messages followed each of the visitor's messages, from a tracker's events (which keep what
    each message was understood as, never its words)."""
    turns: list[int] = []
    for event in events:
        if event["event"] == "user":
            assert event["text"] is None
            turns.append(0)
        elif event["event"] == "bot" and turns:
            turns[-1] += 1
    return turns


def test_fifty_visitors_at_once_each_message_answered_exactly_once(assistant_with_api):
    conversations = conversations_from(sorted(settings.PROJECT_ROOT.glob("tests/test_*.yml")))
    url = f"{assistant_with_api.url}/webhooks/rest/webhook"
    result = run_load(url, conversations, VISITORS, SECONDS, transcripts=True)
    sent = result.transcript
    print(f"{len(sent)} messages from {VISITORS} visitors in {result.seconds:.0f} s: {result.answered} answered, "
          f"{result.failed} failed, p95 {result.percentile(0.95):.0f} ms")
    assert result.failed == 0 and result.answered == len(sent) > VISITORS
    by_sender = {sender: [(text, replies) for _, text, replies in turns]
                 for sender, turns in groupby(sorted(sent, key=lambda turn: turn[0]), key=lambda turn: turn[0])}
    for sender, turns in by_sender.items():
        stored = replies_per_message(assistant_with_api.tracker(sender)["events"])
        assert len(stored) == len(turns), f"lost or doubled: {sender}"
        assert stored == [count for _, count in turns], f"replies differ: {sender}"
