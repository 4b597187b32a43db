"""Rules about the domain that Rasa itself does not check."""
import yaml

from bot import settings

DOMAIN = yaml.safe_load(settings.DOMAIN_PATH.read_text())


def test_no_slot_mapping_calls_the_action_server():
    """A custom mapping that names an action makes Rasa call the action server on *every* message."""
    calling = [name for name, slot in DOMAIN.get("slots", {}).items()
               for mapping in slot.get("mappings", []) if mapping.get("action")]
    assert calling == []


def test_every_reply_leaves_a_next_step():
    """Each response either offers buttons or is always followed by one that does (utter_helpline)."""
    followed_by_another = {"utter_helpline"}
    without = [name for name, variations in DOMAIN["responses"].items() if name not in followed_by_another
               for variation in variations if not variation.get("buttons")]
    assert without == []


def test_greeting_offers_the_four_guided_choices():
    payloads = [b["payload"] for b in DOMAIN["responses"]["utter_greet"][0]["buttons"]]
    assert payloads == ["/worried_about_self", "/worried_about_someone", "/child_in_danger", "/report_something"]
