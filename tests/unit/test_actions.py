"""Custom actions, run as the action server runs them: a real rasa-sdk Tracker and dispatcher."""
from datetime import datetime, timezone

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionHelplineStatus


def run_at(moment: datetime) -> dict:
    tracker = Tracker("visitor", {}, {}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = ActionHelplineStatus(clock=lambda: moment).run(dispatcher, tracker, {})
    assert dispatcher.messages == []  # it only sets slots; the domain's response does the talking
    return {event["name"]: event["value"] for event in events}


@pytest.mark.parametrize("moment,slots", [
    (datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc), {"helpline_open": True, "helpline_next_opening": None}),
    (datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc),
     {"helpline_open": False, "helpline_next_opening": "Monday at 9am"}),
])
def test_helpline_status(moment, slots):
    assert run_at(moment) == slots


def test_action_name_is_in_the_domain():
    from bot.settings import DOMAIN_PATH
    assert ActionHelplineStatus().name() in DOMAIN_PATH.read_text()
