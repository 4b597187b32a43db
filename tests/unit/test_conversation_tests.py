"""The conversation tests test what they claim: every intent, by typing and by clicking, on unseen words."""
import yaml

from bot import settings
from tests.project_data import DOMAIN, button_payloads, training_examples


def _steps():
    for path in settings.PROJECT_ROOT.glob("tests/test_*.yml"):
        for story in yaml.safe_load(path.read_text())["stories"]:
            for step in story["steps"]:
                if "user" in step:
                    yield step["user"].strip(), step["intent"]


def test_every_intent_is_tested_in_free_text():
    typed = {intent for text, intent in _steps() if not text.startswith("/")}
    assert set(DOMAIN["intents"]) - typed == set()


def test_every_button_is_tested_by_clicking_it():
    offered = {payload.lstrip("/") for _, payload in button_payloads()}
    clicked = {intent for text, intent in _steps() if text.startswith("/")}
    assert offered - clicked == set()


def test_no_typed_test_message_is_a_training_example():
    trained = training_examples()
    assert [text for text, _ in _steps() if not text.startswith("/") and text.lower() in trained] == []
