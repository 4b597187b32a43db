"""Every answer hands over to the help it should, naming that help's contacts (tests/heldout/handoffs.yml)."""
import pytest

from tests.handoffs import HELDOUT_SETS, handoff_of, handoffs, heldout_messages, missing_contacts
from tests.project_data import DOMAIN, training_examples
from tests.rendering import MOMENTS, render
from tests.voices import voice_items


def test_every_answer_is_in_exactly_one_handoff():
    listed = [answer for handoff in handoffs().values() for answer in handoff["answers"]]
    answers = [name.removeprefix("utter_") for name in DOMAIN["responses"]]
    assert sorted(listed) == sorted(answers)


@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_answer_names_its_handoffs_contacts(response, moment):
    assert missing_contacts(render(response, moment)["text"], handoff_of(response)) == []


@pytest.mark.parametrize("name", HELDOUT_SETS)
def test_heldout_set_labels_only_known_intents(name):
    assert {message["intent"] for message in heldout_messages(name)} <= set(DOMAIN["intents"])


def test_every_intent_is_held_out_somewhere():
    # The one-intent sets were written before adult_survivor and ask_protecting_children; the voice sets,
    # labelled by handoff, hold those out (as napac and parents_protect).
    labelled = {message["intent"] for name in HELDOUT_SETS for message in heldout_messages(name)}
    expected = {item["expect"] for item in voice_items("voices")}
    answered = {intent for intent in DOMAIN["intents"] if handoff_of(f"utter_{intent}") in expected}
    assert set(DOMAIN["intents"]) - labelled - answered == set()


@pytest.mark.parametrize("name", HELDOUT_SETS)
def test_heldout_messages_are_not_in_the_training_data(name):
    trained = training_examples()
    assert [m["text"] for m in heldout_messages(name) if m["text"].strip().lower() in trained] == []
