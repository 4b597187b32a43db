"""Properties of the redaction and the crisis detector, for any text at all (hypothesis).

The example-based tests check the messages we thought of; these generate thousands we did not: any Unicode,
any length up to a long paste, and contact details in every spelling the patterns claim to catch, set among
arbitrary words. What must always hold:
- neither the redactor nor the detector ever fails, whatever arrives;
- redacting twice changes nothing more than redacting once;
- no phone number, email address, postcode or web address is left behind;
- nothing a visitor types is stored: no run of four of its words is anywhere in the stored conversation.
"""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from bot.redaction import default_redactor
from bot.safety.detector import default_detector
from bot.services import default_registry

# Thorough but quick: about ten seconds in all. `deadline=None`: the first call loads spaCy.
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_text = st.text(max_size=600)
words = st.lists(st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=12),
                 max_size=12).map(" ".join)
digit = st.sampled_from("0123456789")
separator = st.sampled_from(["", " ", "-", "."])


@st.composite
def phone_numbers(draw) -> str:
    """UK numbers as people type them: 07700 900123, +44 7700 900123, (020) 7946 0018, 0161-496-0000."""
    lead = draw(st.sampled_from(["07", "+44 7", "0044 7", "01", "02", "(020) ", "+44 20 ", "03"]))
    groups = draw(st.lists(st.text(alphabet="0123456789", min_size=3, max_size=4), min_size=2, max_size=3))
    number = lead + draw(digit) + draw(separator).join(groups)
    assume(9 <= sum(char.isdigit() for char in number) <= 13)
    return number


emails = st.builds(lambda user, domain, tld: f"{user}@{domain}.{tld}",
                   st.from_regex(r"[a-z][a-z0-9._+-]{0,10}[a-z0-9]", fullmatch=True),
                   st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
                   st.sampled_from(["com", "co.uk", "net", "org", "io"]))
postcodes = st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", fullmatch=True).map(
    lambda code: code if len(code.replace(" ", "")) >= 5 else code + "X")
links = st.builds(lambda scheme, host, tld, path: f"{scheme}{host}.{tld}{path}",
                  st.sampled_from(["https://", "http://", "www.", "https://www.", ""]),
                  st.from_regex(r"[a-z][a-z0-9-]{1,12}[a-z0-9]", fullmatch=True),
                  st.sampled_from(["com", "net", "org", "co.uk", "io", "xyz", "onion"]),
                  st.sampled_from(["", "/", "/gallery", "/a/b?c=1", "/pics.html"]))
details = st.one_of(phone_numbers(), emails, postcodes, links)


def is_a_service_contact(detail: str) -> bool:
    """The registry's own numbers and addresses are kept on purpose: they are the help being offered."""
    digits = "".join(char for char in detail if char.isdigit())
    return any(digits and digits in "".join(c for c in contact if c.isdigit()) or detail.lower() in contact.lower()
               for contact in default_registry().contacts())


@PROPERTY
@given(any_text)
def test_the_redactor_never_fails_and_redacting_twice_changes_nothing_more(text):
    redactor = default_redactor()
    once = redactor.redact(text)
    assert redactor.redact(once) == once


@PROPERTY
@given(before=words, detail=details, after=words)
def test_no_phone_email_postcode_or_web_address_is_left_behind(before, detail, after):
    assume(not is_a_service_contact(detail))
    text = f"{before} {detail} {after}"
    redacted = default_redactor().redact(text)
    assert detail not in redacted, redacted
    assert not default_redactor().kinds(redacted) & {"phone", "email", "postcode", "link"}, redacted


@PROPERTY
@given(any_text)
def test_the_detector_never_fails_on_any_text(text):
    assessment = default_detector().assess(text)
    assert assessment.detection is None or assessment.detection.answer


@PROPERTY
@given(before=words, after=words)
def test_a_plain_cry_for_help_is_heard_among_any_other_words(before, after):
    """Whatever surrounds "i want to kill myself", it is routed to the suicide answer, unless the words around
    it say it is someone else's or not meant (the route's own `not_when`), which the detector then reports."""
    detection = default_detector().assess(f"{before}. i want to kill myself. {after}").detection
    assume(detection is None or detection.route != "report")  # a typed contact detail routes to a report first
    assert detection is not None and detection.answer == "suicidal_thoughts", (before, after)


typed_words = st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10),
                       min_size=4, max_size=40)


@PROPERTY
@given(typed_words)
def test_no_four_words_typed_are_ever_stored(words):
    """Whatever a visitor types, no run of four of its words reaches the store, in any field Rasa fills."""
    import asyncio
    import json

    from rasa.shared.core.domain import Domain

    from bot.safety.tracker_store import RedactingTrackerStore
    from tests.unit.test_tracker_store import conversation

    text = " ".join(words)
    store = RedactingTrackerStore(domain=Domain.empty())
    asyncio.run(store.save(conversation(text=text)))
    stored = store.inner.store["visitor"]
    readable = json.dumps(json.loads(stored), ensure_ascii=False)  # the same, with no \u escapes in the way
    runs = {" ".join(words[start:start + 4]) for start in range(len(words) - 3)}
    assert [run for run in runs if run in stored or run in readable] == []
