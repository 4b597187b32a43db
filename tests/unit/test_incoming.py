"""Incoming messages: requests are checked, text is cleaned, injections and floods are defused."""
from __future__ import annotations

import pytest

from bot.safety.detector import default_detector
from bot.safety.incoming import BadMessage, clean, failure_reply, prepare, read_request, too_fast_reply
from bot.services import default_registry
from bot.settings import MAX_MESSAGE_CHARS

INTENTS = ["greet", "child_in_danger", "suicidal_thoughts"]


def prepared(text: str) -> str:
    return prepare(text, INTENTS, default_detector())


@pytest.mark.parametrize("body, problem", [
    ([1, 2], "JSON object"), ("hi", "JSON object"), (None, "JSON object"),
    ({"message": "hi"}, "sender"), ({"sender": "", "message": "hi"}, "sender"),
    ({"sender": "dave@example.com", "message": "hi"}, "sender"), ({"sender": ["x"], "message": "hi"}, "sender"),
    ({"sender": "a"}, "message"), ({"sender": "a", "message": 5}, "message"),
])
def test_unusable_requests_are_refused_with_the_reason(body, problem):
    with pytest.raises(BadMessage, match=problem):
        read_request(body)


def test_a_proper_request_is_read():
    incoming = read_request({"sender": "3f2a-visitor", "message": "hello"})
    assert (incoming.sender, incoming.text) == ("3f2a-visitor", "hello")


@pytest.mark.parametrize("text, expected", [
    ("  hi  ", "hi"),
    ("\u202ehi\u0000\u0007", "hi"),                       # direction override and control characters
    ("line one\nline two", "line one\nline two"),
    ("مرحبا 👋🏽 שלום", "مرحبا 👋🏽 שלום"),                # other scripts and emoji stay as typed
    ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),   # emoji joined by zero-width joiners
])
def test_cleaning_removes_only_invisible_controls(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("/greet", "/greet"),                                   # a button's payload
    ("/child_in_danger", "/child_in_danger"),
    ('/greet{"name": "Dave"}', 'greet{"name": "Dave"}'),   # an injection is read as words
    ("/restart", "restart"),                                # not one of the domain's intents
    ("//suicidal_thoughts", "suicidal_thoughts"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
])
def test_only_exact_button_payloads_reach_rasa_as_commands(text, expected):
    assert prepared(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\u0000\u200b", "/"])
def test_an_empty_message_is_refused(text):
    with pytest.raises(BadMessage, match="empty"):
        prepared(text)


def test_a_long_message_is_read_up_to_the_limit():
    text = "i keep worrying about what i looked at " * 400
    result = prepared(text)
    assert len(result) <= MAX_MESSAGE_CHARS and text.startswith(result)


def test_a_crisis_at_the_end_of_a_long_message_is_never_cut_off():
    text = "i keep worrying about what i looked at " * 400 + " and honestly i want to kill myself"
    assert prepared(text) == "/suicidal_thoughts"


@pytest.mark.parametrize("reply", [failure_reply, too_fast_reply])
def test_the_failure_and_too_fast_replies_give_the_emergency_numbers(reply):
    reply, values = reply(), default_registry().placeholders()
    for key in ("police_emergency.phone", "samaritans.phone", "helpline.phone"):
        assert values[key] in reply
