"""The benchmark's own arithmetic: percentiles, memory and how its visitors connect. (It measures; these check
that it measures right.)"""
import asyncio
import os
import subprocess
import sys
import threading

import pytest
from aiohttp import web

from bot.bench.load import LoadResult, run_load
from bot.servers import free_port
from bot.bench.memory import tree_memory


def test_percentiles_are_nearest_rank_in_milliseconds():
    result = LoadResult(seconds=10, latencies=[i / 1000 for i in range(1, 101)], failed=3)
    assert (result.percentile(0.50), result.percentile(0.95), result.percentile(0.99)) == (50, 95, 99)
    assert result.answered == 100 and result.per_second() == 10


def test_a_process_trees_memory_includes_its_children():
    alone = tree_memory(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; data = b'x' * (200 * 2**20); time.sleep(30)"])
    try:
        deadline = 50
        while tree_memory(os.getpid()) - alone < 150 * 2**20 and deadline:
            subprocess.run(["sleep", "0.1"])
            deadline -= 1
        assert tree_memory(os.getpid()) - alone >= 150 * 2**20
    finally:
        child.kill()
        child.wait()


@pytest.fixture
def echo_server():
    """A REST webhook stand-in that answers every message and notes the connection (client port) it came on."""
    seen: list[tuple[str, int]] = []

    async def webhook(request: web.Request) -> web.Response:
        seen.append(((await request.json())["sender"], request.transport.get_extra_info("peername")[1]))
        return web.json_response([{"recipient_id": "x", "text": "ok"}])

    port, ready, loop = free_port(), threading.Event(), asyncio.new_event_loop()

    async def serve() -> None:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(serve()), loop.run_forever()), daemon=True)
    thread.start()
    ready.wait(10)
    yield f"http://127.0.0.1:{port}/webhook", seen
    loop.call_soon_threadsafe(loop.stop)


@pytest.mark.parametrize("keep_alive", [False, True])
def test_visitors_send_each_message_on_a_new_connection_unless_kept_alive(echo_server, keep_alive):
    url, seen = echo_server
    result = run_load(url, [["one", "two", "three"]], visitors=2, seconds=0.5, keep_alive=keep_alive)
    assert result.answered == len(seen) > 6 and result.failed == 0
    connections = {port for _, port in seen}
    if keep_alive:
        assert len(connections) <= 2  # one per visitor
    else:
        assert len(connections) == len(seen)  # one per message
