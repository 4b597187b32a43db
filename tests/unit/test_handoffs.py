"""Every answer hands over to the help it should, naming that help's contacts (tests/heldout/handoffs.yml)."""
import pytest

from tests.handoffs import HELDOUT_SETS, handoff_of, handoffs, heldout_messages, missing_contacts
from tests.project_data import DOMAIN, training_examples
from tests.rendering import MOMENTS, render


def test_every_answer_is_in_exactly_one_handoff():
    listed = [answer for handoff in handoffs().values() for answer in handoff["answers"]]
    answers = [name.removeprefix("utter_") for name in DOMAIN["responses"]]
    assert sorted(listed) == sorted(answers)


@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_answer_names_its_handoffs_contacts(response, moment):
    assert missing_contacts(render(response, moment)["text"], handoff_of(response)) == []


@pytest.mark.parametrize("name", HELDOUT_SETS)
def test_heldout_set_covers_every_intent_and_only_known_ones(name):
    labelled = {message["intent"] for message in heldout_messages(name)}
    assert labelled == set(DOMAIN["intents"])


@pytest.mark.parametrize("name", HELDOUT_SETS)
def test_heldout_messages_are_not_in_the_training_data(name):
    trained = training_examples()
    assert [m["text"] for m in heldout_messages(name) if m["text"].strip().lower() in trained] == []
