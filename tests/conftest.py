"""Shared test helpers: the project's paths, a free port, and the trained model."""
from __future__ import annotations

import socket

import pytest

from bot import settings, training

settings.apply_rasa_env()


def free_port() -> int:
    """A TCP port nothing is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def trained_model():
    """The model trained from the current data (trained now only if the data changed)."""
    training.ensure_model()
    return settings.MODEL_PATH
