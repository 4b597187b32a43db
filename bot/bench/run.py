"""The whole benchmark: train both assistants (cold, then after a wording change), start each and time its
first reply, then load them in turn, interleaved round by round so that a slow minute of the machine
falls on both, while sampling each server's memory."""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot import settings
from bot.bench import report
from bot.bench.assistants import Assistant, data_with_an_added_example, ours, reworded_domain, starter
from bot.bench.load import LoadResult, run_load
from bot.bench.memory import MIB, every, tree_memory
from bot.bench.soak import soak
from bot.servers import Server, Supervisor, free_port

READY_TIMEOUT = 300


@dataclass
class Running:
    """An assistant while it runs: its servers, its address, and what was measured of it so far."""

    assistant: Assistant
    supervisor: Supervisor
    servers: list[Server]
    url: str
    startup_s: float
    loads: list[LoadResult] = field(default_factory=list)
    peak_memory: dict[str, int] = field(default_factory=dict)


def say(message: str) -> None:
    print(f"==> bench: {message}", flush=True)


def start(assistant: Assistant, logs: Path) -> Running:
    """Starts the assistant's servers and measures the seconds until the Rasa server first answers."""
    port = free_port()
    supervisor = Supervisor(assistant.folder)
    servers = assistant.start(port, logs)
    started = time.monotonic()
    for server in servers:
        supervisor.start(server)
    for server in servers:
        supervisor.wait_until_ready(server, READY_TIMEOUT)
    startup = time.monotonic() - started
    say(f"{assistant.name}: first reply {startup:.1f} s after starting")
    return Running(assistant, supervisor, servers, f"http://127.0.0.1:{port}/webhooks/rest/webhook", startup)


def load_while_sampling(running: Running, visitors: int, seconds: float, keep_alive: bool) -> LoadResult:
    """One load phase, with every server's memory (its whole process tree) sampled twice a second."""
    def sample() -> None:
        for server in running.servers:
            used = tree_memory(server.process.pid)
            running.peak_memory[server.name] = max(running.peak_memory.get(server.name, 0), used)

    sample()  # at once, then twice a second
    with every(0.5, sample):
        return run_load(running.url, running.assistant.conversations, visitors, seconds, keep_alive)


def training_figures(assistant: Assistant, work: Path) -> dict[str, float]:
    """Cold training (an empty cache), then a retraining after one response's wording changed, then one after a
    training example was added (each from the cache the cold training left)."""
    cache, out = work / f"{assistant.name}-cache", work / f"{assistant.name}-models"
    out.mkdir(parents=True, exist_ok=True)  # and `work` with it
    cold = assistant.train(out, cache)
    say(f"{assistant.name}: cold training {cold:.0f} s")
    reworded = assistant.train(out, cache, reworded_domain(assistant.folder / "domain.yml", work / f"{assistant.name}-domain.yml"))
    say(f"{assistant.name}: training after a wording-only change {reworded:.0f} s")
    added = assistant.train(out, cache, data=data_with_an_added_example(assistant.folder / "data",
                                                                         work / f"{assistant.name}-data"))
    say(f"{assistant.name}: training after an example was added {added:.0f} s")
    return {"train_cold_s": cold, "train_reworded_s": reworded, "train_example_added_s": added}


def training_rounds(assistants: list[Assistant], work: Path, rounds: int) -> dict[str, dict[str, Any]]:
    """The training figures of ours and the starter, `rounds` times, interleaved (ours, starter, ours, ...) so that
    a slow minute of the machine falls on both. Each figure is the median of its rounds; every round is kept."""
    trained = [assistant for assistant in assistants if assistant.name in ("ours", "starter")]
    runs: dict[str, list[dict[str, float]]] = {assistant.name: [] for assistant in trained}
    for number in range(1, rounds + 1):
        for assistant in trained:
            runs[assistant.name].append(training_figures(assistant, work / f"training-{number}"))
    return {name: {**{key: statistics.median(each[key] for each in figures) for key in figures[0]},
                   "training_rounds": figures} for name, figures in runs.items()}


def summary(running: Running) -> dict[str, Any]:
    merged = LoadResult(seconds=sum(load.seconds for load in running.loads),
                        latencies=[value for load in running.loads for value in load.latencies],
                        failed=sum(load.failed for load in running.loads))
    rasa = next((used for name, used in running.peak_memory.items() if "Rasa server" in name), 0)
    actions = next((used for name, used in running.peak_memory.items() if "action server" in name), None)
    redis = next((used for name, used in running.peak_memory.items() if "redis" in name), None)
    return {
        "messages_per_second": merged.per_second(),
        "per_round_messages_per_second": [load.per_second() for load in running.loads],
        "p50_ms": merged.percentile(0.50), "p95_ms": merged.percentile(0.95), "p99_ms": merged.percentile(0.99),
        "answered": merged.answered, "failed": merged.failed,
        "rasa_server_mib": rasa / MIB,
        "action_server_mib": None if actions is None else actions / MIB,
        "redis_mib": None if redis is None else redis / MIB,
        "total_mib": sum(running.peak_memory.values()) / MIB,
        "startup_s": running.startup_s,
        "conversations": len(running.assistant.conversations),
    }


def soak_ours(ours: Running, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Our assistant (1 worker) soaked with whole conversations, then with one-message conversations."""
    phases = []
    for one_message in (False, True):
        say(f"soak: {args.soak_visitors} visitors for {args.soak_seconds:.0f} s, "
            f"{'one-message' if one_message else 'whole'} conversations")
        phase = soak(ours.url, ours.servers, ours.assistant.conversations, args.soak_visitors, args.soak_seconds,
                     one_message)
        say(f"soak, {phase['kind']}: {phase['answered']} of {phase['sent']} answered, memory "
            f"{phase['memory_start_mib']:.0f} MiB at the start, {phase['memory_end_mib']:.0f} MiB at the end")
        phases.append(phase)
    return phases


def bench(args: argparse.Namespace) -> Path:
    """Runs everything `args` asks for and writes the results; returns the Markdown report's path."""
    results: dict[str, Any] = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "machine": report.machine(),
                               "setup": {"visitors": args.visitors, "rounds": args.rounds, "seconds": args.seconds,
                                         "warmup_seconds": args.warmup, "workers": args.workers,
                                         "keep_alive": args.keep_alive,
                                         "training_rounds": args.training_rounds if args.training else 0}}
    with tempfile.TemporaryDirectory(prefix="netsafe-bench-") as temporary:
        work = Path(temporary)
        say("making Rasa's starter assistant with `rasa init` in a temporary folder")
        assistants = [ours(), starter(work / "starter"), *[ours(n) for n in range(2, args.workers + 1)]]
        # Training is the same whatever the workers: measured for ours and for the starter only.
        training = training_rounds(assistants, work, args.training_rounds) if args.training else {}
        running = []
        try:
            for assistant in assistants:
                running.append(start(assistant, work / "logs"))
            for round_number in range(1, args.rounds + 1):
                for each in running:
                    run_load(each.url, each.assistant.conversations, args.visitors, args.warmup, args.keep_alive)
                    load = load_while_sampling(each, args.visitors, args.seconds, args.keep_alive)
                    each.loads.append(load)
                    say(f"round {round_number}, {each.assistant.name}: {load.per_second():.1f} messages/s, "
                        f"p95 {load.percentile(0.95):.0f} ms, {load.failed} failed")
            if args.soak_seconds:
                results["soak"] = soak_ours(running[0], args)
        finally:
            for each in running:
                each.supervisor.stop()
    results["assistants"] = {each.assistant.name: {**summary(each), **training.get(each.assistant.name, {})}
                             for each in running}
    figures = results["assistants"]
    if figures.get("starter", {}).get("messages_per_second"):
        results["ratio"] = figures["ours"]["messages_per_second"] / figures["starter"]["messages_per_second"]
    if training:
        results["training_ratio"] = figures["ours"]["train_cold_s"] / figures["starter"]["train_cold_s"]
    return report.write(results, settings.RESULTS_DIR / "bench")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--visitors", type=int, default=10, help="concurrent simulated visitors (default 10)")
    parser.add_argument("--seconds", type=float, default=60, help="length of each measured round (default 60)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per assistant, interleaved (default 3)")
    parser.add_argument("--warmup", type=float, default=10, help="unmeasured load before each round (default 10)")
    parser.add_argument("--workers", type=int, default=2,
                        help="also measure ours scaled out with 2..N workers on Redis (default 2; 1 for none)")
    parser.add_argument("--soak-seconds", type=float, default=300,
                        help="soak ours with --soak-visitors for this long, twice (whole, then one-message "
                             "conversations), memory at start and end (default 300; 0 for none)")
    parser.add_argument("--soak-visitors", type=int, default=50, help="visitors in the soak (default 50)")
    parser.add_argument("--keep-alive", action="store_true",
                        help="each visitor keeps one connection open (default: a new connection per message, "
                             "as a load balancer in front spreads messages; see bot/bench/load.py)")
    parser.add_argument("--no-training", dest="training", action="store_false",
                        help="skip the training figures (about 4 minutes a round)")
    parser.add_argument("--training-rounds", type=int, default=1,
                        help="train ours and the starter this many times, interleaved; the medians are reported "
                             "(default 1)")
