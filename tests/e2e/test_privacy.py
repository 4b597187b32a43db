"""Nothing a visitor types is kept: real conversations through the real server, then the real storage and logs
are read back and searched for every detail that was typed (tests/e2e/planted.py).

The server runs as `make run` starts it, with two changes that make the check harder to pass: the
conversations go to an SQL (SQLite) store behind the wrapper, so the file on disk can be read, and Rasa
logs at DEBUG level, where it writes every message it receives. (Redis is searched the same way in
tests/e2e/test_scale_out.py.)
"""
from __future__ import annotations

import http.client
import json
import secrets

import pytest
import yaml

from bot import settings
from tests.e2e.make_run import MakeRun
from tests.e2e.planted import MESSAGES, found

pytestmark = pytest.mark.e2e

# Messages are also sent from this loopback address, so that the visitor's address can be told apart
# from the server's own (127.0.0.1) in the logs.
CLIENT_ADDRESS = "127.0.0.2"


def say_from(address: str, port: int, message: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(address, 0))
    connection.request("POST", "/webhooks/rest/webhook", json.dumps({"sender": "privacy-address", "message": message}),
                       {"Content-Type": "application/json"})
    assert connection.getresponse().status == 200


@pytest.fixture(scope="module")
def stored(tmp_path_factory, trained_model):
    """Runs the conversations on an SQL-backed server logging at DEBUG; yields what it stored and logged."""
    folder = tmp_path_factory.mktemp("privacy")
    database = folder / "conversations.db"
    endpoints = yaml.safe_load((settings.PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["tracker_store"]["store"] = {"type": "sql", "dialect": "sqlite", "db": str(database)}
    (folder / "endpoints.yml").write_text(yaml.safe_dump(endpoints))
    token, senders = secrets.token_urlsafe(16), [f"privacy-{secrets.token_hex(4)}" for _ in range(2)]
    env = {"BOT_ENDPOINTS": str(folder / "endpoints.yml"), "LOG_LEVEL": "DEBUG", "BOT_LOGS_DIR": str(folder)}
    with MakeRun(api_token=token, env=env) as run:
        replies = [run.say(message, sender=sender) for sender in senders for message in MESSAGES]
        trackers = [str(run.tracker(sender)) for sender in senders]
        say_from(CLIENT_ADDRESS, run.bot_port, "hello")
    yield {
        "database": database.read_bytes().decode("utf-8", errors="replace"),
        "rasa log": (folder / "rasa.log").read_text(errors="replace"),
        "action server log": (folder / "actions.log").read_text(errors="replace"),
        "trackers": "\n".join(trackers),
        "replies": str(replies),
    }


@pytest.mark.parametrize("where", ["database", "rasa log", "action server log", "trackers", "replies"])
def test_no_detail_typed_is_kept_anywhere(stored, where):
    assert found(stored[where]) == []


def test_the_conversations_were_stored_as_understood(stored):
    # Rasa silently falls back to its own in-memory store if a custom one fails to load: what the file holds
    # proves the wrapper wrote it, and that it holds what the conversation needs.
    assert '"text": null' in stored["database"] and "utter_suicidal_thoughts" in stored["database"]
    assert "suicidal_thoughts" in stored["trackers"]


def test_the_debug_log_saw_the_messages_but_says_only_their_length(stored):
    assert f"[typed: {len(MESSAGES[0])} characters]" in stored["rasa log"]


def test_no_client_address_is_logged(stored):
    assert CLIENT_ADDRESS not in stored["rasa log"] and CLIENT_ADDRESS not in stored["action server log"]


def test_the_default_in_memory_store_keeps_no_words_either(assistant_with_api):
    sender = f"privacy-default-{secrets.token_hex(4)}"
    for message in MESSAGES:
        assistant_with_api.say(message, sender=sender)
    tracker = assistant_with_api.tracker(sender)
    assert found(str(tracker)) == []
    assert [event["text"] for event in tracker["events"] if event["event"] == "user"] == [None] * len(MESSAGES)
