"""Rasa's Redis lock store, which keeps the assistant answering while Redis is down.

Scaled out (`make run-scaled`), every message takes its conversation's lock in Redis first, so that two
workers never answer one conversation at once. Rasa's own RedisLockStore turns a Redis outage into a
LockError for every message: nobody gets an answer, not even "call 999". This one logs the outage once,
takes the lock in this worker's memory instead (a visitor's page sends one message at a time, so a lock
per worker loses little), and goes back to Redis by itself as soon as Redis answers again: no restart.
The conversations themselves fall back the same way in bot/safety/tracker_store.py.
"""
from __future__ import annotations

import logging
from typing import Any, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class FallbackRedisLockStore(LockStore):
    """Locks in Redis while it answers, in memory while it doesn't. Configured like Rasa's `type: redis`."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        self.redis = RedisLockStore(host=endpoint_config.url, **endpoint_config.kwargs)
        self.memory = InMemoryLockStore()
        self.redis_down = False
        super().__init__()

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return self._either("get_lock", conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        self._either("delete_lock", conversation_id)
        self.memory.delete_lock(conversation_id)  # a lock taken here during an outage must not outlive it

    def save_lock(self, lock: TicketLock) -> None:
        self._either("save_lock", lock)

    def _either(self, method: str, *args: Any) -> Any:
        try:
            result = getattr(self.redis, method)(*args)
        except RedisError as error:
            if not self.redis_down:
                logger.error("Redis is not answering (%s); conversations are locked in this worker's memory "
                             "until it does", type(error).__name__)
                self.redis_down = True
            return getattr(self.memory, method)(*args)
        if self.redis_down:
            logger.warning("Redis is answering again; conversations are locked in Redis again")
            self.redis_down = False
        return result
