"""End to end: `make run` as a newcomer runs it, the real servers, real HTTP, then SIGTERM.

The tests in this module share one running assistant (starting one takes most of a minute) and run
in file order: the last one stops it and checks that nothing is left behind.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from bot import services, settings
from tests.conftest import free_port

pytestmark = pytest.mark.e2e
START_TIMEOUT = 600
REGISTRY = services.load().placeholders()


class MakeRun:
    """`make run` in the background, its output collected line by line."""

    def __init__(self, bot_port: int, actions_port: int) -> None:
        self.bot_port, self.actions_port = bot_port, actions_port
        env = {**os.environ, "BOT_PORT": str(bot_port), "ACTIONS_PORT": str(actions_port)}
        self.process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=settings.PROJECT_ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

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

    def say(self, message: str, sender: str = "e2e-visitor") -> list[dict]:
        response = requests.post(f"http://127.0.0.1:{self.bot_port}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=30)
        assert response.status_code == 200
        return response.json()


@pytest.fixture(scope="module")
def assistant(trained_model):
    run = MakeRun(free_port(), free_port())
    run.wait_until_ready()
    yield run
    run.stop()


def text_of(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def test_greeting_offers_the_four_choices_as_buttons(assistant):
    # Exactly the README's curl: no JSON content type.
    response = requests.post(f"http://localhost:{assistant.bot_port}/webhooks/rest/webhook",
                             data=json.dumps({"sender": "t", "message": "hi"}),
                             headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    replies = response.json()
    assert response.status_code == 200 and len(replies) == 1
    assert [b["payload"] for b in replies[0]["buttons"]] == [
        "/worried_about_self", "/worried_about_someone", "/child_in_danger", "/report_something"]
    assert [b["title"] for b in replies[0]["buttons"]] == [
        "I'm worried about my own thoughts or behaviour", "I'm worried about someone else",
        "A child is in danger now", "I want to report something"]
    assert REGISTRY["helpline.phone"] in replies[0]["text"]


@pytest.mark.parametrize("payload,contacts", [
    ("/child_in_danger", ["police_emergency.phone", "helpline.phone"]),
    ("/report_something", ["police_emergency.phone", "police_non_emergency.phone", "crimestoppers.phone",
                           "iwf.web"]),
    ("/worried_about_self", ["helpline.phone", "self_help.web"]),
    ("/worried_about_someone", ["helpline.phone", "police_emergency.phone"]),
])
def test_each_choice_hands_over_to_the_right_service(assistant, payload, contacts):
    replies = assistant.say(payload, sender=f"e2e{payload}")
    for key in contacts:
        assert REGISTRY[key] in text_of(replies), key
    assert replies[-1].get("buttons"), "every answer leaves a next step"


def test_child_in_danger_says_999_first(assistant):
    text = text_of(assistant.say("/child_in_danger", sender="e2e-danger"))
    assert text.index(REGISTRY["police_emergency.phone"]) < text.index(REGISTRY["helpline.phone"])


def test_helpline_answer_uses_the_action_server(assistant):
    replies = assistant.say("whats the number for the helpline", sender="e2e-helpline")
    assert REGISTRY["helpline.phone"] in replies[0]["text"]
    assert REGISTRY["helpline.hours"] in replies[0]["text"]
    # The second message depends on the action's slots: one of the two clock-driven variations.
    assert "open now" in replies[1]["text"] or "closed now" in replies[1]["text"]


def test_free_text_with_typos_is_understood(assistant):
    text = text_of(assistant.say("my partner got arested yesterday and the police took all his devices",
                                 sender="e2e-free-text"))
    assert "family and friends" in text


def test_no_reply_shows_a_placeholder(assistant):
    for message in ["hi", "/ask_helpline", "/report_something", "qwerty zxcv plonk", "bye"]:
        text = text_of(assistant.say(message, sender="e2e-placeholders"))
        assert "{" not in text and "}" not in text


def test_output_is_one_line_per_step(assistant):
    assert any(line.startswith("==> Reusing the model") for line in assistant.lines), assistant.lines
    noisy = [line for line in assistant.lines if not line.startswith(("==> ", "    "))]
    assert noisy == []


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _processes_mentioning(port: int) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--port" in args and str(port).encode() in args:
            found.append(b" ".join(args).decode(errors="replace"))
    return found


def test_sigterm_to_make_run_stops_both_servers(assistant):
    assert _port_open(assistant.bot_port) and _port_open(assistant.actions_port)
    assistant.stop()
    assert any(line.startswith("==> Stopped") for line in assistant.lines), assistant.lines
    assert not _port_open(assistant.bot_port) and not _port_open(assistant.actions_port)
    assert _processes_mentioning(assistant.bot_port) == []
    assert _processes_mentioning(assistant.actions_port) == []
