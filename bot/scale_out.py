"""Scaling out (`make run-scaled`): several Rasa workers and action server workers sharing Redis.

Rasa runs more than one worker only with a lock store that every worker sees (one conversation is then
answered by one worker at a time), and the workers must share the conversations too: endpoints.scaled.yml
puts both in Redis, conversations still behind the redacting wrapper and expiring there.

Unless REDIS_HOST names another Redis (a managed one, say), a redis-server of our own is started on
localhost, keeping nothing on disk: no snapshots and no append-only file, so a conversation exists only in
memory, and only until it expires.
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from bot import settings
from bot.servers import Server


def redis_answers(host: str, port: int) -> bool:
    """True when a Redis at host:port answers PING."""
    try:
        with socket.create_connection((host, port), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


REDIS_MAX_MEMORY = "512mb"


def redis_server_argv(port: int) -> list[str]:
    """redis-server on localhost:port that writes nothing to disk (no snapshots, no append-only file), and
    whose memory is bounded: when full it drops the conversations nearest their expiry, the least recently
    active (`volatile-ttl`), rather than refusing to store new ones. Locks never expire, so they
    are never dropped; each is deleted as soon as its message is answered."""
    return ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
            "--protected-mode", "yes", "--maxmemory", REDIS_MAX_MEMORY, "--maxmemory-policy", "volatile-ttl"]


@dataclass(frozen=True)
class ScaleOut:
    """How many workers, and which Redis they share."""

    workers: int
    redis_host: str
    redis_port: int
    own_redis: bool
    redis_password: str = ""  # empty: none
    actions_host: str = "localhost"  # where the Rasa server finds the action server

    @classmethod
    def from_environment(cls) -> "ScaleOut":
        """BOT_WORKERS, REDIS_HOST, REDIS_PORT, REDIS_PASSWORD and ACTIONS_HOST, each read here and only here."""
        host, port, own = settings.redis_address()
        return cls(settings.workers(), host, port, own, os.environ.get("REDIS_PASSWORD", ""),
                   os.environ.get("ACTIONS_HOST", "").strip() or "localhost")

    def env(self) -> dict[str, str]:
        """What the Rasa server and the action server need to run as several workers on this Redis."""
        return {"SANIC_WORKERS": str(self.workers), "ACTION_SERVER_SANIC_WORKERS": str(self.workers),
                "REDIS_HOST": self.redis_host, "REDIS_PORT": str(self.redis_port),
                # Rasa refuses an endpoints file naming an unset variable, so both are always set.
                "REDIS_PASSWORD": self.redis_password, "ACTIONS_HOST": self.actions_host}

    def redis_server(self) -> Server | None:
        """Our own redis-server on localhost, persisting nothing; None when another Redis is named."""
        if not self.own_redis:
            return None
        return Server("redis-server", redis_server_argv(self.redis_port), settings.logs_dir() / "redis.log",
                      lambda: redis_answers(self.redis_host, self.redis_port))
