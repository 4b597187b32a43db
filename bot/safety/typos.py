"""Forgives typing mistakes: a word within a mistake or two of exactly one phrase word is read as that word.

People in distress type fast on a phone ("kil myslef", "sucidal"), so the safety phrases are matched on
the words the writer meant. Each unknown word is compared, by rapidfuzz's edit distance in C, only with
the phrase words whose length the allowed mistakes can reach, so a word's cost is bounded whatever it is
and a message of words nobody has seen costs little more than its length (in pure Python, a 60 KB
message of unseen words took 36 s, and held up every other visitor while it did).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Callable, Iterable, Optional

from rapidfuzz import process
from rapidfuzz.distance import OSA

SHORTEST_FORGIVEN = 5  # shorter words are too alike to guess at ("dead", "deal"), except for a dropped double letter
LONGER_WORD = 8  # from this length two mistakes are forgiven, below it one
CACHED_WORDS = 4096


class Forgiver:
    """Reads a typed word as the phrase word it is a typing mistake of, if there is exactly one.

    A word of the language spelled right (`dictionary`) is never read as another: "stream" is not
    "scream", and "hours" not "hurts", however alike they look.
    """

    def __init__(self, vocabulary: Iterable[str], dictionary: Iterable[str] = ()) -> None:
        self._words = frozenset(vocabulary)
        self._dictionary = frozenset(dictionary)
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self._words):
            self._by_length[len(word)].append(word)
        self._undoubled = {re.sub(r"(\w)\1", r"\1", word, count=1): word
                           for word in self._words if re.search(r"(\w)\1", word)}
        self._closest: Callable[[str], Optional[str]] = lru_cache(maxsize=CACHED_WORDS)(self._find_closest)

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def forgive(self, word: str) -> str:
        """The phrase word `word` was meant to be, or `word` itself."""
        if word in self._words or word in self._dictionary:
            return word
        if len(word) < SHORTEST_FORGIVEN:
            return self._undoubled.get(word, word)  # "kil" is "kill"
        return self._closest(word) or word

    def _find_closest(self, word: str) -> Optional[str]:
        """The only phrase word within the allowed mistakes of `word` (a swap of two letters is one), or None."""
        allowed = 1 if len(word) < LONGER_WORD else 2
        candidates = [candidate for length in range(len(word) - allowed, len(word) + allowed + 1)
                      for candidate in self._by_length.get(length, ())]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=allowed, limit=2)
        return found[0][0] if len(found) == 1 else None
