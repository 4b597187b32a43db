"""Finds a crisis or a report in any message, without the classifier.

The classifier learns from examples and can be unsure or wrong about the messages that matter
most. This detector is the first net: plain phrases from content/safety.yml, matched on word
lemmas, forgiving typing mistakes, text-speak and missing apostrophes. It runs on every message
(see `router`), and its answer overrules the classifier's.

Routes are checked in the file's order and the first that matches wins, so "a child is in
danger now" (999) comes before everything else; except that a route found only by a `together` group
(words spread over the message) yields to the phrase of a later route marked `beats_together`.
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
from spacy.lookups import Table
from spacy.tokens import Doc

from bot.redaction import CONTACT_KINDS, Redactor, default_redactor
from bot.safety.matching import NamedMatcher
from bot.safety.phrases import compile_phrase, vocabulary
from bot.safety.taken_back import TakenBack, TakenBackWords
from bot.safety.typos import Forgiver
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
# Where a sentence ends ("I read a news story. I want to kill myself."): kept as a word of its own, so
# that the words of one sentence never take back a phrase in the next (bot/safety/taken_back.py).
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")
SENTENCE_BREAK = "zzsentencebreak"
UNSEEN = "zzunseen"  # stands for each word that no phrase can read (Detector._doc)
# Names in the exceptions matcher for the phrases that are no route's own (no route name has a slash).
_PAST, _STILL_NOW, _REASSURANCE = "taken_back/past", "taken_back/still_now", "reassurances"


@dataclass(frozen=True)
class Route:
    """One route of content/safety.yml: what it is called and the intent whose answer it gives."""

    name: str
    answer: str
    phrases: Sequence[str]
    together: Sequence[Sequence[str]] = ()  # groups of phrases that must all be in the message
    together_within: Optional[int] = None  # ...and no further apart than this many words, first to last
    not_when: Sequence[str] = ()
    contact_details: bool = False  # a typed phone number, address, link... counts as this route
    never_held_back: bool = False  # answered even when its conversation is sending too fast
    beats_together: bool = False  # its phrase wins over an earlier route found only by a `together` group
    # Phrases that count only when the message does not show one of these speakers writing (bot/speaker.py):
    # "he made me promise not to tell" is a child's disclosure, unless an adult is telling of a confession.
    unless_speaker: Sequence[str] = ()
    unless_speaker_phrases: Sequence[str] = ()
    # Nor do they count when one of these phrases tells of someone else confessing to viewing ("my brother
    # told me he's been looking at indecent images"), unless one of `confession_speakers_kept` is writing;
    # and then the classifier may not give the route's answer either (a friend's confession is not the
    # visitor's own abuse), unless another of the route's phrases is there.
    confessions: Sequence[str] = ()
    confession_speakers_kept: Sequence[str] = ()
    # A match with one of these phrases anywhere in the message becomes route `now_route` instead: a child
    # telling of abuse who says "he's coming upstairs now" or "send more by 10 tonight" is in danger now.
    now_phrases: Sequence[str] = ()
    now_route: Optional[str] = None


@dataclass(frozen=True)
class Detection:
    """What the detector found: the route, and the words that triggered it (or the detail kinds)."""

    route: str
    answer: str
    because: str
    # Found only by a `together` group (words spread over the message), which is weaker evidence than a
    # phrase: a later route's own phrase wins over it if that route `beats_together` ("i'm going to kill
    # myself tonight, the kids ..." is about suicide, not a child in danger).
    loose: bool = False


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
                 redactor: Redactor, taken_back: Optional[Mapping] = None, reassurances: Sequence[str] = ()) -> None:
        """`taken_back` and `reassurances` are content/safety.yml's sections of those names (bot/safety/taken_back.py)."""
        self.routes = list(routes)
        self._routes_by_name = {route.name: route for route in self.routes}
        self.redactor = redactor
        self._nlp = nlp
        self._spellings = [(re.compile(rf"\b{re.escape(_plain(typed))}\b"), _plain(meant))
                           for typed, meant in spellings.items()]
        triggers = {route.name: self._compile(route.phrases) for route in self.routes}
        triggers |= {_unless_key(route.name): self._compile(route.unless_speaker_phrases) for route in self.routes}
        for route in self.routes:
            for group, phrases in enumerate(route.together):
                for part, phrase in enumerate(phrases):
                    triggers[_part_key(route.name, group, part)] = self._compile([phrase])
        exceptions = {route.name: self._compile(route.not_when) for route in self.routes}
        exceptions |= {_now_key(route.name): self._compile(route.now_phrases) for route in self.routes}
        exceptions |= {_confession_key(route.name): self._compile(route.confessions) for route in self.routes}
        past = (taken_back or {}).get("past") or {}
        exceptions[_PAST] = self._compile(past.get("phrases") or [])
        exceptions[_STILL_NOW] = self._compile(past.get("still_now") or [])
        exceptions[_REASSURANCE] = self._compile(reassurances)
        self._taken_back = self._lemmatised(TakenBackWords.from_config(taken_back or {}))
        self._matcher, self._exceptions = NamedMatcher(nlp, triggers), NamedMatcher(nlp, exceptions)
        patterns = [pattern for named in [*triggers.values(), *exceptions.values()] for pattern in named]
        self._lemma_table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        self._typos = Forgiver(vocabulary(patterns), _dictionary(nlp, self._lemma_table))
        words = self._taken_back
        self._known = frozenset({*_exact_words(patterns), *words.negations, *words.between, *words.stories,
                                 *words.clause_breaks, *words.conditions, *words.conditioned,
                                 *nlp.Defaults.stop_words})  # so that what triggered a route reads as typed

    def detect(self, text: str) -> Optional[Detection]:
        """The first route `text` calls for, or None."""
        return self.assess(text).detection

    def assess(self, text: str, speaker: Optional[str] = None) -> Assessment:
        """The first route `text` calls for, and the answers its `not_when` phrases rule out; `speaker` is who
        the message shows writing (bot/speaker.py), if it does."""
        doc = self._doc(text)
        triggers, exceptions = self._matcher.spans(doc), self._exceptions.spans(doc)
        for route in self.routes:
            if speaker in route.unless_speaker or self._confession_told(route, exceptions, speaker):
                triggers.pop(_unless_key(route.name), None)
        taken_back = TakenBack(self._taken_back, doc, past=_PAST in exceptions, still_now=exceptions.get(_STILL_NOW, []),
                               speaker=speaker)
        ruled_out: set[str] = set()
        loose: Optional[Detection] = None  # the first route found only by a `together` group
        for route in self.routes:
            detection, withdrawn = self._route_detection(route, doc, text, triggers, exceptions.get(route.name, []),
                                                         taken_back)
            if detection is not None and route.now_route and _now_key(route.name) in exceptions:
                detection = self._now(route, detection)
            if detection is not None and not detection.loose:
                if loose is None or route.beats_together:
                    return Assessment(detection, frozenset(ruled_out))
                break
            loose = loose or detection
            if exceptions.get(route.name) or withdrawn or (detection is None and
                                                           self._confession_told(route, exceptions, speaker)):
                ruled_out.add(route.answer)
        if loose is not None:
            return Assessment(loose, frozenset(ruled_out - {loose.answer}))
        if _REASSURANCE in exceptions:  # "this is not an emergency": the classifier may not make it one
            ruled_out |= self.crisis_answers()
        return Assessment(None, frozenset(ruled_out))

    @staticmethod
    def _confession_told(route: Route, exceptions: Mapping[str, list[tuple[int, int]]], speaker: Optional[str]) -> bool:
        """True when the message tells of someone else's confession and the writer is not one whose secret is kept."""
        return _confession_key(route.name) in exceptions and speaker not in route.confession_speakers_kept

    def _route_detection(self, route: Route, doc: Doc, text: str, triggers: Mapping[str, list[tuple[int, int]]],
                         cancelled: list[tuple[int, int]], taken_back: TakenBack) -> tuple[Optional[Detection], bool]:
        """The route's detection, if one of its matches stands, and whether a match was taken back by its words."""
        withdrawn = False
        for spans in self._matches(route, triggers):
            if any(s < end and start < e for start, end in spans for s, e in cancelled):
                continue
            if taken_back.spans(route.name, spans):
                withdrawn = True
                continue
            because = " + ".join(doc[start:end].text for start, end in spans)
            return Detection(route.name, route.answer, because, loose=len(spans) > 1), False
        if route.contact_details and not cancelled:
            kinds = self.redactor.kinds(text) & CONTACT_KINDS
            if kinds:
                return Detection(route.name, route.answer, ", ".join(sorted(kinds))), False
        return None, withdrawn

    def _now(self, route: Route, detection: Detection) -> Detection:
        """The detection as its route's `now_route`: the same match, happening now."""
        now = self._routes_by_name[route.now_route]
        return Detection(now.name, now.answer, f"{detection.because} + now", detection.loose)

    @staticmethod
    def _matches(route: Route, triggers: Mapping[str, list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
        """Each way `route` matched: one span for a phrase, one span per part for a `together` group."""
        matches = [[span] for span in [*triggers.get(route.name, []), *triggers.get(_unless_key(route.name), [])]]
        for group, phrases in enumerate(route.together):
            parts = [triggers.get(_part_key(route.name, group, part), []) for part in range(len(phrases))]
            found = _closest(parts, route.together_within) if all(parts) else None
            if found:
                matches.append(found)
        return matches

    def crisis_answers(self) -> frozenset[str]:
        """The answers of the crisis routes (a child in danger, suicide, a child's disclosure): those that are
        never held back."""
        return frozenset(route.answer for route in self.routes if route.never_held_back)

    def never_held_back(self, text: str) -> Optional[str]:
        """The answer `text` calls for if it must be given even to a conversation sending too fast (a child in
        danger, suicide, a child's disclosure), typed or clicked as a button (`/child_in_danger`); else None."""
        urgent = self.crisis_answers()
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

    def _lemmatised(self, words: TakenBackWords) -> TakenBackWords:
        """The word lists as the lemmas a message's words are compared in ("is" is "be")."""
        def lemmas(listed: frozenset[str]) -> frozenset[str]:
            return frozenset(lemma for word in listed for lemma in [word, *self._lemmas(word)])
        return TakenBackWords(lemmas(words.negations), lemmas(words.between), lemmas(words.stories),
                              lemmas(words.clause_breaks) | {SENTENCE_BREAK}, words.story_reach, words.past_routes,
                              words.still_reach,
                              words.past_kept_for, lemmas(words.conditions), lemmas(words.conditioned))

    def _lemmas(self, word: str) -> list[str]:
        return [token.lemma_ or token.text for token in self._nlp(self.normalise(word))]

    def _doc(self, text: str) -> Doc:
        """The message as spaCy tokens, each word's norm the phrase word it stands for.

        A word that no phrase, negation or story word can be is read as UNSEEN: spaCy keeps every word it
        has seen for the life of the process (4 MB for each 64 KB message of new words), and nothing
        compares such a word with anything.
        """
        words = [word if self._may_matter(word) else UNSEEN for word in self.normalise(text).split()]
        doc = self._nlp(" ".join(words))
        for token in doc:
            token.norm_ = self._typos.forgive(token.lemma_ or token.text)
        return doc

    def _may_matter(self, word: str) -> bool:
        """Whether a phrase, a negation or a story word could read `word` (any form of it, or a mistyped one).

        Numbers and words spaCy splits ("gonna") are always kept: their tokens are read one by one."""
        if word in self._known or word in self._typos or any(char.isdigit() for char in word):
            return True
        if word in self._nlp.tokenizer.rules or (word.endswith("s") and word[:-1] in self._known):
            return True
        lemma = self._lemma_table.get(word, word)
        return any(form in self._known or self._typos.forgive(form) in self._typos for form in {word, lemma})


def _closest(parts: Sequence[list[tuple[int, int]]], within: Optional[int]) -> Optional[list[tuple[int, int]]]:
    """One span of each part, as close together as they come; None if even those are more than `within`
    words apart, first to last ("screaming" in one paragraph and "kids" and "hour" three paragraphs later
    of a long message are not one scene)."""
    best = None
    for anchor in parts[0]:
        spans = [anchor, *(min(options, key=lambda span: _distance(span, anchor)) for options in parts[1:])]
        width = max(end for _, end in spans) - min(start for start, _ in spans)
        if best is None or width < best[0]:
            best = (width, spans)
    assert best is not None
    return best[1] if within is None or best[0] <= within else None


def _dictionary(nlp: spacy.Language, lemma_table: Table) -> frozenset[str]:
    """English words spelled right: each form the lemmatizer's table knows and each lemma it gives."""
    forms = {nlp.vocab.strings[key] for key in lemma_table.keys() if key in nlp.vocab.strings}
    return frozenset(forms | set(lemma_table.values()))


def _distance(span: tuple[int, int], anchor: tuple[int, int]) -> int:
    return abs(span[0] - anchor[0])


def _exact_words(patterns: Sequence[list[dict]]) -> set[str]:
    """The words patterns name exactly (`=word`) rather than by their norm."""
    return {word for pattern in patterns for spec in pattern for word in spec.get("LOWER", {}).get("IN", [])}


def _now_key(route: str) -> str:
    return f"{route}/now"


def _unless_key(route: str) -> str:
    return f"{route}/unless_speaker"


def _confession_key(route: str) -> str:
    return f"{route}/unless_speaker/confessions"


def _part_key(route: str, group: int, part: int) -> str:
    return f"{route}/together/{group}/{part}"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NOT_CONTRACTIONS.sub(lambda m: f"{_NOT_STEMS.get(m.group(1), m.group(1))} not", text)
    text = _CONTRACTIONS.sub(lambda m: f"{m.group(1)} {_CONTRACTED[m.group(2)]}", text)
    text = _APOSTROPHES.sub("", text)
    text = _REPEATS.sub(r"\1\1", text)  # "sooooo" -> "soo", "killl" -> "kill"
    text = _SENTENCE_END.sub(f" {SENTENCE_BREAK} ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def load(path: Path = SAFETY_PATH, redactor: Optional[Redactor] = None) -> Detector:
    """A Detector from a safety file (content/safety.yml by default)."""
    raw = _read(path)
    return from_routes(raw.get("routes") or {}, path, raw.get("spellings") or {}, redactor,
                       raw.get("taken_back"), raw.get("reassurances") or ())


def spellings(path: Path = SAFETY_PATH) -> Mapping[str, str]:
    """The text-speak spellings of a safety file, for other phrase files to read typed words the same way."""
    return _read(path).get("spellings") or {}


def from_routes(routes: Mapping[str, Mapping], path: Path, typed: Mapping[str, str],
                redactor: Optional[Redactor] = None, taken_back: Optional[Mapping] = None,
                reassurances: Sequence[str] = ()) -> Detector:
    """A Detector for `routes` as a phrase file writes them (`path` names the file in errors), with the
    text-speak spellings `typed`."""
    parsed = [Route(name=name, answer=str(spec["answer"]), phrases=list(spec.get("phrases") or []),
                    together=[list(group) for group in spec.get("together") or []],
                    together_within=spec.get("together_within"),
                    not_when=list(spec.get("not_when") or []), contact_details=bool(spec.get("contact_details")),
                    never_held_back=bool(spec.get("never_held_back")), beats_together=bool(spec.get("beats_together")),
                    unless_speaker=_listed(spec, "unless_speaker", "speakers"),
                    unless_speaker_phrases=_listed(spec, "unless_speaker", "phrases"),
                    confessions=_listed(spec, "unless_speaker", "confessions", "phrases"),
                    confession_speakers_kept=_listed(spec, "unless_speaker", "confessions", "kept_for_speakers"),
                    now_phrases=_listed(spec, "now", "phrases"),
                    now_route=(spec.get("now") or {}).get("route"))
              for name, spec in routes.items()]
    if not parsed:
        raise ValueError(f"{path} defines no routes")
    return Detector(parsed, typed, _pipeline(), redactor or default_redactor(), taken_back, reassurances)


def _listed(spec: Mapping, *path: str) -> list:
    """The list at `path` in a route's spec ("unless_speaker", "confessions", "phrases"); empty where any
    part of the path is left out."""
    *sections, name = path
    for section in sections:
        spec = spec.get(section) or {}
    return list(spec.get(name) or [])


@lru_cache(maxsize=1)
def _pipeline() -> spacy.Language:
    """The project's spaCy pipeline, loaded once per process and shared by every phrase file's detector
    (the safety phrases and the speaker signs): it only tokenises and lemmatises, and keeps no state."""
    return spacy.load(pipeline_path())


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def default_detector() -> Detector:
    """The project's detector, read once per process: phrases change with a restart, not a retraining."""
    return load()
