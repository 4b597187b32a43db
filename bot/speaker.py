"""Who is speaking: whether a visitor is a young person, an adult, a professional or family or a friend,
read from what they write (content/speakers.yml).

The right help depends on who asks as much as on what they ask: Shore is for 13 to 18 year olds and the
Stop It Now! helpline for adults, and a child in danger needs Childline beside 999. The classifier's
intents say what is happening; this says who is writing. It runs in the NLU pipeline on every message
and, when a message shows who wrote it, adds a `speaker` entity with that value. domain.yml keeps it in
the `speaker` slot for the conversation, and data/rules/speakers.yml and the responses' conditions use it.

Only the value is kept, never the words that showed it: the entity spans the whole message, so it
points at nothing in particular, and has no text of its own.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety import detector
from bot.settings import SAFETY_PATH, SPEAKERS_PATH

ENTITY = "speaker"
EXTRACTOR = "SpeakerExtractor"


class SpeakerSigns:
    """The signs of content/speakers.yml, tried in the file's order: the first that matches wins."""

    def __init__(self, path: Path = SPEAKERS_PATH) -> None:
        routes = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("routes") or {}
        self._detector = detector.from_routes(routes, path, detector.spellings(SAFETY_PATH))

    def read(self, text: str) -> Optional[str]:
        """Who `text` shows its writer to be (young_person, adult, professional, family_friend), or None."""
        detection = self._detector.detect(text)
        return detection.answer if detection is not None else None


@lru_cache(maxsize=1)
def default_signs() -> SpeakerSigns:
    """The project's speaker signs, read once per process: a change needs a restart, not a retraining."""
    return SpeakerSigns()


def entity(speaker: str, text: str) -> dict:
    """The Rasa entity for who is speaking: a value, spanning the whole message, with none of its words."""
    return {"entity": ENTITY, "value": speaker, "start": 0, "end": len(text), "extractor": EXTRACTOR}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class SpeakerExtractor(GraphComponent, EntityExtractorMixin):
    """Adds the `speaker` entity when content/speakers.yml's signs show who wrote a message."""

    def __init__(self, signs: SpeakerSigns) -> None:
        self.signs = signs

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SpeakerExtractor":
        return cls(default_signs())

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            speaker = self.signs.read(text)
            if speaker is not None:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity(speaker, text)], add_to_output=True)
        return messages
