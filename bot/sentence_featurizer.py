"""The NLU component that gives the classifier each message's sentence embedding (bot/sentence_encoder.py).

DIET reads it beside the word and character counts: the counts say which words were used, the embedding
what the message means, so that a message worded like none of the training examples still lands near the
examples that mean the same. It learns nothing itself: the pretrained model is fixed.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.sentence_encoder import SentenceEncoder, default_encoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds all-MiniLM-L6-v2's embedding of the message's text as a sentence feature."""

    def __init__(self, config: Dict[Text, Any], name: Text, encoder: SentenceEncoder) -> None:
        super().__init__(name, config)
        self.encoder = encoder

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEmbeddingFeaturizer":
        return cls(config, execution_context.node_name, default_encoder())

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to choose: the model is fixed."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Embeds every message that has text, all at once (training hands over thousands)."""
        with_text = [message for message in messages if message.get(TEXT)]
        if with_text:
            embeddings = self.encoder.encode([message.get(TEXT) for message in with_text])
            for message, embedding in zip(with_text, embeddings):
                self._add(message, embedding)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def _add(self, message: Message, embedding: np.ndarray) -> None:
        features = embedding.reshape(1, -1)
        message.add_features(Features(features, FEATURE_TYPE_SENTENCE, TEXT, self._config[FEATURIZER_CLASS_ALIAS]))
