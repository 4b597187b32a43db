"""The phrase language of content/safety.yml, turned into spaCy Matcher patterns.

A phrase is words separated by spaces, written as a person would type them:

    kill myself            each word matches any form of it: "killing myself", "killed myself"
    hurt|hit|beat ... kid  `a|b` is either word (one word each: "no one|nobody" is "no", then "one" or
                           "nobody"); `...` stands for up to three other words
    right? now             `word?` may be there or not
    i am 13-17             `13-17` is any whole number from 13 to 17; letters around it stay ("13-17f": "15f")
    i =am 13-17            `=word` is that word exactly as typed, not any form of it ("am", never "was")

Typing mistakes in words of five letters or more are forgiven by the detector, so phrases are
written spelled correctly; missing apostrophes and text-speak are handled by `spellings`.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

GAP = "..."
GAP_WORDS = 3
_RANGE = re.compile(r"^(\D*)(\d+)-(\d+)(\D*)$")

Lemmatise = Callable[[str], list[str]]


def compile_phrase(phrase: str, lemmatise: Lemmatise) -> list[dict]:
    """One Matcher pattern (a list of token specs) for `phrase`.

    `lemmatise(word)` gives the normalised lemmas a word stands for (more than one when
    normalisation splits it, as "dont" -> "do not").
    """
    pattern: list[dict] = []
    for word in phrase.split():
        if word == GAP:
            pattern.extend({"OP": "?"} for _ in range(GAP_WORDS))
            continue
        if word.startswith("="):
            pattern.append({"LOWER": {"IN": word[1:].split("|")}})
            continue
        optional = word.endswith("?")
        alternatives = [form for alternative in word.rstrip("?").split("|") for form in _numbers(alternative)]
        forms = [lemmatise(alternative) for alternative in alternatives if alternative]
        if not forms:
            raise ValueError(f"empty word in phrase {phrase!r}")
        if any(len(form) != 1 for form in forms):
            pattern.extend(_multi_word(alternatives, forms, phrase, optional))
            continue
        spec: dict = {"NORM": {"IN": sorted({form[0] for form in forms} | set(alternatives))}}
        if optional:
            spec["OP"] = "?"
        pattern.append(spec)
    if not any("OP" not in spec for spec in pattern):
        raise ValueError(f"phrase {phrase!r} has no required word")
    return pattern


def _multi_word(alternatives: list[str], forms: list[list[str]], phrase: str, optional: bool) -> Iterable[dict]:
    """A word that stands for several ("cant" -> "can not") must stand alone: no `|`, no `?`."""
    if len(forms) != 1 or optional:
        word, words = next((a, form) for a, form in zip(alternatives, forms) if len(form) != 1)
        raise ValueError(f"in phrase {phrase!r}, {word!r} stands for several words ({' '.join(words)}): "
                         "write them out as their own phrase")
    return ({"NORM": {"IN": [lemma]}} for lemma in forms[0])


def vocabulary(patterns: Iterable[list[dict]]) -> set[str]:
    """Every word the patterns name: the words a typing mistake may be forgiven towards."""
    return {word for pattern in patterns for spec in pattern for word in spec.get("NORM", {}).get("IN", [])}


def _numbers(word: str) -> list[str]:
    """A word with a number range ("13-17f") as the words it stands for ("13f" ... "17f"); else the word."""
    found = _RANGE.match(word)
    if not found:
        return [word]
    before, low, high, after = found.groups()
    return [f"{before}{number}{after}" for number in range(int(low), int(high) + 1)]
