"""The benchmark's own arithmetic: percentiles, memory and how its visitors connect. (It measures; these check
that it measures right.)"""
import asyncio
import os
import subprocess
import sys
import threading

import pytest
from aiohttp import web

from bot import settings
from bot.bench import report, run
from bot.bench.assistants import data_with_an_added_example
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


def test_the_soak_is_reported_with_memory_at_start_end_and_every_30_s():
    from bot.bench.report import soak_lines

    phase = {"kind": "one-message conversations", "visitors": 50, "seconds": 300.4, "sent": 900, "answered": 900,
             "failed": 0, "messages_per_second": 3.0, "p95_ms": 640.0, "memory_start_mib": 901.0,
             "memory_end_mib": 932.4, "memory_samples_mib": [911.2, 921.0]}
    lines = soak_lines([phase])
    assert "| one-message conversations | 50 | 300 | 900 | 900 | 0 | 3.0 | 640 ms | 901 MiB | 932 MiB |" in lines
    assert lines[-1] == "Memory every 30 s, one-message conversations: 911, 921 MiB."


def test_every_samples_in_the_background_until_the_block_ends():
    import time

    from bot.bench.memory import every

    calls: list[float] = []
    with every(0.02, lambda: calls.append(time.monotonic())):
        time.sleep(0.15)
    count = len(calls)
    time.sleep(0.05)
    assert count >= 2 and len(calls) == count  # sampled while the block ran, and not after


def test_adding_an_example_changes_one_intent_by_one_example_and_nothing_else(tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    def examples(folder):
        return sorted((m.get("intent"), m.get("text")) for m in load_data(str(folder / "nlu")).intent_examples)

    before, after = examples(settings.DATA_DIR), examples(data_with_an_added_example(settings.DATA_DIR, tmp_path / "data"))
    added = [example for example in after if example not in before]
    assert len(after) == len(before) + 1 and len(added) == 1
    assert {name for name, _ in before} == {name for name, _ in after}
    for folder in ("rules", "stories"):
        for path in (settings.DATA_DIR / folder).glob("*.yml"):
            assert (tmp_path / "data" / folder / path.name).read_bytes() == path.read_bytes()


def test_training_is_measured_in_interleaved_rounds_and_reported_as_medians(monkeypatch, tmp_path):
    order = []
    seconds = {"ours": iter([90.0, 100.0, 80.0]), "starter": iter([50.0, 40.0, 45.0])}

    def figures(assistant, work):
        order.append(assistant.name)
        cold = next(seconds[assistant.name])
        return {"train_cold_s": cold, "train_reworded_s": 10.0, "train_example_added_s": cold / 2}

    monkeypatch.setattr(run, "training_figures", figures)
    assistants = [run.Assistant(name, tmp_path, tmp_path, [], lambda *_: []) for name in ("ours", "starter", "ours, 2 workers")]
    trained = run.training_rounds(assistants, tmp_path, 3)
    assert order == ["ours", "starter"] * 3
    assert trained["ours"]["train_cold_s"] == 90.0 and trained["starter"]["train_cold_s"] == 45.0
    results = {"training_ratio": 2.0, "assistants": trained}
    assert "80 / 10 / 40 s" in "\n".join(report.training_lines(results))


def test_message_cost_counts_a_process_trees_cpu_and_makes_unseen_words():
    import random
    import subprocess
    import sys

    from bot.bench.memory import descendants
    from bot.bench.message_cost import tree_cpu_seconds, unseen_words

    child = subprocess.Popen([sys.executable, "-c", "import time; sum(range(10**7)); time.sleep(30)"])
    try:
        import os
        import time

        for _ in range(300):  # until the child has spent a clock tick of CPU
            if tree_cpu_seconds(child.pid) > 0:
                break
            time.sleep(0.1)
        assert child.pid in descendants(os.getpid())
        assert tree_cpu_seconds(os.getpid()) > tree_cpu_seconds(child.pid) > 0
    finally:
        child.kill()
        child.wait()
    text = unseen_words(random.Random(1), 3_000)
    assert len(text) == 3_000 and all(word.isalpha() and word.islower() for word in text.split())
