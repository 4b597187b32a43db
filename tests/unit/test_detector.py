"""The safety detector: its phrase language, forgiving matching, route order and exceptions."""
from __future__ import annotations

import textwrap

import pytest

from bot.safety.detector import default_detector, load
from bot.safety.phrases import compile_phrase

SAMPLE = """
routes:
  danger:
    answer: child_in_danger
    phrases:
      - in danger
      - hurt|hit ... kid|child
      - right? now
    not_when:
      - not in danger
  suicide:
    answer: suicidal_thoughts
    phrases:
      - kill myself
    together:
      - [pills, tonight]
    together_within: 8
  report:
    answer: report_something
    contact_details: true
    phrases:
      - tip off
    not_when:
      - call me
spellings:
  kms: kill myself
"""


@pytest.fixture(scope="module")
def detector(tmp_path_factory):
    path = tmp_path_factory.mktemp("safety") / "safety.yml"
    path.write_text(textwrap.dedent(SAMPLE))
    return load(path)


def route(detector, text):
    detection = detector.detect(text)
    return detection.route if detection else None


@pytest.mark.parametrize("text, expected", [
    ("he is in danger", "danger"),
    ("is he IN DANGER???", "danger"),
    ("he hurts the kid", "danger"),                      # any form of the word
    ("he is hitting the little kid", "danger"),          # ... stands for up to three words
    ("he hit a very small young kid", None),             # but not four
    ("now", "danger"), ("right now", "danger"),           # an optional word
    ("i want to kill myself", "suicide"),
    ("i wanna kil myself", "suicide"),                   # a dropped double letter
    ("thinking about kms", "suicide"),                   # text-speak from `spellings`
    ("got my pills ready for tonight", "suicide"),       # `together`: all parts, any order
    ("tonight i will count my pills", "suicide"),
    ("i have pills", None),
    ("pills. " + "the weather was bad and the bus was late. " + "tonight", None),  # no more than 8 words apart
    ("pills tonight. the weather was bad and the bus was late. tonight", "suicide"),  # the closest two count
    ("i want to tip off the police", "report"),
    ("his number is 07700 900123", "report"),            # contact details count as a report
    ("can someone call me on 07700 900123", None),      # unless a `not_when` phrase is there
    ("i am not in danger, just asking", None),           # an exception cancels the phrase it overlaps
])
def test_the_phrase_language(detector, text, expected):
    assert route(detector, text) == expected


def test_routes_are_checked_in_order_and_the_first_wins(detector):
    assert route(detector, "i want to kill myself and he is in danger") == "danger"


def test_a_ruled_out_answer_is_reported_when_nothing_is_detected(detector):
    assessment = detector.assess("im not in danger just curious")
    assert assessment.detection is None and assessment.ruled_out == {"child_in_danger"}


def test_what_triggered_a_detection_is_given_in_normalised_words(detector):
    assert detector.detect("he's gonna HIT the kid").because == "hit the kid"


@pytest.mark.parametrize("phrase", ["dont|kms", "kms?"])
def test_a_word_that_stands_for_several_must_stand_alone(phrase):
    with pytest.raises(ValueError, match="stands for"):
        compile_phrase(phrase, lambda word: {"dont": ["do", "not"], "kms": ["kill", "myself"]}.get(word, [word]))


def test_a_phrase_needs_a_required_word():
    with pytest.raises(ValueError, match="no required word"):
        compile_phrase("maybe? ...", lambda word: [word])


@pytest.mark.parametrize("text, expected", [
    ("i cant go on", "suicidal_thoughts"),
    ("I can't go on", "suicidal_thoughts"),
    ("been thinking about sucide a lot", "suicidal_thoughts"),
    ("hes hurting my daughter right now", "child_in_danger"),
    ("my stepdad touches me when mum is at work", "child_disclosure"),
    ("i want to report my neighbour", "report"),
    ("I want to make an official report about my ex", "report"),
    ("it was ages ago and his account is gone, could i get in trouble", None),
    ("his account is called dark_fox", "report"),
    ("hes on a live stream with a kid and its happening as im typing", "child_in_danger"),
    ("its just me and him in the house tonight and ive locked my door", "child_in_danger"),
    ("ive locked my bedroom door", "child_in_danger"),
    ("he said send me more by 10", "child_in_danger"),   # "send me? more": two wordings without "|"
    # A word spelled right is not a typing mistake of a phrase word: "stream" is not "scream".
    ("boys coming and going at all hours, a constant stream of them, kids in the street", None),
    ("how do I set parental controls for my 12 year old", None),
    ("what is 999 for", None),
    ("is it illegal to look at pictures of kids", None),
    ("what is the helpline number 0808 1000 900", None),   # a service's own number is not a report
])
def test_the_projects_phrases(text, expected):
    detection = default_detector().detect(text)
    assert (detection.route if detection else None) == expected


def test_the_projects_routes_give_answers_that_exist():
    from tests.project_data import DOMAIN

    for safety_route in default_detector().routes:
        assert f"utter_{safety_route.answer}" in DOMAIN["responses"], safety_route.name
        assert safety_route.answer in DOMAIN["intents"], safety_route.name


def every_test_message() -> list[str]:
    """The words of every safety set and held-out set: crises, reports, near misses and everyday questions."""
    from tests.handoffs import HELDOUT_SETS, heldout_messages
    from tests.safety_sets import SAFETY_SETS, safety_set

    texts = [message["text"] for name in HELDOUT_SETS for message in heldout_messages(name)]
    for name in SAFETY_SETS:
        for messages in safety_set(name).values():
            texts += [text for message in messages for text in (message["text"], *message.get("before", []))]
    return texts


def test_named_matchers_find_exactly_what_one_matcher_finds():
    """The detector tries a route's phrases only when their words are there (bot/safety/matching.py): a
    speed-up that must not change a single span. One spaCy Matcher with every pattern is the reference."""
    from spacy.matcher import Matcher

    detector = default_detector()
    for named in (detector._matcher, detector._exceptions):
        reference = Matcher(detector._nlp.vocab)
        for name, (matcher, _) in named._named.items():
            reference.add(name, matcher.get(name)[1])
        for text in every_test_message():
            doc = detector._doc(text)
            expected: dict[str, list[tuple[int, int]]] = {}
            for match_id, start, end in reference(doc):
                expected.setdefault(doc.vocab.strings[match_id], []).append((start, end))
            assert named.spans(doc) == expected, text


def test_only_routes_marked_never_held_back_are_answered_over_the_rate_limit():
    detector = default_detector()
    assert detector.never_held_back("i want to kill myself") == "suicidal_thoughts"
    assert detector.never_held_back("theres a kid in danger right now") == "child_in_danger"
    assert detector.never_held_back("/child_in_danger") == "child_in_danger"  # a button
    assert detector.never_held_back("/young_person_being_hurt") == "young_person_being_hurt"
    assert detector.never_held_back("i want to report someone") is None  # reports can wait a second
    assert detector.never_held_back("/ask_helpline") is None
    assert detector.never_held_back("hello") is None


def test_words_no_phrase_can_read_are_not_kept_by_spacy():
    """spaCy keeps every word it has seen for the life of the process: a script sending new words would grow
    the server without bound (4 MB for each 64 KB message), so the detector never hands it such words."""
    import random
    import string

    detector, rng = default_detector(), random.Random(18)
    unseen = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(2000))
    detector.detect("warm up")
    known = len(detector._nlp.vocab.strings)
    assert detector.detect(f"{unseen} i want to kill myself {unseen}").route == "suicidal_thoughts"
    assert len(detector._nlp.vocab.strings) <= known + 5  # the few words of the phrase, never the 4,000 new ones


def test_a_mistyped_phrase_word_among_unseen_words_is_still_read():
    assert default_detector().detect("qzxv wvxq i wnat to kil mysefl qxzv").route == "suicidal_thoughts"
