"""Rules about the domain that Rasa itself does not check."""
import re

import yaml

from bot import settings
from tests.project_data import DOMAIN, button_payloads


def test_no_slot_mapping_calls_the_action_server():
    """A custom mapping that names an action makes Rasa call the action server on *every* message."""
    calling = [name for name, slot in DOMAIN.get("slots", {}).items()
               for mapping in slot.get("mappings", []) if mapping.get("action")]
    assert calling == []


def test_every_reply_leaves_a_next_step():
    """Each response offers buttons: the visitor can always click on, as well as type."""
    without = [name for name, variations in DOMAIN["responses"].items()
               for variation in variations if not variation.get("buttons")]
    assert without == []


def test_every_intent_has_its_answer():
    """The project's convention: intent X is answered by utter_X (the fallbacks aside)."""
    missing = [intent for intent in DOMAIN["intents"] if f"utter_{intent}" not in DOMAIN["responses"]]
    assert missing == []


def test_every_button_names_a_known_intent():
    intents = set(DOMAIN["intents"])
    unknown = [(name, payload) for name, payload in button_payloads() if payload.lstrip("/") not in intents]
    assert unknown == []


def test_greeting_offers_the_four_guided_choices():
    payloads = [b["payload"] for b in DOMAIN["responses"]["utter_greet"][0]["buttons"]]
    assert payloads == ["/worried_about_self", "/worried_about_someone", "/child_in_danger", "/report_something"]


def test_what_the_chat_says_it_keeps_matches_how_long_it_keeps_it():
    endpoints = yaml.safe_load((settings.PROJECT_ROOT / "endpoints.yml").read_text())
    minutes = endpoints["tracker_store"]["expire_after_minutes"]
    text = " ".join(variation["text"] for variation in DOMAIN["responses"]["utter_ask_chat_recorded"])
    assert f"{minutes:g} minutes" in text


def test_no_answer_asks_for_a_name_or_a_place():
    """"You don't need to tell me your name" is fine; "tell me his name" never is."""
    reassuring = re.compile(r"\b(don't|do not|never|no need|not)\b", re.IGNORECASE)
    asking = re.compile(r"(what|tell me|give me|send me|share)[^.?!]{0,40}\b(name|address|where|number|postcode)\b",
                        re.IGNORECASE)
    questions = [(name, sentence) for name, variations in DOMAIN["responses"].items() for variation in variations
                 for sentence in re.split(r"(?<=[.?!])\s+", variation.get("text", ""))
                 if asking.search(sentence) and not reassuring.search(sentence)]
    assert questions == []
