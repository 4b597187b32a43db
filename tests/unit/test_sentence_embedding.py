"""The sentence embedding (bot/sentence_encoder.py, bot/sentence_featurizer.py) and the classifier that
blends it with DIET's view (bot/meaning_classifier.py)."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.meaning_classifier import MeaningClassifier
from bot.sentence_encoder import DIMENSIONS, MAX_PIECES, default_encoder, similarity
from bot.sentence_featurizer import SentenceEmbeddingFeaturizer


def embed(*texts: str) -> np.ndarray:
    return default_encoder().encode(list(texts))


def test_the_embedding_is_the_published_models():
    # sentence-transformers' own documentation gives these similarities for all-MiniLM-L6-v2: if the
    # tokenizer or a layer were wrong here, they would not come out.
    happy, dog, very, sunny = embed("That is a happy person", "That is a happy dog", "That is a very happy person",
                                    "Today is a sunny day")
    assert similarity(happy, dog) == pytest.approx(0.6946, abs=1e-3)
    assert similarity(happy, very) == pytest.approx(0.9429, abs=1e-3)
    assert similarity(happy, sunny) == pytest.approx(0.2569, abs=1e-3)


def test_meaning_counts_more_than_wording():
    arrested, same, other = embed("my partner got arrested by the police", "the cops took my boyfriend away",
                                  "how do I change the font size")
    assert similarity(arrested, same) > similarity(arrested, other) + 0.3


def test_every_embedding_has_length_one_and_batching_changes_nothing():
    texts = ["hi", "a much longer message about being worried about my brother and what he does online", "ok"]
    together = embed(*texts)
    assert together.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    for text, row in zip(texts, together):
        assert np.allclose(embed(text)[0], row, atol=1e-5)


def test_a_long_message_is_read_up_to_the_models_limit():
    long = " ".join(["worried"] * 2000)
    assert len(default_encoder()._tokenizer.ids(long)) == MAX_PIECES
    assert embed(long).shape == (1, DIMENSIONS)


def featurized(*texts: str, intents: tuple = ()) -> list[Message]:
    messages = [Message(data={"text": text, **({"intent": intent} if intent else {})})
                for text, intent in zip(texts, intents or [None] * len(texts))]
    featurizer = SentenceEmbeddingFeaturizer({**SentenceEmbeddingFeaturizer.get_default_config(),
                                              "alias": "sentence_embedding"}, "embedding", default_encoder())
    return featurizer.process(messages)


def test_the_featurizer_adds_one_sentence_feature_and_skips_messages_without_text():
    with_text, empty = featurized("my son was arrested", "")
    _, sentence = with_text.get_dense_features("text", featurizers=["sentence_embedding"])
    assert sentence.features.shape == (1, DIMENSIONS)
    assert empty.features == []


@pytest.fixture
def trained(tmp_path) -> MeaningClassifier:
    texts = ["my husband was arrested", "police took my partner", "they arrested my son last night",
             "hello there", "hi", "good morning"]
    messages = featurized(*texts, intents=("arrest",) * 3 + ("greet",) * 3)
    storage = LocalModelStorage(tmp_path)
    classifier = MeaningClassifier.create({}, storage, Resource("meaning"), None)
    classifier.train(TrainingData(training_examples=messages))
    return MeaningClassifier.load({}, storage, Resource("meaning"), None)  # as the running assistant does


def classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = featurized(text)[0]
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


def test_the_blend_is_half_diet_and_half_the_regression(trained):
    message = classified("the police arrested my brother", [("greet", 0.6), ("arrest", 0.4)])
    regression = trained.probabilities(message.get_dense_features("text", ["sentence_embedding"])[1]
                                       .features.reshape(-1))
    trained.process([message])
    ranking = {entry["name"]: entry["confidence"] for entry in message.get("intent_ranking")}
    assert ranking["arrest"] == pytest.approx(0.5 * 0.4 + 0.5 * regression["arrest"])
    assert message.get("intent")["name"] == "arrest"  # the regression knows what the words mean
    assert sum(ranking.values()) == pytest.approx(1.0)


def test_a_message_nothing_classified_is_left_alone(trained):
    message = featurized("hello")[0]
    trained.process([message])
    assert message.get("intent") is None
