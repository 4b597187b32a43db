"""Whether the words around a safety phrase take it back: negated, hypothetical, in a story, or over.

"No child is in danger", "if someone was in danger who would I call", "I saw a film where a girl was
kidnapped", "I self-harmed as a teenager, I'm fine now": each holds a phrase of content/safety.yml, and
none is an emergency. Answering them with 999 first frightens and fails the person asking. But an
emergency must still win when it is there: "he's not letting her leave" keeps its "not" inside the
phrase, and "it started years ago and he still does it" is happening now.

The rules, with their words in content/safety.yml (`taken_back`):
- negated or hypothetical: a `negations` word ("not", "no", "never", "if") stands just before the phrase,
  with only `between` words ("is", "a", "child", "going to") in between; but a `conditioned` negation
  ("not") just after a `conditions` word ("if") states a condition, as threats do: "if i don't send more";
- in a story: a `stories` word ("film", "news") stands up to `story_reach` words before the phrase, with
  no `clause_breaks` word ("but", "anyway") in between;
- over: for the routes `past.routes`, a `past.phrases` phrase ("as a child", "years ago") is in the
  message and no `past.still_now` phrase ("still", "again", "tonight") is within `past.still_reach` words
  of the match ("I self-harmed as a teenager, I'm fine now. My partner was arrested today" is over);
  except for the speakers `past.kept_for` names for a route: a young person's past abuse still gets Childline.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from spacy.tokens import Doc

Span = tuple[int, int]


@dataclass(frozen=True)
class TakenBackWords:
    """The word lists of content/safety.yml's `taken_back`, as lemmas."""

    negations: frozenset[str]
    between: frozenset[str]
    stories: frozenset[str]
    clause_breaks: frozenset[str]
    story_reach: int
    past_routes: frozenset[str]
    still_reach: int
    past_kept_for: Mapping[str, frozenset[str]]  # route -> the speakers for whom its past is not over
    conditions: frozenset[str] = frozenset()  # "if": a `conditioned` negation after one states a condition
    conditioned: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, raw: Mapping) -> "TakenBackWords":
        past = raw.get("past") or {}
        return cls(negations=frozenset(raw.get("negations") or ()), between=frozenset(raw.get("between") or ()),
                   stories=frozenset(raw.get("stories") or ()), clause_breaks=frozenset(raw.get("clause_breaks") or ()),
                   story_reach=int(raw.get("story_reach") or 0), past_routes=frozenset(past.get("routes") or ()),
                   still_reach=int(past.get("still_reach") or 0),
                   past_kept_for={route: frozenset(speakers) for route, speakers in (past.get("kept_for") or {}).items()},
                   conditions=frozenset(raw.get("conditions") or ()), conditioned=frozenset(raw.get("conditioned") or ()))


class TakenBack:
    """Judges the spans a route matched in one message."""

    def __init__(self, words: TakenBackWords, doc: Doc, past: bool, still_now: Sequence[Span] = (),
                 speaker: Optional[str] = None) -> None:
        """`past`: the message has a past phrase; `still_now`: where its still-now phrases are (both found by
        the detector with the phrase language); `speaker`: who the message shows writing, if it does."""
        self.words, self.past, self.still_now, self.speaker = words, past, list(still_now), speaker
        self._norms = [token.norm_ for token in doc]
        self._words = [token.lower_ for token in doc]

    def spans(self, route: str, spans: Sequence[Span]) -> bool:
        """Whether the words around these spans (one match of `route`) take the match back."""
        if self._over(route, spans):
            return True
        return any(self._negated(start) or self._in_story(start) for start, _ in spans)

    def _over(self, route: str, spans: Sequence[Span]) -> bool:
        kept = self.speaker in self.words.past_kept_for.get(route, frozenset())
        return self.past and route in self.words.past_routes and not kept and not self._still_now_near(spans)

    def _still_now_near(self, spans: Sequence[Span]) -> bool:
        reach = self.words.still_reach
        return any(s - reach < end and start < e + reach for start, end in spans for s, e in self.still_now)

    def _negated(self, start: int) -> bool:
        for at in range(start - 1, -1, -1):
            word = self._norms[at]
            if word in self.words.negations:
                return not self._condition(at)
            if word not in self.words.between:
                return False
        return False

    def _condition(self, at: int) -> bool:
        """A negation after "if i" or "unless" is a condition, as in a threat: "if i don't send more by tonight"."""
        return self._norms[at] in self.words.conditioned and any(
            word in self.words.conditions for word in self._norms[max(0, at - 3):at])

    def _in_story(self, start: int) -> bool:
        first = max(0, start - self.words.story_reach)
        for at in range(start - 1, first - 1, -1):
            if self._is_story_word(at):
                return True
            if self._norms[at] in self.words.clause_breaks:
                return False
        return False

    def _is_story_word(self, at: int) -> bool:
        """A story word as written, or its plural: "a film", "films", never "filming kids right now"."""
        word = self._words[at]
        return word in self.words.stories or (word.endswith("s") and word[:-1] in self.words.stories)
