"""Finds a crisis or a report in any message, without the classifier.

The classifier learns from examples and can be unsure or wrong about the messages that matter
most. This detector is the first net: plain phrases from content/safety.yml, matched on word
lemmas, forgiving typing mistakes, text-speak and missing apostrophes. It runs on every message
(see `router`), and its answer overrules the classifier's.

Routes are checked in the file's order and the first that matches wins, so "a child is in
danger now" (999) comes before everything else.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional, Sequence

import spacy
import yaml
from spacy.tokens import Doc

from bot.edit_distance import edit_distance
from bot.redaction import CONTACT_KINDS, Redactor, default_redactor
from bot.safety.matching import NamedMatcher
from bot.safety.phrases import compile_phrase, vocabulary
from bot.settings import SAFETY_PATH
from bot.spacy_pipeline import pipeline_path

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_CONTRACTIONS = re.compile(
    r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need|ca|can|wo|ai)n[’']?t\b")
_NOT_STEMS = {"ca": "can", "wo": "will", "ai": "is"}
_CONTRACTIONS = re.compile(r"(\w)['’](ll|d|re|ve|m)\b")
_CONTRACTED = {"ll": "will", "d": "would", "re": "are", "ve": "have", "m": "am"}
_NON_WORD = re.compile(r"[^\w\s]|_")
_REPEATS = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True)
class Route:
    """One route of content/safety.yml: what it is called and the intent whose answer it gives."""

    name: str
    answer: str
    phrases: Sequence[str]
    together: Sequence[Sequence[str]] = ()  # groups of phrases that must all be in the message
    not_when: Sequence[str] = ()
    contact_details: bool = False  # a typed phone number, address, link... counts as this route
    never_held_back: bool = False  # answered even when its conversation is sending too fast


@dataclass(frozen=True)
class Detection:
    """What the detector found: the route, and the words that triggered it (or the detail kinds)."""

    route: str
    answer: str
    because: str


@dataclass(frozen=True)
class Assessment:
    """The detector's view of a message: the route it calls for, and the answers it rules out.

    An answer is ruled out when one of its route's `not_when` phrases is there and no phrase of the
    route survived ("I'm not in danger, just curious"): the classifier may not give it either.
    """

    detection: Optional[Detection]
    ruled_out: frozenset[str]


class Detector:
    """Matches content/safety.yml's phrases against a message."""

    def __init__(self, routes: Sequence[Route], spellings: Mapping[str, str], nlp: spacy.Language,
                 redactor: Redactor) -> None:
        self.routes = list(routes)
        self.redactor = redactor
        self._nlp = nlp
        self._spellings = [(re.compile(rf"\b{re.escape(_plain(typed))}\b"), _plain(meant))
                           for typed, meant in spellings.items()]
        triggers = {route.name: self._compile(route.phrases) for route in self.routes}
        for route in self.routes:
            for group, phrases in enumerate(route.together):
                for part, phrase in enumerate(phrases):
                    triggers[_part_key(route.name, group, part)] = self._compile([phrase])
        exceptions = {route.name: self._compile(route.not_when) for route in self.routes}
        self._matcher, self._exceptions = NamedMatcher(nlp, triggers), NamedMatcher(nlp, exceptions)
        self._vocabulary = frozenset(vocabulary(
            pattern for patterns in [*triggers.values(), *exceptions.values()] for pattern in patterns))
        self._undoubled = {re.sub(r"(\w)\1", r"\1", word, count=1): word
                           for word in self._vocabulary if re.search(r"(\w)\1", word)}

    def detect(self, text: str) -> Optional[Detection]:
        """The first route `text` calls for, or None."""
        return self.assess(text).detection

    def assess(self, text: str) -> Assessment:
        """The first route `text` calls for, and the answers its `not_when` phrases rule out."""
        doc = self._doc(text)
        triggers, exceptions = self._matcher.spans(doc), self._exceptions.spans(doc)
        ruled_out: set[str] = set()
        for route in self.routes:
            detection = self._route_detection(route, doc, text, triggers, exceptions.get(route.name, []))
            if detection is not None:
                return Assessment(detection, frozenset(ruled_out))
            if exceptions.get(route.name):
                ruled_out.add(route.answer)
        return Assessment(None, frozenset(ruled_out))

    def _route_detection(self, route: Route, doc: Doc, text: str, triggers: Mapping[str, list[tuple[int, int]]],
                         cancelled: list[tuple[int, int]]) -> Optional[Detection]:
        for spans in self._matches(route, triggers):
            if not any(s < end and start < e for start, end in spans for s, e in cancelled):
                return Detection(route.name, route.answer, " + ".join(doc[start:end].text for start, end in spans))
        if route.contact_details and not cancelled:
            kinds = self.redactor.kinds(text) & CONTACT_KINDS
            if kinds:
                return Detection(route.name, route.answer, ", ".join(sorted(kinds)))
        return None

    @staticmethod
    def _matches(route: Route, triggers: Mapping[str, list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
        """Each way `route` matched: one span for a phrase, one span per part for a `together` group."""
        matches = [[span] for span in triggers.get(route.name, [])]
        for group, phrases in enumerate(route.together):
            parts = [triggers.get(_part_key(route.name, group, part), []) for part in range(len(phrases))]
            if all(parts):
                matches.append([spans[0] for spans in parts])
        return matches

    def never_held_back(self, text: str) -> Optional[str]:
        """The answer `text` calls for if it must be given even to a conversation sending too fast (a child in
        danger, suicide, a child's disclosure), typed or clicked as a button (`/child_in_danger`); else None."""
        urgent = {route.answer for route in self.routes if route.never_held_back}
        clicked = text[1:] if text.startswith("/") else None
        if clicked in urgent:
            return clicked
        detection = self.detect(text)
        return detection.answer if detection is not None and detection.answer in urgent else None

    def normalise(self, text: str) -> str:
        """Lower case, no apostrophes or punctuation, contractions and text-speak spelled out."""
        text = _plain(text)
        for typed, meant in self._spellings:
            text = typed.sub(meant, text)
        return text

    def _compile(self, phrases: Sequence[str]) -> list[list[dict]]:
        return [compile_phrase(phrase, self._lemmas) for phrase in phrases]

    def _lemmas(self, word: str) -> list[str]:
        return [token.lemma_ or token.text for token in self._nlp(self.normalise(word))]

    def _doc(self, text: str) -> Doc:
        doc = self._nlp(self.normalise(text))
        for token in doc:
            token.norm_ = self._forgive(token.lemma_ or token.text)
        return doc

    def _forgive(self, word: str) -> str:
        """A word within a typing mistake of exactly one phrase word becomes that word.

        Short words are too alike to guess at ("dead", "deal"), except for a dropped double letter ("kil").
        """
        if word in self._vocabulary:
            return word
        if len(word) < 5:
            return self._undoubled.get(word, word)
        return _closest(word, self._vocabulary) or word


def _part_key(route: str, group: int, part: int) -> str:
    return f"{route}/together/{group}/{part}"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NOT_CONTRACTIONS.sub(lambda m: f"{_NOT_STEMS.get(m.group(1), m.group(1))} not", text)
    text = _CONTRACTIONS.sub(lambda m: f"{m.group(1)} {_CONTRACTED[m.group(2)]}", text)
    text = _APOSTROPHES.sub("", text)
    text = _REPEATS.sub(r"\1\1", text)  # "sooooo" -> "soo", "killl" -> "kill"
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=4096)
def _closest(word: str, candidates: frozenset[str]) -> Optional[str]:
    allowed = 1 if len(word) < 8 else 2
    best = [c for c in candidates if abs(len(c) - len(word)) <= allowed and edit_distance(word, c) <= allowed]
    return best[0] if len(best) == 1 else None


def load(path: Path = SAFETY_PATH, redactor: Optional[Redactor] = None) -> Detector:
    """A Detector from a safety file (content/safety.yml by default)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    routes = [Route(name=name, answer=str(spec["answer"]), phrases=list(spec.get("phrases") or []),
                    together=[list(group) for group in spec.get("together") or []],
                    not_when=list(spec.get("not_when") or []), contact_details=bool(spec.get("contact_details")),
                    never_held_back=bool(spec.get("never_held_back")))
              for name, spec in (raw.get("routes") or {}).items()]
    if not routes:
        raise ValueError(f"{path} defines no routes")
    return Detector(routes, raw.get("spellings") or {}, spacy.load(pipeline_path()), redactor or default_redactor())


@lru_cache(maxsize=1)
def default_detector() -> Detector:
    """The project's detector, read once per process: phrases change with a restart, not a retraining."""
    return load()
