"""Simulated visitors: each holds whole conversations over the REST channel, one message after another's answer.

Every visitor starts a new conversation (a new random sender) when the last one ends, and takes the next of
the given conversations in turn, so all of them are played.

By default each message goes on a new connection. In production visitors reach the assistant through a load
balancer (docs/deploy.md), which spreads messages, not visitors, over the servers. Held open, as with
`keep_alive`, each visitor's connection stays with the Sanic worker that accepted it: with 10 connections and
2 workers, one worker may hold 7 and its visitors wait twice as long while the other idles.

A message counts as answered when the channel gives 200 and a non-empty list of replies; anything else (an
error, a timeout, an empty answer) is failed.
"""
from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field

import aiohttp

TIMEOUT_SECONDS = 30


@dataclass
class LoadResult:
    """What one load phase measured."""

    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, answered messages only
    failed: int = 0
    # (sender, message, number of replies; 0 if it failed) for every message, in the order each visitor sent
    # them: filled only when asked for (`transcripts=True`), to check afterwards that none was lost or doubled.
    transcript: list[tuple[str, str, int]] | None = None

    @property
    def answered(self) -> int:
        return len(self.latencies)

    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """The latency below which `share` of answered messages fell (nearest rank), in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> int:
    """How many replies the message got: 0 for an error, a timeout or an empty answer."""
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None)
            return len(body) if response.status == 200 and isinstance(body, list) else 0
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return 0


async def _visitor(session: aiohttp.ClientSession, url: str, conversations: list[list[str]], first: int,
                   step: int, stop_at: float, result: LoadResult) -> None:
    index = first
    while time.monotonic() < stop_at:
        sender = secrets.token_hex(16)
        for text in conversations[index % len(conversations)]:
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            replies = await _send(session, url, sender, text)
            if replies:
                result.latencies.append(time.perf_counter() - started)
            else:
                result.failed += 1
            if result.transcript is not None:
                result.transcript.append((sender, text, replies))
        index += step


async def _load(url: str, conversations: list[list[str]], visitors: int, seconds: float,
                keep_alive: bool, transcripts: bool) -> LoadResult:
    result = LoadResult(seconds=seconds, transcript=[] if transcripts else None)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=visitors, force_close=not keep_alive)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.monotonic()
        await asyncio.gather(*(_visitor(session, url, conversations, n, visitors, started + seconds, result)
                               for n in range(visitors)))
        result.seconds = time.monotonic() - started  # includes the answers still coming when time ran out
    return result


def run_load(url: str, conversations: list[list[str]], visitors: int, seconds: float,
             keep_alive: bool = False, transcripts: bool = False) -> LoadResult:
    """`visitors` simulated visitors talking to the REST webhook at `url` for `seconds`; with `keep_alive`,
    each visitor keeps one connection open for all its messages; with `transcripts`, every message is noted."""
    return asyncio.run(_load(url, conversations, visitors, seconds, keep_alive, transcripts))
