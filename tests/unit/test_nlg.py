"""Every response, as the Rasa server renders it, has its contacts filled in from the registry."""
import pytest

from bot import services
from bot.nlg import RegistryNaturalLanguageGenerator
from tests.rendering import CHRISTMAS_DAY_10AM, DOMAIN, MOMENTS, MONDAY_10AM, SATURDAY_10AM, render


@pytest.mark.parametrize("response", sorted(DOMAIN.responses))
@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_no_placeholder_reaches_a_visitor(response, moment):
    rendered = render(response, moment)
    shown = rendered["text"] + "".join(b["title"] for b in rendered.get("buttons") or [])
    assert "{" not in shown and "}" not in shown, shown


def test_greeting_gives_the_helpline_number_from_the_registry():
    text = render("utter_greet")["text"]
    assert services.load().placeholders()["helpline.phone"] in text


def test_registry_wins_over_a_slot_of_the_same_name():
    nlg = RegistryNaturalLanguageGenerator(domain=DOMAIN)
    variables = nlg._response_variables({"helpline.phone": "0000"}, {})
    assert variables["helpline.phone"] == services.load().placeholders()["helpline.phone"]


@pytest.mark.parametrize("moment,expected", [
    (MONDAY_10AM, "The helpline is open now."),
    (SATURDAY_10AM, "The helpline is closed now. It opens again on Monday at 9am."),
    # Christmas Day and the bank holiday Monday after it: the next opening is Tuesday.
    (CHRISTMAS_DAY_10AM, "The helpline is closed now. It opens again on Tuesday at 9am."),
])
def test_helpline_handoffs_say_whether_it_is_open_now(moment, expected):
    assert expected in render("utter_ask_helpline", moment)["text"]


def test_when_closed_it_says_what_to_do_instead():
    text = render("utter_worried_about_self", SATURDAY_10AM)["text"]
    values = services.load().placeholders()
    for key in ("helpline.web", "self_help.web", "samaritans.phone", "police_emergency.phone"):
        assert values[key] in text, key
