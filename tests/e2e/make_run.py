"""`make run` in the background, exactly as a newcomer starts it, for end-to-end tests."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from bot import settings
from bot.servers import free_port

START_TIMEOUT = 600


class MakeRun:
    """`make run` in the background on free ports, its output collected line by line.

    Use it as a context manager: `with MakeRun() as run:` waits until it is ready, and stops it after.
    """

    def __init__(self, api_token: str | None = None, env: dict[str, str] | None = None, target: str = "run") -> None:
        self.bot_port, self.actions_port, self.api_token = free_port(), free_port(), api_token
        env = {**os.environ, "BOT_PORT": str(self.bot_port), "ACTIONS_PORT": str(self.actions_port), **(env or {})}
        env.pop("BOT_API_TOKEN", None)
        if api_token:
            env["BOT_API_TOKEN"] = api_token
        self.process = subprocess.Popen(["make", "--no-print-directory", target], cwd=settings.PROJECT_ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> "MakeRun":
        self.wait_until_ready()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if any(line.startswith("==> Ready") for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.5)
        self.stop()
        pytest.fail("make run did not become ready:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # to make itself, as a supervisor or CI would
        return self.process.wait(timeout=60)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.bot_port}"

    def server_pid(self, server: str) -> int:
        """The process id of one of the servers make run started: "actions" (the action server) or "rasa"."""
        port = self.actions_port if server == "actions" else self.bot_port
        wanted = ["run", "actions", "--port", str(port)] if server == "actions" else ["--port", str(port)]
        for entry in Path("/proc").iterdir():
            try:
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except (OSError, ValueError):
                continue
            if "bot.rasa_process" in argv and _contains(argv, wanted):
                return int(entry.name)
        raise LookupError(f"no {server} server on port {port}")

    def is_answering(self) -> bool:
        """True when the assistant's REST channel answers a message (not only its port)."""
        try:
            return bool(self.say("hello", sender=f"e2e-probe-{time.monotonic_ns()}"))
        except (requests.RequestException, AssertionError):
            return False

    def say(self, message: str, sender: str = "e2e-visitor") -> list[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def tracker(self, sender: str) -> dict:
        """The stored conversation, as a tester reads it (needs the HTTP API: `api_token`)."""
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": self.api_token}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def answer_sent(self, sender: str) -> str:
        """The response the assistant sent last in this conversation, read from its tracker."""
        sent = [event["metadata"]["utter_action"] for event in self.tracker(sender)["events"] if event["event"] == "bot"]
        return sent[-1]


def _contains(argv: list[str], run: list[str]) -> bool:
    return any(argv[i:i + len(run)] == run for i in range(len(argv) - len(run) + 1))
