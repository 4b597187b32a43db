"""Rules about the domain that Rasa itself does not check."""
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
