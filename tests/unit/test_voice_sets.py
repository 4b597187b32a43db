"""The voice sets are sound: as big and as varied as issue 17 asks, well formed, and never trained on."""
import pytest

from tests.handoffs import handoffs
from tests.misroutes import CRISIS
from tests.project_data import training_examples
from tests.voices import CATEGORIES, SPEAKERS, VOICE_SETS, greeting_buttons, voice_files, voice_items

PRESENT = [name for name in VOICE_SETS if voice_files(name)]


def test_the_first_set_is_as_big_and_varied_as_the_issue_asks():
    items = voice_items("voices")
    assert len(items) >= 600
    assert {"phone", "long", "multiturn", "nonnative", "teen"} <= {item["voice"] for item in items}
    for category in CATEGORIES:  # every failure class, and crises that come late
        assert sum(item["category"] == category for item in items) >= 20, category
    assert sum("before" in item for item in items) >= 100


@pytest.mark.parametrize("name", PRESENT)
def test_every_item_is_well_formed(name):
    known = set(handoffs())
    for item in voice_items(name):
        assert item["expect"] in known and item["speaker"] in SPEAKERS and item["category"] in CATEGORIES, item
        assert isinstance(item["text"], str) and item["text"].strip()
        for turn in item.get("before", []):
            assert (isinstance(turn, str) and turn.strip()) or turn.get("click") in greeting_buttons(), turn


@pytest.mark.parametrize("name", PRESENT)
def test_every_set_has_crises(name):
    assert sum(item["expect"] in CRISIS for item in voice_items(name)) >= 0.2 * len(voice_items(name))


@pytest.mark.parametrize("name", PRESENT)
def test_no_item_is_a_training_example(name):
    trained = training_examples()
    assert [item["text"] for item in voice_items(name) if item["text"].strip().lower() in trained] == []
