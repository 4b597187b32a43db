"""Redaction: every kind of identifying detail is found and replaced, and the services' contacts are kept."""
from __future__ import annotations

import pytest

from bot.redaction import Redactor, default_redactor
from bot.services import default_registry

DETAILS = [
    ("call him on 07700 900123", "phone", "07700 900123"),
    ("his number is +44 7700 900456 ok", "phone", "+44 7700 900456"),
    ("landline 0113 496 0123", "phone", "0113 496 0123"),
    ("ring 07700900555", "phone", "07700900555"),
    ("email kev.j@example.com now", "email", "kev.j@example.com"),
    ("see www.example.net/gallery please", "link", "www.example.net/gallery"),
    ("http://pics.test/abc is bad", "link", "http://pics.test/abc"),
    ("on forum.example.net there", "link", "forum.example.net"),
    ("his insta is @kev_99", "handle", "@kev_99"),
    ("postcode ZZ1 1ZZ", "postcode", "ZZ1 1ZZ"),
    ("he is at sw1a 2aa", "postcode", "sw1a 2aa"),
    ("he lives at 14 Elm Road by the shop", "address", "14 Elm Road"),
    ("lives at 22b station road", "address", "22b station road"),
    ("my address is flat 9 the towers", "address", "flat 9 the towers"),
    ("his name is Dave Smith and", "name", "Dave Smith"),
    ("his name is dave", "name", "dave"),
    ("a man called Barry Holt", "name", "Barry Holt"),
    ('greet{"name": "Barry Holt"}', "name", "Barry Holt"),
    ('{"text": "greet{\\"name\\": \\"Barry Holt\\"}"}', "name", "Barry Holt"),   # as JSON logs escape it
    ("hes called kev and", "name", "kev"),
    ("my neighbour Gary Jones has", "name", "Gary Jones"),
    ("Mr Patel at work", "name", "Patel"),
    ("mr smith next door", "name", "smith"),
    ("from 192.168.0.12 yesterday", "ip", "192.168.0.12"),
]

HARMLESS = [
    "i was arrested on 12.05.2023 and got 2 years",
    "my son is 12 and my daughter is 9",
    "is 999 the right number or 101",
    "5 minutes down the road, 3 kids at the park",
    "I called the helpline yesterday",
    "I'm worried about my husband. he is a good man",
    "between 2019-2020 i looked at things",
    "ok.so what now",
    "previous action name: action_listen",
]


@pytest.mark.parametrize("text, kind, detail", DETAILS)
def test_each_kind_of_detail_is_found_and_replaced(text, kind, detail):
    redactor = default_redactor()
    assert kind in redactor.kinds(text)
    redacted = redactor.redact(text)
    assert detail not in redacted and f"[{kind}]" in redacted


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_words_dates_and_short_numbers_are_left_alone(text):
    assert default_redactor().redact(text) == text


def test_the_services_own_contacts_are_kept():
    contacts = default_registry().contacts()
    text = " and ".join(contacts)
    assert default_redactor().redact(text) == text


def test_a_kept_email_is_not_half_redacted_as_a_link():
    redactor = Redactor(keep=["help@charity.example"])
    assert redactor.redact("write to help@charity.example") == "write to help@charity.example"


@pytest.mark.parametrize("text", [d[0] for d in DETAILS] + HARMLESS)
def test_redacting_twice_changes_nothing(text):
    once = default_redactor().redact(text)
    assert default_redactor().redact(once) == once


def test_a_message_with_many_details_keeps_its_other_words():
    text = "his name is Dave Smith, he lives at 14 Elm Road ZZ1 1ZZ, call 07700 900123 or dave@example.com"
    assert default_redactor().redact(text) == ("his name is [name], he lives at [address] [postcode], "
                                              "call [phone] or [email]")


def test_stop_words_are_spacys_own_read_without_importing_spacy():
    """The redactor reads spaCy's English stop words from their file, so the action server never loads spaCy."""
    from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

    from bot.redaction import STOP_WORDS

    assert STOP_WORDS == SPACY_STOP_WORDS
