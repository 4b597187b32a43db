"""Nothing identifying is kept: real conversations through the real server, then the real storage and logs
are read back and searched for every detail that was typed.

The server runs as `make run` starts it, with two changes that make the check harder to pass: the
conversations go to an SQL (SQLite) store behind the wrapper, so the file on disk can be read, and Rasa
logs at DEBUG level, where it writes every message it receives.
"""
from __future__ import annotations

import http.client
import json
import re
import secrets

import pytest
import yaml

from bot import settings
from tests.e2e.make_run import MakeRun

pytestmark = pytest.mark.e2e

MESSAGES = [
    "his name is Dave Smith and he lives at 14 Elm Road, ZZ1 1ZZ",
    "his number is 07700 900123 and his email is dave.smith@example.com, can you pass it on",
    "the pictures are on www.example.net/gallery and his insta is @dave_smith_test",
    "my neighbour Gary Jones at 22b station road is hurting his son right now",
    '/greet{"name": "Barry Holt 07700 900456"}',
    "i want to end it all, my address is 7 Orchard Close",
]
DETAILS = ["Dave", "Smith", "Elm Road", "ZZ1 1ZZ", "07700", "example.com", "example.net", "dave_smith_test",
           "Gary", "Jones", "station road", "Barry", "Holt", "Orchard Close"]


# Messages are also sent from this loopback address, so that the visitor's address can be told apart
# from the server's own (127.0.0.1) in the logs.
CLIENT_ADDRESS = "127.0.0.2"


def say_from(address: str, port: int, message: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(address, 0))
    connection.request("POST", "/webhooks/rest/webhook", json.dumps({"sender": "privacy-address", "message": message}),
                       {"Content-Type": "application/json"})
    assert connection.getresponse().status == 200


def detail_pattern(detail: str) -> str:
    """A typed detail as a pattern. A number counts only where no digit, hex letter or point stands before it:
    what the store keeps of its own, a classifier's confidence (0.0008940770057...) or a hex id, can hold the
    same digits by chance, and did."""
    return rf"(?<![0-9a-f.]){re.escape(detail)}" if detail.isdigit() else re.escape(detail)


def found(text: str) -> list[str]:
    return [detail for detail in DETAILS if re.search(detail_pattern(detail), text, re.IGNORECASE)]


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


def test_the_redacting_store_is_the_one_serving(stored):
    # Rasa silently falls back to an unredacted in-memory store if a custom one fails to load: the
    # placeholders in the file prove the wrapper wrote it.
    assert "[name]" in stored["database"] and "[phone]" in stored["database"]


def test_the_debug_log_saw_the_messages_but_only_redacted(stored):
    assert "[phone]" in stored["rasa log"]


def test_no_client_address_is_logged(stored):
    assert CLIENT_ADDRESS not in stored["rasa log"] and CLIENT_ADDRESS not in stored["action server log"]


def test_the_default_in_memory_store_is_redacted_too(assistant_with_api):
    sender = f"privacy-default-{secrets.token_hex(4)}"
    assistant_with_api.say(MESSAGES[1], sender=sender)
    tracker = str(assistant_with_api.tracker(sender))
    assert found(tracker) == [] and "[phone]" in tracker
