"""Finds what could identify someone in a visitor's text, and replaces it before anything keeps it.

Visitors are asked not to type names or details, and some will anyway: a partner's name, a
neighbour's address, a phone number, a link. Everything the assistant stores or logs passes through
`Redactor.redact` first (the tracker store wrapper and the log filter both call it), so a detail
typed once is never written anywhere.

Redaction is deliberately greedy: replacing a harmless word costs a little readability in stored
conversations, missing a name costs a visitor's safety. The services' own contacts (from the
registry) are kept, because they identify nobody and testers need to see them.

Each detail becomes a placeholder such as `[phone]`. Placeholders contain nothing any pattern
matches, so redacting twice changes nothing.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator


def _english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its data file without importing spaCy.

    Importing the `spacy` package brings in thinc and, through it, TensorFlow: 430 MB in a process that
    only needs this word list, such as the action server, whose log lines are redacted too.
    """
    spec = importlib.util.find_spec("spacy")  # finds the package without running its __init__
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # a plain `STOP_WORDS = set(...)`
    return frozenset(namespace["STOP_WORDS"])


STOP_WORDS = _english_stop_words()

# Contact details: typing one of these into the chat is handing a detail over.
CONTACT_KINDS = frozenset({"phone", "email", "link", "handle", "postcode", "address", "ip"})

_RELATIONS = (
    "son|daughter|husband|wife|partner|boyfriend|girlfriend|brother|sister|dad|father|mum|mom|mother|"
    "uncle|aunt|auntie|cousin|nephew|niece|grandad|grandfather|grandson|granddaughter|grandma|grandmother|"
    "nan|stepdad|stepfather|stepmum|stepmother|stepson|stepdaughter|neighbour|neighbor|friend|mate|colleague|"
    "boss|manager|teacher|coach|ex|fiance|fiancee|lodger|tutor|priest|vicar|carer|landlord|flatmate|"
    "child|kid|baby|boy|girl|man|woman|guy|bloke|lad|lady"
)
_TITLES = r"mr|mrs|ms|miss|dr|sir|uncle|auntie|aunt|grandad|nan|nanna|father|pastor|coach"
_STREETS = (
    "street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|place|pl|gardens|gdns|"
    "terrace|grove|hill|park|square|sq|walk|mews|row|rise|view|parade|green|estate|boulevard|wharf|yard"
)
_TLDS = (
    "com|net|org|uk|io|ly|info|biz|xyz|ru|onion|test|app|site|online|club|top|cc|link|ws|de|fr|nl|eu|us|"
    "ca|au|gov|edu|co|me|tv|gg|to|live|chat|cam|porn|sex|xxx|tk|pw|su"
)
_NAME = r"[A-Z][a-z'’-]{1,40}"
_WORD = r"[^\W\d_][\w'’-]{0,40}"

# (kind, pattern). The name of the group `detail`, where present, is the part to replace.
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("email", re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")),
    ("link", re.compile(r"(?<![\w.])(?:https?://|www\.)[^\s<>\"']{1,2000}", re.IGNORECASE)),
    ("link", re.compile(rf"(?<![\w.-])(?:[a-z0-9-]{{1,63}}\.){{1,16}}(?:{_TLDS})\b(?:/[^\s<>\"']{{0,2000}})?",
                          re.IGNORECASE)),
    ("ip", re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b", re.IGNORECASE)),
    ("handle", re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,64}")),
    ("phone", re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \t().-]{6,30}\d(?!\w)")),
    ("postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)),
    ("address", re.compile(rf"\b\d{{1,4}}[a-z]?,?\s{{1,4}}(?:{_NAME}\s{{1,4}}){{1,3}}(?i:{_STREETS})\b")),
    ("address", re.compile(rf"\b\d{{1,4}}[a-z]?,?\s{{1,4}}(?P<street>{_WORD})\s{{1,4}}(?:{_STREETS})\b", re.IGNORECASE)),
    ("address", re.compile(r"\b(?:address|addy)(?:\s+is|'s|’s|:)\s*(?P<detail>[^.!?\n]{1,60})", re.IGNORECASE)),
    ("name", re.compile(rf"\b(?:name|names|name's|name’s)[\\\"']{{0,3}}\s{{0,3}}(?:is|was|:|=)?\s{{0,3}}[\\\"']{{0,3}}\s{{0,3}}"
                        rf"(?P<detail>{_WORD}(?:\s{{1,3}}{_WORD})?)", re.IGNORECASE)),
    ("name", re.compile(rf"\b(?:called|named|calls (?:himself|herself)|goes by)\s+(?P<detail>{_NAME}(?:\s{{1,3}}{_NAME})?)")),
    ("name", re.compile(rf"\b(?:he|she|they)(?:'s|’s|s| is| are)\s+called\s+(?P<detail>{_WORD}(?:\s{{1,3}}{_NAME})?)",
                        re.IGNORECASE)),
    ("name", re.compile(rf"\b(?i:{_RELATIONS})s?,?\s+(?P<detail>{_NAME}(?:\s{{1,3}}{_NAME})?)")),
    ("name", re.compile(rf"\b(?i:{_TITLES})\.?\s+(?P<detail>{_NAME}(?:\s{{1,3}}{_NAME})?)")),
    ("name", re.compile(rf"\b(?i:mr|mrs|ms|dr)\.?\s+(?P<detail>{_WORD})", re.IGNORECASE)),
)

_KEPT = "kept"  # a service's contact: found, and left as it is
MIN_PHONE_DIGITS = 9   # fewer is a date, a year range or a short service number


@dataclass(frozen=True)
class Finding:
    """One identifying detail: what kind it is and where it sits in the text."""

    kind: str
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


class Redactor:
    """Finds and replaces identifying details, keeping the services' own contacts."""

    def __init__(self, keep: Iterable[str] = ()) -> None:
        self._keep_digits = {_digits(value) for value in keep if len(_digits(value)) >= 3}
        self._keep_text = {value.strip().lower() for value in keep}
        self._keep_hosts = {_host(value) for value in keep if "." in value and "@" not in value}

    def find(self, text: str) -> list[Finding]:
        """Every detail in `text`, in order, none overlapping (the earliest, then the longest, wins).

        A service's own contact also takes its place, so that a service's email address is not half-read as a link.
        """
        candidates = sorted(self._candidates(text), key=lambda f: (f.start, -f.end))
        chosen: list[Finding] = []
        for finding in candidates:
            if chosen and finding.start < chosen[-1].end:
                continue
            chosen.append(finding)
        return [finding for finding in chosen if finding.kind != _KEPT]

    def redact(self, text: str) -> str:
        """`text` with each detail replaced by its placeholder."""
        for finding in reversed(self.find(text)):
            text = text[:finding.start] + finding.placeholder + text[finding.end:]
        return text

    def kinds(self, text: str) -> set[str]:
        """The kinds of detail in `text`, e.g. {"phone", "name"}."""
        return {finding.kind for finding in self.find(text)}

    def _candidates(self, text: str) -> Iterator[Finding]:
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(text):
                start, end = match.span("detail") if "detail" in pattern.groupindex else match.span()
                value = text[start:end]
                if self._is_kept(kind, value):
                    yield Finding(_KEPT, start, end)
                elif _is_detail(kind, value, match):
                    yield Finding(kind, start, end)

    def _is_kept(self, kind: str, value: str) -> bool:
        if kind == "phone":
            return _digits(value) in self._keep_digits
        if kind == "email":
            return value.lower() in self._keep_text
        if kind == "link":
            host = _host(value)
            return any(host == kept or host.endswith("." + kept) or kept.endswith("." + host)
                       for kept in self._keep_hosts)
        return False


def _is_detail(kind: str, value: str, match: re.Match) -> bool:
    """Second look at a match that a pattern alone cannot judge."""
    if kind == "phone":
        return len(_digits(value)) >= MIN_PHONE_DIGITS
    if kind == "address" and "street" in match.groupdict() and match.group("street"):
        return match.group("street").lower() not in STOP_WORDS
    if kind == "name":
        first = value.split()[0].lower() if value.split() else ""
        return bool(first) and first not in STOP_WORDS and "_" not in value  # not "name: action_listen"
    return True


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _host(link: str) -> str:
    """`https://www.Example.com/x` -> `example.com`."""
    host = re.sub(r"^[a-z]+://", "", link.strip().lower()).split("/")[0].rstrip(".")
    return host.removeprefix("www.")


@lru_cache(maxsize=1)
def default_redactor() -> Redactor:
    """The project's redactor, keeping every contact in the service registry."""
    from bot.services import default_registry

    return Redactor(keep=default_registry().contacts())
