"""The NLU component that lets the safety detector overrule the classifier, on every message.

It sits last in config.yml's pipeline, after the FallbackClassifier. When the detector finds a
crisis or a report, the message's intent becomes that route's intent with full confidence, so the
rules in data/rules/ give its answer at once, at any turn, whatever the classifier predicted.
The classifier's own crisis intents remain a second net for wording the phrases do not cover,
except where a route's `not_when` phrase says the message is not that ("I'm not in danger, just
curious"): then the classifier's next guess is taken instead.

What happened is kept in the message's parse data as `safety` (the route, the classifier's intent,
and the kinds of phrase that triggered it, never the visitor's words), so a tester reading a
conversation can see why an answer was given.
"""
from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY,
                                       TEXT)
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from bot.close_intents import families_of, related
from bot.safety.detector import Detection, Detector, default_detector
from bot.speaker import ENTITY as SPEAKER

FALLBACK_INTENT = DEFAULT_NLU_FALLBACK_INTENT_NAME

SAFETY_KEY = "safety"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyRouter(GraphComponent, IntentClassifier):
    """Overrules the classifier's intent when the safety detector finds a route."""

    def __init__(self, detector: Detector, fallback_threshold: float,
                 families: Sequence[FrozenSet[str]] = (), crisis_floor: Optional[float] = None) -> None:
        self.detector = detector
        self.fallback_threshold = fallback_threshold
        self.families = list(families)
        self.crisis_floor = fallback_threshold if crisis_floor is None else crisis_floor
        self.crises = detector.crisis_answers()

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # A ruled-out guess is replaced by the classifier's next one only if that is at least this sure
        # (config.yml gives it the FallbackClassifier's threshold), counting the share of an intent in one
        # family with it (CloseIntents' families); otherwise the visitor is told they were not understood.
        # Where the fallback would say "didn't understand" and the likeliest intent is a crisis at least
        # `crisis_floor` sure, the crisis is answered (lean_to_crisis); at the fallback threshold, never.
        return {"fallback_threshold": 0.4, "families": {}, "crisis_floor": None}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyRouter":
        # The phrases are read when the server starts, not when the model is trained: a content
        # owner's new phrase needs a restart, never a retraining.
        floor = config.get("crisis_floor")
        return cls(default_detector(), float(config["fallback_threshold"]), families_of(config),
                   None if floor is None else float(floor))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            assessment = self.detector.assess(message.get(TEXT) or "", _speaker(message))
            if assessment.detection is not None:
                overrule(message, assessment.detection)
            elif _guess_ruled_out(message, assessment.ruled_out):
                correct(message, assessment.ruled_out, self.fallback_threshold, self.families)
            elif self.crisis_floor < self.fallback_threshold:
                lean_to_crisis(message, self.crises - assessment.ruled_out, self.crisis_floor)
        return messages


def lean_to_crisis(message: Message, crises: frozenset[str], floor: float) -> None:
    """Answers the classifier's likeliest intent when it is a crisis at least `floor` sure, where the fallback
    would have said "didn't understand": for a message that may be a child in danger or a person thinking of
    suicide, the crisis answer is the safer error (it still gives the everyday help after the emergency)."""
    if _intent_name(message) != FALLBACK_INTENT:
        return
    guesses = _guesses(message)
    if guesses and guesses[0].get(INTENT_NAME_KEY) in crises and guesses[0].get(PREDICTED_CONFIDENCE_KEY, 0.0) >= floor:
        _set_intent(message, guesses[0], {"route": None, "unsure_crisis": guesses[0].get(INTENT_NAME_KEY)})


def overrule(message: Message, detection: Detection) -> None:
    """Makes the detection's answer the message's intent, keeping the classifier's ranking after it."""
    forced = {INTENT_NAME_KEY: detection.answer, PREDICTED_CONFIDENCE_KEY: 1.0}
    _set_intent(message, forced, {"route": detection.route, "classifier_intent": _intent_name(message)})


def correct(message: Message, ruled_out: frozenset[str], threshold: float,
            families: Sequence[FrozenSet[str]] = ()) -> None:
    """Replaces a ruled-out emergency guess ("I'm not in danger, just asking") with the classifier's next one.

    The next guess is judged by its share of what is left once the ruled-out guesses are taken away: a
    classifier 90% sure of "suicidal" and 4% of "arrest" for "I'm not suicidal, how long before court?"
    is saying "arrest" among the rest. The guess after it counts too when both are in one family (as
    CloseIntents counts them): "arrest" and "the register" are one question about the law.
    """
    every_guess = message.get(INTENT_RANKING_KEY) or []
    ranking = [entry for entry in every_guess
               if entry.get(INTENT_NAME_KEY) not in ruled_out and entry.get(INTENT_NAME_KEY) != FALLBACK_INTENT]
    given_up = next((entry.get(INTENT_NAME_KEY) for entry in every_guess if entry.get(INTENT_NAME_KEY) in ruled_out),
                    _intent_name(message))
    left = sum(entry.get(PREDICTED_CONFIDENCE_KEY, 0.0) for entry in ranking)
    best = {**ranking[0], PREDICTED_CONFIDENCE_KEY: _with_close_runner_up(ranking, families) / left} \
        if ranking and left > 0 else {}
    if best.get(PREDICTED_CONFIDENCE_KEY, 0.0) < threshold:
        best = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
    _set_intent(message, best, {"route": None, "ruled_out": given_up})


def _with_close_runner_up(ranking: List[Dict[str, Any]], families: Sequence[FrozenSet[str]]) -> float:
    """The first guess's confidence, with the second's added when both are in one family."""
    first = ranking[0].get(PREDICTED_CONFIDENCE_KEY, 0.0)
    if len(ranking) > 1 and related(families, ranking[0].get(INTENT_NAME_KEY), ranking[1].get(INTENT_NAME_KEY)):
        return first + ranking[1].get(PREDICTED_CONFIDENCE_KEY, 0.0)
    return first


def _guess_ruled_out(message: Message, ruled_out: frozenset[str]) -> bool:
    """True when the classifier's guess is ruled out, or when the FallbackClassifier said "didn't understand"
    because a ruled-out guess was one of its two likeliest ("I self-harmed as a teen, I'm fine now. What
    happens after my husband's arrest?" is "suicidal" and "arrest" almost evenly: too close to call, until
    "suicidal" is ruled out)."""
    name = _intent_name(message)
    if name != FALLBACK_INTENT:
        return name in ruled_out
    return any(entry.get(INTENT_NAME_KEY) in ruled_out for entry in _guesses(message)[:2])


def _guesses(message: Message) -> List[Dict[str, Any]]:
    """The classifier's ranking without the FallbackClassifier's "didn't understand"."""
    return [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get(INTENT_NAME_KEY) != FALLBACK_INTENT]


def _set_intent(message: Message, intent: dict, safety: dict) -> None:
    ranking = [intent] + [entry for entry in message.get(INTENT_RANKING_KEY) or []
                          if entry.get(INTENT_NAME_KEY) != intent[INTENT_NAME_KEY]]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    message.set(SAFETY_KEY, safety, add_to_output=True)


def _speaker(message: Message) -> Optional[str]:
    """Who the message shows writing, as SpeakerExtractor (before this component) found it."""
    return next((entity.get("value") for entity in message.get(ENTITIES) or [] if entity.get("entity") == SPEAKER),
                None)


def _intent_name(message: Message) -> Optional[str]:
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
