"""The soak: many visitors for minutes against one running assistant, memory read at the start and the end.

Two kinds, one after the other: visitors holding whole conversations, then a flood of one-message
conversations (each message from a new visitor), the pattern that would grow a server's memory without
bound if it kept every conversation it ever heard. Memory is the PSS of each server's process tree, read at
the start, every SAMPLE_SECONDS, and at the end: bounded memory shows as a level line, not a slope.
"""
from __future__ import annotations

from typing import Any

from bot.bench.load import run_load
from bot.bench.memory import MIB, every, tree_memory
from bot.servers import Server

SAMPLE_SECONDS = 30


def servers_memory(servers: list[Server]) -> float:
    """All the servers' memory now, in MiB."""
    return sum(tree_memory(server.process.pid) for server in servers) / MIB


def soak(url: str, servers: list[Server], conversations: list[list[str]], visitors: int, seconds: float,
         one_message: bool) -> dict[str, Any]:
    """One soak phase and what it measured: messages sent, answered and failed, and memory before and after."""
    played = [[turn] for conversation in conversations for turn in conversation] if one_message else conversations
    before, samples = servers_memory(servers), []
    with every(SAMPLE_SECONDS, lambda: samples.append(servers_memory(servers))):
        result = run_load(url, played, visitors, seconds)
    after = servers_memory(servers)
    return {"kind": "one-message conversations" if one_message else "whole conversations",
            "visitors": visitors, "seconds": result.seconds, "sent": result.answered + result.failed,
            "answered": result.answered, "failed": result.failed,
            "messages_per_second": result.per_second(), "p95_ms": result.percentile(0.95),
            "memory_start_mib": before, "memory_end_mib": after, "memory_samples_mib": samples}
