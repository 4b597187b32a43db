"""Faults, made for real: the action server hung and killed, the assistant killed mid-conversation, Redis gone.

Each test breaks a real process that `make run` (or `make run-scaled`) started, and checks what a visitor
gets meanwhile and afterwards. The critical routes (999, suicide, a child's disclosure, a report, the
helpline) must keep their handoff throughout: no answer depends on the action server, and the stores fall
back to memory while Redis is down.
"""
from __future__ import annotations

import os
import secrets
import signal

import pytest
import redis
import requests

from bot.safety.incoming import failure_reply
from bot.servers import free_port
from tests.conftest import start_redis, wait_for
from tests.e2e.make_run import MakeRun
from tests.handoffs import handoff_of, missing_contacts

pytestmark = pytest.mark.e2e
RECOVERY_SECONDS = 120  # how long the tests wait for a restart: a limit on waiting, not a measured target

# (message, the answer it must get) for every critical route.
CRITICAL = [
    ("theres a little girl next door screaming and he is hitting her right now", "utter_child_in_danger"),
    ("i cant go on, i want to kill myself tonight", "utter_suicidal_thoughts"),
    ("im 13 and my mums boyfriend keeps touching me when shes out", "utter_young_person_being_hurt"),
    ("i want to report a man who shares pictures of kids online", "utter_report_something"),
    ("whats the number for the stop it now helpline", "utter_ask_helpline"),
]


def wait_until(predicate, timeout: float = RECOVERY_SECONDS) -> bool:
    return wait_for(predicate, timeout, poll=0.5)


def actions_answer(run: MakeRun) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{run.actions_port}/health", timeout=2).ok
    except requests.RequestException:
        return False


def assert_critical_routes_answered(run: MakeRun) -> None:
    for message, answer in CRITICAL:
        sender = f"fault-{secrets.token_hex(6)}"
        text = "\n".join(reply.get("text", "") for reply in run.say(message, sender=sender))
        assert run.answer_sent(sender) == answer, message
        assert not missing_contacts(text, handoff_of(answer)), text


@pytest.fixture(scope="module")
def running(trained_model, tmp_path_factory):
    env = {"BOT_LOGS_DIR": str(tmp_path_factory.mktemp("fault-logs"))}
    with MakeRun(api_token=secrets.token_urlsafe(16), env=env) as run:
        yield run


def test_critical_routes_keep_their_handoff_while_the_action_server_hangs_or_is_killed(running):
    pid = running.server_pid("actions")
    os.kill(pid, signal.SIGSTOP)  # hung: it accepts connections and never answers
    try:
        assert not actions_answer(running)
        assert_critical_routes_answered(running)
    finally:
        os.kill(pid, signal.SIGCONT)
    os.kill(pid, signal.SIGKILL)  # down
    assert wait_until(lambda: not actions_answer(running), timeout=10)
    assert_critical_routes_answered(running)
    assert not actions_answer(running), "the action server came back during the check: it proves nothing"
    # make run starts it again by itself
    assert wait_until(lambda: actions_answer(running)), "\n".join(running.lines)
    assert any("action server stopped (exit code -9); starting it again" in line for line in running.lines)


def test_after_the_assistant_is_killed_mid_conversation_the_next_message_gets_a_real_answer(running):
    sender = f"fault-restart-{secrets.token_hex(6)}"
    running.say("hello", sender=sender)
    running.say("/worried_about_someone", sender=sender)
    os.kill(running.server_pid("rasa"), signal.SIGKILL)
    assert wait_until(lambda: not running.is_answering(), timeout=10)
    assert wait_until(running.is_answering), "\n".join(running.lines)  # make run started it again
    assert any("Rasa server stopped (exit code -9); starting it again" in line for line in running.lines)
    # The conversation so far was in the killed process's memory: the next message starts it afresh.
    replies = running.say("is he going to lose his job over this, people at his work will find out wont they",
                          sender=sender)
    assert replies and failure_reply() not in [reply.get("text") for reply in replies]
    assert running.answer_sent(sender) == "utter_ask_consequences"
    assert_critical_routes_answered(running)


@pytest.fixture
def scaled_on_own_redis(trained_model, tmp_path_factory):
    """`make run-scaled` (2 workers) on a redis-server this test can stop and start again."""
    port = free_port()
    server = start_redis(port)
    logs = tmp_path_factory.mktemp("redis-fault-logs")
    env = {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(port), "BOT_WORKERS": "2", "BOT_LOGS_DIR": str(logs)}
    try:
        with MakeRun(api_token=secrets.token_urlsafe(16), env=env, target="run-scaled") as run:
            yield run, port, server, logs
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_redis_down_logs_a_clear_error_answers_visitors_and_recovers_without_a_restart(scaled_on_own_redis):
    run, port, server, logs = scaled_on_own_redis
    before = f"fault-redis-{secrets.token_hex(6)}"
    run.say("hello", sender=before)
    assert redis.Redis(port=port).exists(f"netsafe:tracker:{before}")

    server.terminate()  # Redis goes away
    server.wait(timeout=30)
    for message, answer in CRITICAL:
        sender = f"fault-redis-{secrets.token_hex(6)}"
        text = "\n".join(reply.get("text", "") for reply in run.say(message, sender=sender))
        assert failure_reply() not in text and not missing_contacts(text, handoff_of(answer)), text
    assert run.say("/ask_confidential", sender=before)  # an ongoing conversation is answered too
    log = (logs / "rasa.log").read_text()
    assert "Redis is not answering (ConnectionError)" in log
    assert "The conversation store failed (ConnectionError" in log

    restarted = start_redis(port)  # Redis is back; the assistant was never restarted
    try:
        recovered = ("Redis is answering again", "The conversation store is answering again")
        after = []
        # Each worker notices for itself; which worker answers is the kernel's choice, so keep talking
        # (up to 64 new visitors) until both have said so.
        while len(after) < 64 and not all(line in (logs / "rasa.log").read_text() for line in recovered):
            after.append(f"fault-redis-{secrets.token_hex(6)}")
            assert run.say("hello", sender=after[-1])
        assert all(redis.Redis(port=port).exists(f"netsafe:tracker:{sender}") for sender in after)
        log = (logs / "rasa.log").read_text()
        assert all(line in log for line in recovered), log[-2000:]
        assert not any("stopped (exit code" in line for line in run.lines)
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)
