"""Close intents: when the classifier hesitates between two intents that lead to the same help, answer.

Rasa's FallbackClassifier says "Sorry, I didn't understand" when the two likeliest intents are within its
ambiguity threshold of each other. That is right when they lead to different help, and wrong when they
are the same worry told two ways: "worried about my own thoughts" as an adult or as a young person (the
`speaker` slot's rules pick the answer), two questions about an arrest, a child hurt and a child in danger
(both answers give 999 and Childline). A frightened person asked to say it again may not. So when the two
likeliest intents are in one family (config.yml), the second's confidence is added to the first's,
before the fallback judges it. A crisis intent is never in a family with an ordinary one: between those the
fallback still asks again rather than guess.
"""
from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CloseIntents(GraphComponent, IntentClassifier):
    """Folds the runner-up's confidence into the likeliest intent when both are in one family."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"families": {}}

    def __init__(self, families: List[FrozenSet[str]]) -> None:
        self.families = families

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CloseIntents":
        return cls(families_of(config))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            if len(ranking) >= 2 and self.related(ranking[0]["name"], ranking[1]["name"]):
                self._fold(message, ranking)
        return messages

    def related(self, first: str, second: str) -> bool:
        """True when some family holds both intents."""
        return related(self.families, first, second)

    @staticmethod
    def _fold(message: Message, ranking: List[Dict[str, Any]]) -> None:
        top = {"name": ranking[0]["name"], "confidence": ranking[0]["confidence"] + ranking[1]["confidence"]}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *ranking[2:]], add_to_output=True)


def families_of(config: Dict[Text, Any]) -> List[FrozenSet[str]]:
    """The families a component's config names (`families:` in config.yml, shared with the safety router)."""
    return [frozenset(members) for members in (config.get("families") or {}).values()]


def related(families: Sequence[FrozenSet[str]], first: Optional[str], second: Optional[str]) -> bool:
    """True when some family holds both intents."""
    return any(first in family and second in family for family in families)
