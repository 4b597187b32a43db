"""Every response, as the Rasa server renders it, has its contacts filled in from the registry."""
import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import services, settings
from bot.nlg import RegistryNaturalLanguageGenerator

DOMAIN = Domain.load(str(settings.DOMAIN_PATH))
SLOT_STATES = [{"helpline_open": True}, {"helpline_open": False, "helpline_next_opening": "Monday at 9am"}, {}]


def render(response: str, slots: dict) -> dict:
    nlg = RegistryNaturalLanguageGenerator(domain=DOMAIN)
    tracker = DialogueStateTracker.from_events("nlg-test", [], slots=DOMAIN.slots)
    for name, value in slots.items():
        tracker.slots[name].value = value
    return asyncio.run(nlg.generate(response, tracker, "rest"))


@pytest.mark.parametrize("response", sorted(DOMAIN.responses))
@pytest.mark.parametrize("slots", SLOT_STATES, ids=["open", "closed", "unknown"])
def test_no_placeholder_reaches_a_visitor(response, slots):
    rendered = render(response, slots)
    shown = rendered["text"] + "".join(b["title"] for b in rendered.get("buttons") or [])
    assert "{" not in shown and "}" not in shown, shown


def test_greeting_gives_the_helpline_number_from_the_registry():
    text = render("utter_greet", {})["text"]
    assert services.load().placeholders()["helpline.phone"] in text


def test_registry_wins_over_a_slot_of_the_same_name():
    nlg = RegistryNaturalLanguageGenerator(domain=DOMAIN)
    variables = nlg._response_variables({"helpline.phone": "0000"}, {})
    assert variables["helpline.phone"] == services.load().placeholders()["helpline.phone"]


@pytest.mark.parametrize("slots,expected", [
    ({"helpline_open": True}, "open now"),
    ({"helpline_open": False, "helpline_next_opening": "Monday at 9am"}, "opens again on Monday at 9am"),
    ({}, "If the helpline is closed"),
])
def test_helpline_status_follows_the_slots(slots, expected):
    assert expected in render("utter_helpline_status", slots)["text"]
