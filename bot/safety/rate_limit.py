"""How fast one conversation may send messages: enough for any person, too few for a script.

A person types, reads and clicks: even clicking buttons as fast as the page allows (it sends one message
and waits for the answer), nobody needs more than a burst of a few messages and one a second after that.
A script flooding one conversation is held to that rate, and each message over it costs the server a
dictionary lookup and the safety detector's phrase check (bot/web/rest.py: a crisis is never held back),
not a classification.

The limit is kept per conversation id (the random id a page makes for each visit), never per IP address:
no address is stored anywhere. The table is bounded: it forgets the conversations least recently heard
from once it holds `max_conversations`, so many thousands of one-message conversations cannot grow it.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable


@dataclass
class _Bucket:
    tokens: float
    updated: float


class ConversationRateLimit:
    """A token bucket per conversation: `burst` messages at once, then one every `seconds_per_message`."""

    def __init__(self, burst: int, seconds_per_message: float, max_conversations: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if burst < 1 or seconds_per_message <= 0 or max_conversations < 1:
            raise ValueError("a rate limit needs a burst of at least 1, a positive rate and room for a conversation")
        self.burst, self.seconds_per_message, self.max_conversations = burst, seconds_per_message, max_conversations
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, conversation_id: str) -> bool:
        """True if this conversation may send a message now (and counts it); False if it is too fast."""
        now = self.clock()
        bucket = self._buckets.pop(conversation_id, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) / self.seconds_per_message)
        bucket.updated = now
        allowed = bucket.tokens >= 1
        if allowed:
            bucket.tokens -= 1
        self._buckets[conversation_id] = bucket  # now the most recently heard from
        while len(self._buckets) > self.max_conversations:
            self._buckets.popitem(last=False)
        return allowed

    def seconds_until_allowed(self, conversation_id: str) -> float:
        """How long this conversation must wait for its next message (0 if it may send now)."""
        bucket = self._buckets.get(conversation_id)
        if bucket is None:
            return 0.0
        tokens = bucket.tokens + (self.clock() - bucket.updated) / self.seconds_per_message
        return max(0.0, (1 - tokens) * self.seconds_per_message)

    def __len__(self) -> int:
        return len(self._buckets)
