"""The content checker's rules. Each takes the Project and returns Findings; `ALL` runs them in order.

Why each rule exists:
- contacts_come_from_the_registry: a number typed into an answer escapes the one place numbers are checked,
  and a mistyped helpline number sends a frightened person nowhere.
- placeholders_are_known: `{helpline.fax}` would fail when the assistant tries to say it.
- enough_examples, no_example_under_two_intents: the classifier needs many varied examples, and one
  example under two intents teaches it both answers at once.
- every_answer_has_a_next_step: never a dead end.
- plain_words: answers are read in distress; the highest reading age is set in content/checks.yml.
- no_forbidden_phrases: promises of secrecy, "we will pass this on", judgemental words (content/checks.yml).
- names_match_up: an intent or response defined but never used, or used but never defined.
- profiles_match_up: the same for the regions' profile keys, which every profile must define; and each
  profile's exit site must be a full https:// address.
- phrase_choices_are_single_words: in content/safety.yml's and speakers.yml's phrases, `|` chooses between
  single words, so "video call|video chat" means "video (call or video) chat" and matches almost nothing; a
  crisis phrase written so is silently lost. Caught when a choice repeats the word beside it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Iterable, Iterator

import textstat

from bot.content_check import Finding
from bot.content_check.located import LocatedList
from bot.content_check.project import SAFETY_MESSAGES, Project, Text, line_of
from rapidfuzz.distance import OSA
from bot.profiles import is_full_https_address
from bot.services import CONTACT_FIELDS

PHONE = re.compile(r"(?<![\w.{])\+?\d[\d ]{4,14}\d(?![\w}])|(?<![\w.{])(?:999|101|111|112|105)(?![\w}])")
WEB = re.compile(r"(?<![\w@.{-])(?:https?://)?(?:[a-z0-9-]+\.)+(?:uk|org|com|net|gov|info|co|io)(?:/[^\s,;)]*)?"
                 r"(?![\w-])", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PLACEHOLDER = re.compile(r"{([^{}]+)}")
CONTACT_PLACEHOLDER = re.compile(r"{\w+\.(?:" + "|".join(CONTACT_FIELDS) + r"|status)}")
# Names filled in without the registry: worked out from the clock or from endpoints.yml.
DERIVED = {"helpline.hours", "helpline.status", "retention_minutes", "next_opening"}
# Rasa's own actions and responses that need no rule of ours.
RASA_DEFAULTS = {"action_listen", "action_restart", "action_default_fallback", "action_two_stage_fallback",
                 "nlu_fallback", "utter_default"}


def _registry(project: Project) -> dict[str, str]:
    """`{"helpline.phone": <its phone>, ...}` for every field of every service."""
    return {f"{service}.{field}": str(value) for service, fields in project.services.get("services", {}).items()
            for field, value in (fields or {}).items()}


def _visible_texts(project: Project) -> Iterator[Text]:
    yield from project.response_texts()
    yield from project.page_texts()
    yield from project.message_texts()
    yield from project.profile_texts()


def _profile_keys(project: Project) -> set[str]:
    """`profile.<key>` for every key any region's profile defines."""
    return {f"profile.{key}" for profile in project.profiles.values() for key in profile}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def contacts_come_from_the_registry(project: Project) -> Iterator[Finding]:
    registry = _registry(project)
    contacts = {key: value for key, value in registry.items() if key.split(".")[1] in CONTACT_FIELDS}
    for text in _visible_texts(project):
        for match in [*PHONE.finditer(text.text), *WEB.finditer(text.text), *EMAIL.finditer(text.text)]:
            if match.re is PHONE and len(_digits(match.group())) < 6 and match.group() not in registry.values():
                if not re.fullmatch(r"999|101|111|112|105", match.group()):
                    continue
            yield _contact_finding(text, match.group(), contacts, is_phone=match.re is PHONE)


def _contact_finding(text: Text, written: str, contacts: dict[str, str], is_phone: bool) -> Finding:
    line = line_of(text, written)
    same = [key for key, value in contacts.items() if value.lower() == written.lower()
            or (is_phone and _digits(value) == _digits(written))]
    if same:
        return Finding(text.path, line, f"{text.where} writes {written!r} itself",
                       f"write {{{same[0]}}} instead: the assistant fills it in from content/services.yml")
    near = [key for key, value in contacts.items() if is_phone and _digits(value)
            and OSA.distance(_digits(value), _digits(written)) <= 2]
    if near:
        return Finding(text.path, line, f"{text.where} has {written!r}, which looks like a mistyped "
                       f"{near[0].split('.')[0]} number ({contacts[near[0]]})",
                       f"write {{{near[0]}}} instead of the number")
    return Finding(text.path, line, f"{text.where} has {written!r}, which is not in the registry",
                   "every number and address must come from content/services.yml: add it there first "
                   "(only from the services' own published details), then write its {service.field} name")


def placeholders_are_known(project: Project) -> Iterator[Finding]:
    registry_names = set(_registry(project)) | DERIVED
    profile_names = _profile_keys(project)
    for text in _visible_texts(project):
        # Only answers and the page are filled from the profile; everything else names the registry's values.
        fills_profile = text.path in (project.paths["domain"], project.paths["campaign"])
        known = registry_names | profile_names if fills_profile else registry_names
        for name in PLACEHOLDER.findall(text.text):
            if name not in known:
                yield Finding(text.path, line_of(text, f"{{{name}}}"),
                              *_unknown_name(name, text, registry_names, profile_names))


def _unknown_name(name: str, text: Text, registry_names: set[str], profile_names: set[str]) -> tuple[str, str]:
    """What is wrong with an unknown {name}, and how to fix it."""
    if name in profile_names:
        return (f"{text.where} uses {{{name}}}, but only answers in domain.yml and the page's words are "
                "filled in from the region's profile", "write the words themselves here")
    if name.startswith("profile."):
        return (f"{text.where} uses {{{name}}}, which no profile in content/profiles/ has",
                f"add `{name.removeprefix('profile.')}: \"...\"` to every profile, or correct the name")
    services = sorted({key.split(".")[0] for key in registry_names if "." in key})
    return (f"{text.where} uses {{{name}}}, which the registry does not have",
            f"use a name from content/services.yml, such as {{helpline.phone}} (services: {', '.join(services)})")


def enough_examples(project: Project) -> Iterator[Finding]:
    minimum = int(project.checks.get("min_examples", 25))
    counts: dict[str, list] = defaultdict(list)
    for example in project.examples:
        counts[example.intent].append(example)
    for intent in project.domain.get("intents", []):
        found = counts.get(intent, [])
        if len(found) < minimum:
            path, line = (found[0].path, found[0].line - 1) if found else (project.paths["domain"], 1)
            yield Finding(path, line, f"intent {intent} has {len(found)} training examples; it needs at least {minimum}",
                          "add varied examples, written as people really write (typos, no punctuation, slang)")


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def no_example_under_two_intents(project: Project) -> Iterator[Finding]:
    first_seen = {}
    for example in project.examples:
        key = _normalised(example.text)
        earlier = first_seen.setdefault(key, example)
        if earlier.intent != example.intent:
            where = f"{earlier.path.name} line {earlier.line}"
            yield Finding(example.path, example.line, f"{example.text!r} is an example of both {earlier.intent} "
                          f"({where}) and {example.intent}", "keep it under the one intent whose answer fits it")


def every_answer_has_a_next_step(project: Project) -> Iterator[Finding]:
    for name, line, variation in project.responses():
        if not variation.get("buttons") and not CONTACT_PLACEHOLDER.search(variation.get("text", "")):
            yield Finding(project.paths["domain"], line, f"{name} leaves the person with no next step",
                          "add buttons, or a way to a person such as the helpline's {helpline.phone}")


# A capitalised word inside a sentence: a name ("Cambridgeshire", "Lucy Faithfull Foundation").
NAME = re.compile(r"(?<=[\w,;:] )[A-Z][\w'!-]*")


def reading_age(text: str) -> float:
    """The UK reading age a text needs: its Flesch-Kincaid grade plus 5.

    Names inside a sentence count as one short word. Flesch-Kincaid counts syllables, so "Cambridgeshire"
    would weigh like a hard word, though a visitor there knows it; the sentence around it is what we judge.
    """
    return textstat.flesch_kincaid_grade(NAME.sub("Name", text)) + 5


def plain_words(project: Project) -> Iterator[Finding]:
    """Each response and page text, filled in as each region's visitors read it; a profile's own values are
    fragments ("the police forces of ..."), so they are judged in the sentences that use them."""
    limit = float(project.checks.get("max_reading_age", 12))
    values = {**_registry(project), "helpline.hours": "Monday to Friday", "helpline.status": "It is open now.",
              "retention_minutes": "30", "next_opening": "Monday at 9am"}
    regions = {path.stem: {f"profile.{key}": str(value) for key, value in profile.items()}
               for path, profile in project.profiles.items()} or {"": {}}
    for text in [*project.response_texts(), *project.page_texts(), *project.message_texts()]:
        # Only a text that names profile values reads differently from one region to another.
        uses_profile = "{profile." in text.text
        fillings = regions.items() if uses_profile else [("", {})]
        readings = [(reading_age(filled), region, filled) for region, profile in fillings
                    for filled in [_filled(text.text, {**values, **profile})]]
        exact_age, region, filled = max(readings)
        age = round(exact_age)
        if len(filled.split()) >= 12 and age > limit:
            in_region = f" (as the {region} profile fills it)" if uses_profile else ""
            yield Finding(text.path, text.line, f"{text.where} needs a reading age of {age}{in_region}; "
                          f"the most allowed is {limit:g}", "use shorter sentences and everyday words")


def _filled(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), "it"), text)


def no_forbidden_phrases(project: Project) -> Iterator[Finding]:
    for entry in project.checks.get("forbidden", []):
        pattern = re.compile(r"(?<!\w)" + re.escape(entry["phrase"]).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE)
        for text in _visible_texts(project):
            if pattern.search(text.text):
                yield Finding(text.path, text.line, f"{text.where} says {entry['phrase']!r}: {entry['why']}",
                              "reword it (content/checks.yml lists the words and promises not to use)")


def names_match_up(project: Project) -> Iterator[Finding]:
    domain_path = project.paths["domain"]
    intents = set(project.domain.get("intents", []))
    responses = set(project.domain.get("responses", {}))
    used_intents = {name for _, _, kind, name in project.steps if kind == "intent"}
    used_actions = {name for _, _, kind, name in project.steps if kind == "action"}
    for example in _first_per_intent(project):
        if example.intent not in intents:
            yield Finding(example.path, example.line - 1, f"intent {example.intent} has examples but is not in domain.yml",
                          "add it to the intents list in domain.yml, with a rule that answers it")
    for path, line, kind, name in project.steps:
        if kind == "intent" and name not in intents | RASA_DEFAULTS:
            yield Finding(path, line, f"intent {name} is used here but not in domain.yml", "add it to domain.yml's intents")
        if kind == "action" and name.startswith("utter_") and name not in responses:
            yield Finding(path, line, f"{name} is sent here but domain.yml has no such response",
                          "add the response to domain.yml, or correct the name")
    for intent in sorted(intents - used_intents):
        yield Finding(domain_path, project.domain["intents"].lines[project.domain["intents"].index(intent)],
                      f"intent {intent} is never answered", "add a rule in data/rules/ that answers it")
    for response in sorted(responses - used_actions - RASA_DEFAULTS):
        yield Finding(domain_path, project.domain["responses"].lines[response], f"{response} is never sent",
                      "send it from a rule or story, or remove it")


def profiles_match_up(project: Project) -> Iterator[Finding]:
    texts = [*project.response_texts(), *project.page_texts(with_exit_site=True)]
    used = {name.removeprefix("profile."): text.where for text in texts
            for name in PLACEHOLDER.findall(text.text) if name.startswith("profile.")}
    defined_somewhere = {name.removeprefix("profile.") for name in _profile_keys(project)}
    for path, profile in project.profiles.items():
        for key in sorted(set(used) & defined_somewhere - set(profile)):
            yield Finding(path, 1, f"this profile has no {key}, which {used[key]} uses",
                          f"add a line `{key}: \"...\"` (content/profiles/all-regions.yml says what each key is for)")
        for key in sorted(set(profile) - set(used)):
            yield Finding(path, profile.lines[key], f"profile key {key} is never used",
                          f"write {{profile.{key}}} in domain.yml or content/campaign.yml, or remove it from every profile")
        if "exit_url" in profile and not is_full_https_address(str(profile["exit_url"])):
            yield Finding(path, profile.lines["exit_url"], f"exit_url {profile['exit_url']!r} is not a full https:// address",
                          "write the whole address of an ordinary website, such as \"https://www.bbc.co.uk/weather\"")


def phrase_choices_are_single_words(project: Project) -> Iterator[Finding]:
    for key in ("safety", "speakers"):
        for line, phrase in _phrases(getattr(project, key)):
            words = [word.lstrip("=").rstrip("?") for word in phrase.split()]
            for at, word in enumerate(words):
                beside = {choice for near in words[max(0, at - 1):at] + words[at + 1:at + 2] for choice in near.split("|")}
                if "|" in word and beside & set(word.split("|")):
                    yield Finding(project.paths[key], line, f"the phrase {phrase!r} chooses between two-word phrases "
                                  "with |, which chooses between single words only",
                                  "write each choice as a phrase of its own, or make a word optional with ? "
                                  "(\"send me? more\" is \"send more\" or \"send me more\")")


def _phrases(node: object, line: int = 0) -> Iterator[tuple[int, str]]:
    """Every phrase in a phrase file, with its line: the strings in its lists, but not its replies or spellings."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("spellings", *SAFETY_MESSAGES):
                yield from _phrases(value, getattr(node, "lines", {}).get(key, line))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _phrases(value, node.lines[index] if isinstance(node, LocatedList) else line)
    elif isinstance(node, str) and line:
        yield line, node


def _first_per_intent(project: Project) -> Iterable:
    seen = {}
    for example in project.examples:
        seen.setdefault(example.intent, example)
    return seen.values()


ALL: list[Callable[[Project], Iterable[Finding]]] = [
    contacts_come_from_the_registry, placeholders_are_known, enough_examples, no_example_under_two_intents,
    every_answer_has_a_next_step, plain_words, no_forbidden_phrases, names_match_up, profiles_match_up,
    phrase_choices_are_single_words,
]


def check(project: Project) -> list[Finding]:
    """Every finding of every rule, in file order."""
    findings = [finding for rule in ALL for finding in rule(project)]
    return sorted(findings, key=lambda f: (str(f.path), f.line))
