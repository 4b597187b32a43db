"""spaCy Matcher patterns kept under names, each name tried only when its words could all be there.

One Matcher holding every phrase of content/safety.yml tried each of its 350-odd patterns at every word
of every message: about a tenth of the Rasa server's time per message under `make bench`'s load. Most
messages name no crisis, and a pattern can only match a message that holds, for each of its required
words, one of that word's forms. So each name gets its own Matcher, and a message meets only the
Matchers of names it could match. The spans found are exactly those one Matcher would find
(tests/unit/test_detector.py compares the two on every test message).
"""
from __future__ import annotations

from typing import Mapping

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

Pattern = list[dict]
Spans = dict[str, list[tuple[int, int]]]


class NamedMatcher:
    """Named groups of Matcher patterns over the NORM attribute, as bot/safety/phrases.py writes them."""

    def __init__(self, nlp: spacy.Language, patterns: Mapping[str, list[Pattern]]) -> None:
        self._named: dict[str, tuple[Matcher, list[list[frozenset[str]]]]] = {}
        for name, named_patterns in patterns.items():
            if named_patterns:
                matcher = Matcher(nlp.vocab)
                matcher.add(name, named_patterns)
                self._named[name] = (matcher, [_required_words(pattern) for pattern in named_patterns])

    def spans(self, doc: Doc) -> Spans:
        """Where each name's patterns match in `doc`, as (start, end) token offsets in order."""
        present = {token.norm_ for token in doc}
        found: Spans = {}
        for name, (matcher, requirements) in self._named.items():
            if any(all(forms & present for forms in required) for required in requirements):
                matches = [(start, end) for _, start, end in matcher(doc)]
                if matches:
                    found[name] = matches
        return found


def _required_words(pattern: Pattern) -> list[frozenset[str]]:
    """For each word the pattern cannot do without, the forms it accepts."""
    return [frozenset(spec["NORM"]["IN"]) for spec in pattern if "OP" not in spec and "NORM" in spec]
