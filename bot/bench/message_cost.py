"""`make bench-messages`: what one message costs, whatever it holds (about 3 minutes).

Messages of 100, 3,000 and 60,000 characters (the most a 64 KiB request holds) of words nobody has written,
the costliest kind: every word is new to the classifier, the safety phrases and spaCy. For each size:
- the safety check alone, in this process, as the channel and the NLU pipeline run it (the full-text check
  of a long message, then the safety and speaker checks of what the classifier reads): CPU seconds;
- the whole reply, through the real Rasa server: the CPU seconds its process tree spent, and the wall time;
and the Rasa server's memory before and after twenty of the longest, which must not grow with them.
Figures are medians of five; results in results/bench/messages.json.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import string
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import requests

from bot import settings
from bot.bench.assistants import ours
from bot.bench.memory import MIB, PROC, descendants, tree_memory

SIZES = (100, 3_000, 60_000)
REPEATS = 5
FLOOD = 20
_TICKS = os.sysconf("SC_CLK_TCK")


def unseen_words(rng: random.Random, characters: int) -> str:
    """Random lower-case words of 4 to 11 letters, `characters` long: words nobody has written."""
    words, length = [], 0
    while length < characters:
        words.append("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 11))))
        length += len(words[-1]) + 1
    return " ".join(words)[:characters]


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) spent so far by `pid` and every process under it."""
    total = 0
    for each in [pid, *descendants(pid)]:
        try:
            fields = (PROC / str(each) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


def check_cpu(text: str) -> float:
    """CPU seconds of the safety check of one message, as the channel and the NLU pipeline run it."""
    from bot.safety.detector import default_detector
    from bot.safety.incoming import checked, cut_to_length
    from bot.speaker import default_signs

    started = time.process_time()
    read = cut_to_length(checked(text, ()), default_detector())
    speaker = default_signs().read(read)
    default_detector().assess(read, speaker)
    return time.process_time() - started


def median_of(measure: Callable[[str], float], rng: random.Random, size: int) -> float:
    return statistics.median(measure(unseen_words(rng, size)) for _ in range(REPEATS))


def measure(url: str, rasa_pid: int, rng: random.Random) -> dict[str, Any]:
    """Every figure, with the assistant answering at `url` and its Rasa server running as `rasa_pid`."""
    def reply(text: str) -> tuple[float, float]:
        cpu, started = tree_cpu_seconds(rasa_pid), time.monotonic()
        response = requests.post(url, json={"sender": f"bench-{rng.random()}", "message": text}, timeout=300)
        response.raise_for_status()
        return tree_cpu_seconds(rasa_pid) - cpu, time.monotonic() - started

    check_cpu("warm up")
    figures: dict[str, Any] = {"sizes": {}}
    for size in SIZES:
        replies = [reply(unseen_words(rng, size)) for _ in range(REPEATS)]
        figures["sizes"][str(size)] = {"check_cpu_s": median_of(check_cpu, rng, size),
                                       "reply_cpu_s": statistics.median(cpu for cpu, _ in replies),
                                       "reply_wall_s": statistics.median(wall for _, wall in replies)}
    before = tree_memory(rasa_pid)
    for _ in range(FLOOD):
        reply(unseen_words(rng, SIZES[-1]))
    figures["memory_before_mib"], figures["memory_after_mib"] = before / MIB, tree_memory(rasa_pid) / MIB
    return figures


def main() -> Path:
    from bot.bench.run import start

    with tempfile.TemporaryDirectory(prefix="netsafe-bench-messages-") as temporary:
        running = start(ours(), Path(temporary) / "logs")
        try:
            rasa = next(server for server in running.servers if "Rasa server" in server.name)
            figures = measure(running.url, rasa.process.pid, random.Random(18))
        finally:
            running.supervisor.stop()
    out = settings.RESULTS_DIR / "bench" / "messages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    for size, each in figures["sizes"].items():
        print(f"{int(size):>6} characters: safety check {each['check_cpu_s']:.3f} s CPU; whole reply "
              f"{each['reply_cpu_s']:.2f} s CPU, {each['reply_wall_s']:.2f} s", flush=True)
    print(f"Rasa server memory {figures['memory_before_mib']:.0f} MiB before {FLOOD} of the longest, "
          f"{figures['memory_after_mib']:.0f} MiB after", flush=True)
    return out
