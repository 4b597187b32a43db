"""The benchmark's own arithmetic: percentiles and memory. (It measures; these check that it measures right.)"""
import os
import subprocess
import sys

from bot.bench.load import LoadResult
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
