"""Custom actions: the few replies that need code. Their wording stays in domain.yml.

Every critical handoff (999, the helpline number, reporting) is a plain response in domain.yml
that the Rasa server sends by itself; actions only add to it, so a slow or broken action server
never takes a phone number away from a visitor.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.opening_hours import say_moment
from bot.services import default_registry


class ActionHelplineStatus(Action):
    """Works out whether the Stop It Now! helpline is open right now (Europe/London) and when it next opens.

    It only sets slots; utter_helpline_status says it, in words the content owners keep in domain.yml.
    """

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.clock = clock

    def name(self) -> Text:
        return "action_helpline_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        hours = default_registry().helpline_hours
        now = self.clock()
        is_open = hours.is_open(now)
        opening = None if is_open else hours.next_opening(now)
        return [
            SlotSet("helpline_open", is_open),
            SlotSet("helpline_next_opening", say_moment(opening) if opening else None),
        ]
