"""The two assistants the benchmark compares: ours, and Rasa's starter assistant made by `rasa init`.

Both are trained, started and talked to the same way: the same Rasa, the same quiet environment, the REST
channel on localhost, and conversations taken from each one's own test stories.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from bot import settings
from bot.cli import replies, servers
from bot.scale_out import ScaleOut
from bot.servers import Server, free_port


def conversations_from(paths: list[Path]) -> list[list[str]]:
    """The visitor's messages of every test story, one list per story: typed words and button clicks."""
    found = []
    for path in paths:
        for story in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", []):
            turns = [str(step["user"]).strip() for step in story.get("steps", []) if "user" in step]
            if turns:
                found.append(turns)
    return found


@dataclass
class Assistant:
    """One assistant: its project folder, its trained model, how to start it and what visitors say to it."""

    name: str
    folder: Path
    model: Path
    conversations: list[list[str]]
    start: Callable[[int, Path], list[Server]]  # (bot port, logs folder) -> its servers, not yet started

    def train(self, out: Path, cache: Path, domain: Path | None = None, data: Path | None = None) -> float:
        """Seconds `rasa train` takes into `out`, with Rasa's cache in `cache` (empty for a cold training)."""
        command = [settings.venv_command("rasa"), "train", "--config", "config.yml", "--data", str(data or "data"),
                   "--domain", str(domain or self.folder / "domain.yml"), "--out", str(out),
                   "--fixed-model-name", "bench"]
        env = {**settings.rasa_env(), "RASA_CACHE_DIRECTORY": str(cache)}
        started = time.monotonic()
        with (out.parent / f"train-{self.name}-{out.name}.log").open("w") as log:
            subprocess.run(command, cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
        return time.monotonic() - started


def reworded_domain(domain: Path, out: Path) -> Path:
    """A copy of `domain` with one response's wording changed, and nothing else: a content owner's edit."""
    raw = yaml.safe_load(domain.read_text(encoding="utf-8"))
    first = next(iter(raw["responses"].values()))[0]
    first["text"] = first["text"].rstrip() + " Take your time."
    out.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def data_with_an_added_example(data: Path, out: Path) -> Path:
    """A copy of the training data `data` with one new example for its first intent, and nothing else changed:
    a content owner teaching the assistant a new way of asking. Rasa then retrains the featurizers and the
    classifier, and reuses the rest from its cache."""
    shutil.copytree(data, out)
    path = min(file for file in out.rglob("*.yml") if "nlu:" in file.read_text(encoding="utf-8"))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(item for item in raw["nlu"] if "intent" in item)
    first["examples"] = first["examples"].rstrip("\n") + "\n- a new way of asking this, added by a content owner\n"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def ours(workers: int = 1) -> Assistant:
    """This project, with the model `make train` keeps current, started as `make run` starts it; with more than
    one worker, as `make run-scaled` does, on a redis-server of the benchmark's own."""
    scale = ScaleOut(workers, "127.0.0.1", free_port(), own_redis=True) if workers > 1 else None

    def start(bot_port: int, logs: Path) -> list[Server]:
        redis = scale.redis_server() if scale else None
        action_server, rasa_server = servers(bot_port, free_port(), scale)
        for server in (redis, action_server, rasa_server):
            if server:
                server.log_path = logs / f"ours-{workers}-{server.log_path.name}"
        return [server for server in (redis, action_server, rasa_server) if server]

    stories = sorted(settings.PROJECT_ROOT.glob("tests/test_*.yml"))
    name = "ours" if workers == 1 else f"ours, {workers} workers"
    return Assistant(name, settings.PROJECT_ROOT, settings.MODEL_PATH, conversations_from(stories), start)


def starter(folder: Path) -> Assistant:
    """`rasa init --no-prompt` in `folder` (it trains its own model), started with plain `rasa run`."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)  # rasa init wants an existing, empty folder
    env = {**settings.rasa_env(), "RASA_CACHE_DIRECTORY": str(folder / ".rasa" / "cache")}
    with (folder.parent / "rasa-init.log").open("w") as log:
        subprocess.run([settings.venv_command("rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
                       cwd=folder.parent, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    model = max((folder / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)

    def start(bot_port: int, logs: Path) -> list[Server]:
        argv = [settings.venv_command("rasa"), "run", "--model", str(model), "--port", str(bot_port),
                "--interface", "127.0.0.1"]
        return [Server("starter: Rasa server", argv, logs / "starter-rasa.log", replies(bot_port), settings.rasa_env())]

    return Assistant("starter", folder, model, conversations_from([folder / "tests" / "test_stories.yml"]), start)
