"""Scaled out: two assistant processes, sharing one real Redis, serve one conversation between them.

Each process is `make run-scaled` with its own port, pointed at the same redis-server (REDIS_HOST), as two
machines behind a load balancer would be. Turns go to them alternately; the conversation must come out
whole, with every turn answered once, in order, by the answer that turn should get.
"""
from __future__ import annotations

import secrets

import pytest

from tests.e2e.make_run import MakeRun

pytestmark = pytest.mark.e2e

# (what the visitor sends, the answer it must get): typed words (from the conversation tests, so the answer
# is known to be right) and button clicks, across topics.
TURNS = [
    ("hello", "utter_greet"),
    ("/worried_about_self", "utter_worried_about_self"),
    ("is it actually illegal if i only ever streamed it and never saved a thing", "utter_ask_is_it_illegal"),
    ("/ask_confidential", "utter_ask_confidential"),
    ("can the police see what ive been watching if i used private browsing", "utter_ask_traced"),
    ("/ask_which_number", "utter_ask_which_number"),
    ("thank you", "utter_thanks"),
    ("bye", "utter_goodbye"),
]


@pytest.fixture(scope="module")
def two_processes(redis_port, tmp_path_factory, trained_model):
    token = secrets.token_urlsafe(16)
    runs = []
    try:
        for name in ("a", "b"):
            env = {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis_port), "BOT_WORKERS": "1",
                   "BOT_LOGS_DIR": str(tmp_path_factory.mktemp(f"logs-{name}"))}
            runs.append(MakeRun(api_token=token, env=env, target="run-scaled").__enter__())
        yield runs
    finally:
        for run in runs:
            run.stop()


def test_two_processes_serve_one_conversation_alternately_without_losing_or_repeating_a_turn(two_processes):
    sender = secrets.token_hex(16)
    for number, (message, _) in enumerate(TURNS):
        replies = two_processes[number % 2].say(message, sender=sender)
        assert replies, f"no reply to turn {number + 1}"
    for run in two_processes:  # both see the same, whole conversation
        events = run.tracker(sender)["events"]
        said = [event for event in events if event["event"] == "user"]  # as understood: no words are stored
        answered = [event["metadata"]["utter_action"] for event in events if event["event"] == "bot"]
        assert len(said) == len(TURNS) and all(event["text"] is None and event["parse_data"]["intent"]["name"]
                                               for event in said)
        assert answered == [answer for _, answer in TURNS]


def test_each_process_started_as_scaled_out_on_the_shared_redis(two_processes, redis_port):
    for run in two_processes:
        assert any(f"sharing Redis at 127.0.0.1:{redis_port}" in line for line in run.lines)
        assert not any("redis-server on port" in line for line in run.lines)  # REDIS_HOST: no redis of its own


def test_no_detail_typed_is_in_any_key_of_the_shared_redis(two_processes, redis_port):
    """The planted conversation, across both processes; then every key of the real redis-server, in every
    database (conversations and locks), is read whole and searched."""
    import redis

    from tests.e2e.planted import MESSAGES, found

    sender = secrets.token_hex(16)
    for number, message in enumerate(MESSAGES):
        assert two_processes[number % 2].say(message, sender=sender)
    held = []
    for db in range(16):
        client = redis.Redis(host="127.0.0.1", port=redis_port, db=db)
        for key in client.scan_iter():
            kind = client.type(key).decode()
            value = {"string": client.get, "hash": client.hgetall, "list": lambda k: client.lrange(k, 0, -1),
                     "set": client.smembers, "zset": lambda k: client.zrange(k, 0, -1)}[kind](key)
            held.append(f"{key!r} {value!r}")
    assert any(sender in entry for entry in held)  # the conversation is there, as understood
    assert found("\n".join(held)) == []
