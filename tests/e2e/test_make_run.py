"""End to end: `make run` as a newcomer runs it, the real servers, real HTTP, then SIGTERM.

The tests in this module share one running assistant (starting one takes most of a minute) and run
in file order: the last one stops it and checks that nothing is left behind.
"""
from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest
import requests

from bot import services

pytestmark = pytest.mark.e2e
REGISTRY = services.load().placeholders()


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
    ("/child_in_danger", ["police_emergency.phone", "childline.phone"]),
    ("/report_something", ["police_emergency.phone", "police_non_emergency.phone", "crimestoppers.phone",
                           "iwf.web"]),
    ("/worried_about_self", ["helpline.phone", "self_help.web"]),
    ("/worried_about_someone", ["helpline.phone", "police_emergency.phone"]),
])
def test_each_choice_hands_over_to_the_right_service(assistant, payload, contacts):
    replies = assistant.say(payload, sender=f"e2e-{payload.strip('/')}")
    for key in contacts:
        assert REGISTRY[key] in text_of(replies), key
    assert replies[-1].get("buttons"), "every answer leaves a next step"


def test_child_in_danger_says_999_first(assistant):
    # Then Childline for a child who is writing; never the adults' helpline as a child's own next step.
    text = text_of(assistant.say("/child_in_danger", sender="e2e-danger"))
    assert text.index(REGISTRY["police_emergency.phone"]) < text.index(REGISTRY["childline.phone"])
    assert REGISTRY["helpline.phone"] not in text


def test_helpline_answer_says_whether_it_is_open_now(assistant):
    replies = assistant.say("whats the number for the helpline", sender="e2e-helpline")
    assert len(replies) == 1
    assert REGISTRY["helpline.phone"] in replies[0]["text"]
    assert REGISTRY["helpline.hours"] in replies[0]["text"]
    # One of the registry's two sentences, chosen by the server from the clock as it replies.
    assert "is open now" in replies[0]["text"] or "is closed now" in replies[0]["text"]


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
    noisy = [line for line in assistant.lines if not line.startswith(("==> ", "    ", "Campaign page: "))]
    assert noisy == []
    assert sum(line.startswith("Campaign page: ") for line in assistant.lines) == 1


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
