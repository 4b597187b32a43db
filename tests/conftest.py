"""Shared test helpers: the project's paths, a free port, and the trained model."""
from __future__ import annotations

import shutil
import subprocess
import time
from typing import Callable, Iterator

import pytest

from bot import settings, training
from bot.servers import free_port

settings.apply_rasa_env()


@pytest.fixture(scope="session")
def trained_model():
    """The model trained from the current data (trained now only if the data changed)."""
    training.ensure_model()
    return settings.MODEL_PATH


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0, poll: float = 0.05) -> bool:
    """True as soon as `predicate()` is; False if it still is not after `timeout` seconds (a limit on waiting,
    never a measurement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll)
    return False


def start_redis(port: int) -> subprocess.Popen:
    """A real redis-server (Debian's, installed by `make test`'s set-up) on `port`, once it answers."""
    from bot.scale_out import redis_answers, redis_server_argv

    assert shutil.which("redis-server"), "redis-server is missing: run `make setup-redis` (make test does)"
    server = subprocess.Popen(redis_server_argv(port), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while not redis_answers("127.0.0.1", port):
        assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)
    return server


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """A real redis-server on a free port for the whole test session, keeping nothing on disk."""
    port = free_port()
    server = start_redis(port)
    yield port
    server.terminate()
    server.wait(timeout=30)
