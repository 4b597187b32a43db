"""The benchmark's results as JSON (everything) and a Markdown table (what a reader compares)."""
from __future__ import annotations

import json
import os
import platform
import re
from pathlib import Path
from typing import Any


def machine() -> dict[str, Any]:
    """What the figures were measured on: they mean little without it."""
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text())
    return {
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory.group(1)) / 1024 ** 2, 1) if memory else None,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def _cell(value: Any, unit: str = "") -> str:
    if value is None:
        return "not measured"
    if isinstance(value, float):
        return f"{value:.1f}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return f"{value}{unit}"


ROWS = [  # (label, key, unit)
    ("messages per second", "messages_per_second", ""),
    ("latency p50", "p50_ms", " ms"),
    ("latency p95", "p95_ms", " ms"),
    ("latency p99", "p99_ms", " ms"),
    ("messages answered", "answered", ""),
    ("messages failed", "failed", ""),
    ("memory (PSS), Rasa server (peak)", "rasa_server_mib", " MiB"),
    ("memory (PSS), action server (peak)", "action_server_mib", " MiB"),
    ("memory (PSS), redis-server (peak)", "redis_mib", " MiB"),
    ("memory (PSS), all servers (peak)", "total_mib", " MiB"),
    ("start-up to first reply", "startup_s", " s"),
    ("training, cold", "train_cold_s", " s"),
    ("training, after a wording-only change", "train_reworded_s", " s"),
    ("training, after a training example was added", "train_example_added_s", " s"),
]


def markdown(results: dict[str, Any]) -> str:
    """One table, our assistant beside the starter, then how the run was set up and the machine."""
    names = list(results["assistants"])
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, key, unit in ROWS:
        lines.append(f"| {label} | " + " | ".join(_cell(results["assistants"][n].get(key), unit) for n in names) + " |")
    setup, host = results["setup"], results["machine"]
    lines += ["", f"{setup['visitors']} concurrent visitors, {setup['rounds']} rounds of {setup['seconds']:.0f} s per "
              f"assistant, interleaved, after {setup['warmup_seconds']:.0f} s of warm-up each; "
              f"{'one connection kept open per visitor' if setup.get('keep_alive') else 'a new connection per message'}; "
              f"run started {results['started']}.",
              f"Machine: {host['cpu']}, {host['cores']} cores, {host['memory_gib']} GiB, {host['system']}, "
              f"Python {host['python']}."]
    if "ratio" in results:
        lines.append(f"Ours answers {results['ratio']:.2f}x the starter's messages per second.")
    if "training_ratio" in results:
        lines += training_lines(results)
    if results.get("soak"):
        lines += ["", "Soak (ours, 1 worker):", "", *soak_lines(results["soak"])]
    return "\n".join(lines) + "\n"


def training_lines(results: dict[str, Any]) -> list[str]:
    """Cold training of ours against the starter's, and every training round when there were several."""
    lines = [f"Cold training of ours takes {results['training_ratio']:.2f}x the starter's (medians)."]
    rounds = {name: figures["training_rounds"] for name, figures in results["assistants"].items()
              if len(figures.get("training_rounds", [])) > 1}
    for name, each in rounds.items():
        lines.append(f"Training of {name}, round by round (cold / after a rewording / after an added example): "
                     + "; ".join(f"{r['train_cold_s']:.0f} / {r['train_reworded_s']:.0f} / {r['train_example_added_s']:.0f} s"
                                 for r in each) + ".")
    return lines


SOAK_COLUMNS = ["conversations", "visitors", "seconds", "sent", "answered", "failed", "messages/s", "p95",
                "memory at start", "memory at end"]


def soak_lines(phases: list[dict[str, Any]]) -> list[str]:
    """The soak's phases as a table, then each phase's memory every 30 s."""
    lines = ["| " + " | ".join(SOAK_COLUMNS) + " |", "|" + "---|" * len(SOAK_COLUMNS)]
    for p in phases:
        cells = [p["kind"], p["visitors"], f"{p['seconds']:.0f}", p["sent"], p["answered"], p["failed"],
                 _cell(p["messages_per_second"]), _cell(p["p95_ms"], " ms"), _cell(p["memory_start_mib"], " MiB"),
                 _cell(p["memory_end_mib"], " MiB")]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    lines.append("")
    for p in phases:
        samples = ", ".join(f"{mib:.0f}" for mib in p.get("memory_samples_mib", []))
        lines.append(f"Memory every 30 s, {p['kind']}: {samples} MiB.")
    return lines


def write(results: dict[str, Any], folder: Path) -> Path:
    """Writes bench-<time>.json and .md, and latest.md, into `folder`; returns the Markdown's path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = results["started"].replace(":", "").replace("-", "")
    (folder / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    text = markdown(results)
    (folder / f"bench-{stamp}.md").write_text(text)
    (folder / "latest.md").write_text(text)
    return folder / f"bench-{stamp}.md"
