"""The Redis lock store that keeps the assistant answering while Redis is down, against a real redis-server."""
import asyncio
import logging

import redis
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import FallbackRedisLockStore
from bot.servers import free_port
from tests.conftest import start_redis


def store_on(port: int) -> FallbackRedisLockStore:
    return FallbackRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, db=1, key_prefix="netsafe",
                                                 socket_timeout=2))


async def answer_while_holding(store: FallbackRedisLockStore, conversation: str, seen: list) -> None:
    async with store.lock(conversation):
        seen.append(store.get_lock(conversation) is not None)


def test_locks_are_taken_in_redis_while_it_answers(redis_port):
    store, in_redis = store_on(redis_port), []

    async def answer() -> None:
        async with store.lock("shared"):
            in_redis.extend(redis.Redis(port=redis_port, db=1).keys("netsafe:*"))

    asyncio.run(answer())
    assert in_redis == [b"netsafe:lock:shared"] and not store.redis_down
    assert not redis.Redis(port=redis_port, db=1).keys("netsafe:*")  # and it is gone once answered


def test_while_redis_is_down_locks_are_taken_in_memory_and_go_back_to_redis_when_it_returns(caplog):
    port = free_port()  # nothing listens here yet: Redis is down
    store = store_on(port)
    with caplog.at_level(logging.WARNING, logger="bot.lock_store"):
        for _ in range(3):
            asyncio.run(answer_while_holding(store, "during-outage", []))  # no LockError reaches Rasa
        assert store.redis_down
        assert [r.levelname for r in caplog.records] == ["ERROR"]  # said once, clearly, not per message
        assert "Redis is not answering" in caplog.records[0].getMessage()
        server = start_redis(port)
        try:
            seen = []
            asyncio.run(answer_while_holding(store, "after-outage", seen))
            assert seen == [True] and not store.redis_down
            assert caplog.records[-1].levelname == "WARNING" and "answering again" in caplog.records[-1].getMessage()
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_two_workers_on_one_redis_see_one_lock(redis_port):
    """The reason for Redis: a conversation locked by one worker is locked for the other."""
    first, second = store_on(redis_port), store_on(redis_port)
    ticket = first.issue_ticket("busy")
    try:
        lock = second.get_lock("busy")
        assert lock is not None and lock.is_locked(ticket + 1)
    finally:
        first.cleanup("busy", ticket)
    assert second.get_lock("busy") is None
