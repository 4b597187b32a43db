"""A second opinion on the intent, from what the message means rather than which words it uses.

DIET learns from the project's word and character counts as well as the sentence embedding, and the
counts dominate: a message worded unlike the training examples leaves it unsure, and the assistant says
it did not understand. This component trains a logistic regression on the sentence embedding alone
(bot/sentence_featurizer.py) and blends its probabilities with DIET's, so that each classifier's
strength covers the other's gap. It comes after DIET and before the FallbackClassifier in config.yml,
so the fallback judges the blended confidence.

The regression is kept as its weights in a NumPy file (no pickle), and predicts as scikit-learn's does:
a softmax over the intents.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

WEIGHTS_FILE = "meaning_classifier.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class MeaningClassifier(GraphComponent, IntentClassifier):
    """Blends DIET's intent ranking with a logistic regression on the sentence embedding."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "featurizer": "sentence_embedding",  # the alias config.yml gives the sentence featurizer
            "weight": 0.5,  # the regression's share of the blend; DIET keeps the rest
            "regularisation": 16.0,  # scikit-learn's C
            "ranking_length": 10,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 weights: Optional[Dict[str, np.ndarray]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.weights = weights

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MeaningClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "MeaningClassifier":
        with model_storage.read_from(resource) as directory:
            with np.load(directory / WEIGHTS_FILE) as saved:
                weights = {name: saved[name] for name in saved.files}
        return cls(config, model_storage, resource, weights)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        embedded = [(self._embedding(m), m.get(INTENT)) for m in training_data.intent_examples if m.get(TEXT)]
        embedded = [(embedding, intent) for embedding, intent in embedded if embedding is not None]
        regression = LogisticRegression(C=self.config["regularisation"], max_iter=3000, random_state=2017)
        regression.fit(np.stack([embedding for embedding, _ in embedded]), [intent for _, intent in embedded])
        self.weights = {"intents": np.array(regression.classes_, dtype=str), "coef": regression.coef_,
                        "intercept": regression.intercept_}
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / WEIGHTS_FILE, **self.weights)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            embedding = self._embedding(message)
            if embedding is not None and self.weights is not None and message.get(INTENT_RANKING_KEY):
                self._blend(message, self.probabilities(embedding))
        return messages

    def probabilities(self, embedding: np.ndarray) -> Dict[str, float]:
        """The regression's probability for each intent (scikit-learn's multinomial softmax)."""
        assert self.weights is not None
        scores = self.weights["coef"] @ embedding + self.weights["intercept"]
        scores = np.exp(scores - scores.max())
        return dict(zip(self.weights["intents"].tolist(), (scores / scores.sum()).tolist()))

    def _blend(self, message: Message, regression: Dict[str, float]) -> None:
        share = float(self.config["weight"])
        diet = {entry["name"]: entry["confidence"] for entry in message.get(INTENT_RANKING_KEY)}
        blended = {name: (1 - share) * diet.get(name, 0.0) + share * regression.get(name, 0.0)
                   for name in {*diet, *regression}}
        ranking = sorted(({"name": name, "confidence": confidence} for name, confidence in blended.items()),
                         key=lambda entry: -entry["confidence"])[: self.config["ranking_length"]]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    def _embedding(self, message: Message) -> Optional[np.ndarray]:
        _, sentence = message.get_dense_features(TEXT, featurizers=[self.config["featurizer"]])
        return None if sentence is None else sentence.features.reshape(-1)
