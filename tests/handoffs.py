"""Which help each answer hands a person to (tests/heldout/handoffs.yml), and whether a reply really does.

Shared by the unit test that checks every answer against its handoff and the held-out evaluations that
score the real assistant's replies.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot import services

HELDOUT_DIR = Path(__file__).parent / "heldout"
HANDOFFS_PATH = HELDOUT_DIR / "handoffs.yml"
HELDOUT_SETS = {name: HELDOUT_DIR / f"{name}.yml" for name in ("development", "hard", "final")}
CONTACT_FIELDS = tuple(f".{field}" for field in services.CONTACT_FIELDS)
YOUNG_PERSON = "young_person"


@lru_cache(maxsize=1)
def _handoffs_file() -> dict:
    return yaml.safe_load(HANDOFFS_PATH.read_text(encoding="utf-8"))


def handoffs() -> dict[str, dict]:
    return _handoffs_file()["handoffs"]


def handoff_of(answer: str) -> str:
    """The handoff of an answer, named by its response (`utter_ask_register`) or its intent (`ask_register`)."""
    key = answer.removeprefix("utter_")
    for name, handoff in handoffs().items():
        if key in handoff["answers"]:
            return name
    raise KeyError(f"{answer} is in no handoff in {HANDOFFS_PATH.name}")


def missing_contacts(text: str, handoff: str, speaker: str | None = None) -> list[str]:
    """What the reply `text` fails to do for `handoff`: contacts it doesn't name, or names too late, and for a
    young person (`speaker`), the help for a child it leaves out or the adult helpline it offers."""
    values = services.default_registry().placeholders()
    wanted = handoffs()[handoff]
    for_child = _handoffs_file()["young_person"].get(handoff, {}) if speaker == YOUNG_PERSON else {}
    problems = [key for key in [*wanted["contacts"], *for_child.get("contacts", [])] if values[key] not in text]
    problems += [f"not {key}" for key in for_child.get("never", []) if values[key] in text]
    first = wanted.get("first")
    if first and values[first] in text:
        named = [text.index(value) for key, value in values.items() if key.endswith(CONTACT_FIELDS) and value in text]
        if text.index(values[first]) > min(named):
            problems.append(f"{first} first")
    return problems


def heldout_messages(name: str) -> list[dict]:
    """One held-out set: `development` and `hard` (their misses were studied while tuning) or `final` (never)."""
    return yaml.safe_load(HELDOUT_SETS[name].read_text(encoding="utf-8"))["messages"]
