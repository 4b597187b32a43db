"""The safety sets are sound: big enough, well formed, about real routes, and never trained on."""
from __future__ import annotations

import pytest

from tests.project_data import training_examples
from tests.safety_sets import CRISIS_ROUTES, SAFETY_SETS, route_answers, safety_set


@pytest.mark.parametrize("name", SAFETY_SETS)
def test_every_message_is_well_formed(name):
    sets = safety_set(name)
    for message in sets["critical"]:
        assert message["route"] in route_answers(), message
    for message in sets["critical"] + sets["benign"]:
        assert isinstance(message["text"], str) and message["text"].strip()
        assert all(isinstance(earlier, str) and earlier.strip() for earlier in message.get("before", []))


def test_the_development_suite_is_as_big_as_the_issue_asks():
    sets = safety_set("suite")
    assert len(sets["critical"]) >= 200 and len(sets["benign"]) >= 50
    for route in [*CRISIS_ROUTES, "report"]:
        assert sum(message["route"] == route for message in sets["critical"]) >= 40, route
    assert sum("before" in message for message in sets["critical"]) >= 50  # mid-conversation


@pytest.mark.parametrize("name", SAFETY_SETS)
def test_no_message_is_a_training_example(name):
    examples = training_examples()
    sets = safety_set(name)
    assert [m["text"] for m in sets["critical"] + sets["benign"] if m["text"].strip().lower() in examples] == []
