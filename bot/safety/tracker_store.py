"""The tracker store wrapper: no visitor's words are stored, and nothing is kept past 30 idle minutes.

Rasa keeps every message verbatim in its tracker store (and streams it to any event broker), and
redacting by pattern cannot catch every name, street or username a visitor might type. Nothing in the
dialogue needs the words once a message is understood: every answer is a rule on intents, and the
safety check reads each message as it arrives. So this wrapper, in front of whichever store is
configured (in memory, Redis or SQL), stores of each message only what the assistant understood: the
intent and its confidence, who the message showed writing (a category, from bot/speaker.py) and the
safety route if one fired (bot/safety/router.py). The text, the parse data's text and ranking, the
entities' words and the message's metadata are never stored; the answers given are the assistant's own
words. Every other string of every event is still redacted, as a second net. endpoints.yml names it,
with the real store inside it:

    tracker_store:
      type: bot.safety.tracker_store.RedactingTrackerStore
      expire_after_minutes: 30
      store:
        type: redis          # or sql; leave `store` out to keep conversations in memory
        url: localhost

`python -m bot run` refuses to start with any other tracker store (bot/safety/endpoints_check.py).
Conversations idle for `expire_after_minutes` are deleted: Redis expires them itself; in memory and in
SQL they are swept here every minute, and an expired one is never handed back.

Memory is bounded: at most `max_conversations` (default 20,000) are kept here, in memory. Beyond that the
least recently active are forgotten first, so that a script opening many thousands of one-message
conversations cannot grow the server without bound; a visitor forgotten this way is greeted afresh.

If the store fails (Redis or the database is down), this wrapper keeps the conversation, as it would have
stored it, in memory until the store answers again, and says so in the log. It never lets the failure
reach Rasa's own fail-safe store, which would keep the visitor's words in memory with no expiry.
"""
from __future__ import annotations

import asyncio
import logging
import math
import time
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import (FailSafeTrackerStore, InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore,
                                     TrackerStore)
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig

from bot.redaction import default_redactor
from bot.safety import log_scrubbing
from bot.safety.router import SAFETY_KEY
from bot.speaker import EXTRACTOR as SPEAKER_EXTRACTOR

logger = logging.getLogger(__name__)

DEFAULT_EXPIRY_MINUTES = 30.0
DEFAULT_MAX_CONVERSATIONS = 20_000  # what that costs in memory is measured by `make bench` (docs/benchmarks.md)
SWEEP_EVERY_SECONDS = 60.0  # so a conversation is gone at most a minute after it expires
_EXPIRING_TYPES = {None, "memory", "in_memory", "redis", "sql"}
# Keys whose values are Rasa's own names (event types, actions, intents, policies), never visitors' words.
_STRUCTURE = {"event", "name", "policy", "entity", "action_name", "intent_name", "input_channel", "message_id"}


class RedactingTrackerStore(TrackerStore):
    """Redacts conversations before the configured store keeps them, and forgets idle ones."""

    def __init__(self, domain: Optional[Domain] = None, host: Optional[str] = None,
                 event_broker: Optional[EventBroker] = None, store: Optional[dict] = None,
                 expire_after_minutes: float = DEFAULT_EXPIRY_MINUTES,
                 max_conversations: int = DEFAULT_MAX_CONVERSATIONS, **_: Any) -> None:
        log_scrubbing.install()
        self.expiry_seconds = float(expire_after_minutes) * 60
        if self.expiry_seconds <= 0:
            raise ValueError("tracker_store.expire_after_minutes must be more than 0")
        self.max_conversations = int(max_conversations)
        if self.max_conversations < 1:
            raise ValueError("tracker_store.max_conversations must be at least 1")
        self.inner = _inner_store(store or {}, domain, event_broker, self.expiry_seconds)
        # Redacted conversations kept while the store is failing; emptied as the store comes back.
        self.fallback = InMemoryTrackerStore(self.inner.domain)
        super().__init__(domain, event_broker=None)  # the inner store streams (redacted) events itself
        self.clock: Callable[[], float] = time.time
        self._last_active: dict[str, float] = {}
        self._full = False
        self.store_down = False  # the last save failed: the next that works says the store is back
        self._sweeper: Optional[asyncio.Future] = None

    @property
    def domain(self) -> Domain:
        return self.inner.domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        self.inner.domain = domain or Domain.empty()

    async def save(self, tracker: DialogueStateTracker) -> None:
        clean = redacted(tracker, self.inner.domain)
        try:
            await self.inner.save(clean)
            self.fallback.store.pop(tracker.sender_id, None)
            if self.store_down:
                logger.warning("The conversation store is answering again; conversations are kept there again")
                self.store_down = False
        except Exception as error:  # noqa: BLE001 - any failure of the store, never the visitor's text
            logger.error("The conversation store failed (%s: %s); keeping this conversation redacted in memory "
                         "until it answers again", type(error).__name__, error)
            self.store_down = True
            await self.fallback.save(clean)
        self._last_active.pop(tracker.sender_id, None)  # kept in order of activity, the least recent first
        self._last_active[tracker.sender_id] = self.clock()
        self._forget_beyond_capacity()
        if self._sweeper is None:  # started on the first save, when Rasa's event loop is running
            self._sweeper = asyncio.ensure_future(self._sweep_forever())

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        if sender_id in self.fallback.store:  # saved here while the store was failing: the newest copy
            return await self._unless_expired(await self.fallback.retrieve(sender_id))
        try:
            return await self._unless_expired(await self.inner.retrieve(sender_id))
        except Exception as error:  # noqa: BLE001 - the store is down: the conversation starts afresh
            logger.error("The conversation store failed (%s: %s); answering without the conversation so far",
                         type(error).__name__, error)
            return None

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await self._unless_expired(await self.inner.retrieve_full_tracker(conversation_id))

    async def keys(self) -> Iterable[Text]:
        return await self.inner.keys()

    async def _unless_expired(self, tracker: Optional[DialogueStateTracker]) -> Optional[DialogueStateTracker]:
        if tracker is None or not tracker.events:
            return tracker
        if self.clock() - tracker.events[-1].timestamp > self.expiry_seconds:
            await self._forget([tracker.sender_id])
            return None
        return tracker

    async def _sweep_forever(self) -> None:
        """Deletes idle conversations every minute, whether or not anyone is chatting."""
        while True:
            await self.sweep()
            await asyncio.sleep(SWEEP_EVERY_SECONDS)

    async def sweep(self) -> None:
        """Deletes every conversation idle for longer than the expiry."""
        cutoff = self.clock() - self.expiry_seconds
        if isinstance(self.inner, SQLTrackerStore):
            _delete_sql_conversations_idle_since(self.inner, cutoff)
        await self._forget([sender for sender, seen in self._last_active.items() if seen < cutoff])

    def _forget_beyond_capacity(self) -> None:
        """Forgets the least recently active conversations held in memory beyond `max_conversations`."""
        while len(self._last_active) > self.max_conversations:
            oldest = next(iter(self._last_active))
            if not self._full:
                logger.warning("%d conversations are held: the least recently active are forgotten from now on",
                               self.max_conversations)
                self._full = True
            self._forget_here(oldest)  # Redis and SQL hold theirs outside this process: each expires there

    def _forget_here(self, sender: str) -> None:
        """Deletes a conversation from this process's memory: its activity, its fallback copy, its stored copy."""
        self._last_active.pop(sender, None)
        self.fallback.store.pop(sender, None)
        if isinstance(self.inner, InMemoryTrackerStore):
            self.inner.store.pop(sender, None)

    async def forget(self, sender_id: Text) -> None:
        """Deletes one conversation now, wherever it is kept: the visitor left the page or started again."""
        if isinstance(self.inner, RedisTrackerStore):
            try:
                self.inner.red.delete(self.inner.key_prefix + sender_id)
            except Exception as error:  # noqa: BLE001 - Redis still deletes it when it expires
                logger.error("Could not delete a conversation from Redis now (%s); it expires there by itself",
                             type(error).__name__)
        await self._forget([sender_id])

    async def _forget(self, senders: list[str]) -> None:
        """Deletes conversations from memory or SQL; Redis deletes them itself (record_exp)."""
        for sender in senders:
            self._forget_here(sender)
            if isinstance(self.inner, SQLTrackerStore):
                with self.inner.session_scope() as session:
                    session.query(self.inner.SQLEvent).filter(self.inner.SQLEvent.sender_id == sender).delete()
                    session.commit()


def redacting_store(store: TrackerStore) -> Optional[RedactingTrackerStore]:
    """This wrapper inside the store Rasa serves from (Rasa puts its own fail-safe store around it)."""
    if isinstance(store, FailSafeTrackerStore):
        store = store._tracker_store
    return store if isinstance(store, RedactingTrackerStore) else None


def redacted(tracker: DialogueStateTracker, domain: Domain) -> DialogueStateTracker:
    """A copy of `tracker` as it may be stored: each message only as understood, every other string redacted."""
    values = {slot.name: set(getattr(slot, "values", None) or ()) for slot in domain.slots}
    events = [_as_stored(event, values) for event in tracker.current_state(EventVerbosity.ALL)["events"]]
    return DialogueStateTracker.from_dict(tracker.sender_id, events, domain.slots,
                                          max_event_history=tracker._max_event_history)


def _as_stored(event: dict, slot_values: dict[str, set]) -> dict:
    """One event as it may be stored. `slot_values` holds each slot's categories (empty if it has none)."""
    if event.get("event") == "user":
        return understood(event)
    if event.get("event") == "slot" and not _is_category(event.get("value"), slot_values.get(event.get("name"))):
        event = {**event, "value": None}  # a slot filled with words could hold what was typed
    return _redact_value(event)


def _is_category(value: Any, categories: Optional[set]) -> bool:
    """Whether a slot's value says nothing anyone typed: empty, a yes or no, a number, or one of its categories."""
    return value is None or isinstance(value, (bool, int, float)) or (isinstance(value, str) and value in (categories or ()))


def understood(event: dict) -> dict:
    """A visitor's message as stored: what the assistant understood of it, none of its words.

    Rasa's rules, memoization and the tracker API read the intent; the `speaker` entity keeps who is
    writing for the conversation's later turns (its value is one of content/speakers.yml's categories,
    and only this project's SpeakerExtractor makes it).
    """
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    kept = {"intent": {"name": intent.get("name"), "confidence": intent.get("confidence")},
            "entities": [{"entity": entity.get("entity"), "value": entity.get("value"), "start": 0, "end": 0,
                          "extractor": SPEAKER_EXTRACTOR}
                         for entity in parse.get("entities") or [] if entity.get("extractor") == SPEAKER_EXTRACTOR]}
    if isinstance(parse.get(SAFETY_KEY), dict):
        kept[SAFETY_KEY] = _redact_value(parse[SAFETY_KEY])  # route and intent names
    return {"event": "user", "timestamp": event.get("timestamp"), "text": None, "parse_data": kept,
            "input_channel": event.get("input_channel"), "message_id": event.get("message_id"), "metadata": {}}


def _redact_value(value: Any, key: str = "") -> Any:
    if key in _STRUCTURE:
        return value
    if isinstance(value, str):
        return _redact_text(value)
    if isinstance(value, dict):
        return {name: _redact_value(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_redact_value(item) for item in value]
    return value


@lru_cache(maxsize=8192)
def _redact_text(text: str) -> str:
    # Cached: every save redacts the whole conversation again, and the assistant's answers repeat.
    return default_redactor().redact(text)


def _inner_store(config: dict, domain: Optional[Domain], event_broker: Optional[EventBroker],
                 expiry_seconds: float) -> TrackerStore:
    """The configured store, refusing one this wrapper cannot expire (or another wrapper)."""
    config = dict(config)
    store_type = config.get("type")
    if store_type not in _EXPIRING_TYPES:
        raise ValueError(f"tracker_store.store.type {store_type!r} is not supported: use memory, redis or sql, "
                         "the stores whose conversations can be deleted after expire_after_minutes")
    if store_type in (None, "memory", "in_memory"):
        return InMemoryTrackerStore(domain or Domain.empty(), event_broker)
    if store_type == "redis":
        config["record_exp"] = math.ceil(expiry_seconds)  # whole seconds: redis-py refuses a float expiry
    return TrackerStore.create(EndpointConfig.from_dict(config), domain, event_broker)


def _delete_sql_conversations_idle_since(store: SQLTrackerStore, cutoff: float) -> None:
    import sqlalchemy as sa

    event = store.SQLEvent
    with store.session_scope() as session:
        idle = (session.query(event.sender_id).group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < cutoff).subquery())
        session.query(event).filter(event.sender_id.in_(sa.select(idle.c.sender_id))).delete(
            synchronize_session=False)
        session.commit()
