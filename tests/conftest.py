"""Shared test helpers: the project's paths, a free port, and the trained model."""
from __future__ import annotations

import shutil
import subprocess
import time
from typing import Iterator

import pytest

from bot import settings, training
from bot.servers import free_port

settings.apply_rasa_env()


@pytest.fixture(scope="session")
def trained_model():
    """The model trained from the current data (trained now only if the data changed)."""
    training.ensure_model()
    return settings.MODEL_PATH


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """A real redis-server (Debian's, installed by `make test`'s set-up) on a free port, keeping nothing on disk."""
    from bot.scale_out import redis_answers

    assert shutil.which("redis-server"), "redis-server is missing: run `make setup-redis` (make test does)"
    port = free_port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while not redis_answers("127.0.0.1", port):
        assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)
    yield port
    server.terminate()
    server.wait(timeout=30)
