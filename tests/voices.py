"""The evaluation sets written by voice (tests/heldout/voices/, and voices-final/ to voices-final-5/).

Each was written by a writer who saw only the fact base of services and a description of a voice (a
phone typed in distress, long paragraphs, several turns, non-native English, teenagers, who is speaking),
never the training data. Each item is a conversation: earlier turns (`before`, typed or a clicked button),
then the scored message with the handoff it should get (`expect`, a name from handoffs.yml), who is
speaking (`speaker`) and its kind (`category`: ordinary, or one of the failure classes of issue 17).

`voices` was written and measured before any tuning; its first figures are in docs/evaluation.md, and its
misses were then studied. `voices-final` was written after the first tuning and is measured, never studied
(it was measured again while the sentence embedding was tuned, so it is no longer untouched);
`voices-final-2` was written from tests/heldout/WRITERS.md alone after that tuning and is measured, never studied.
`voices-final-3` was written the same way by five more writers on 2026-12-03 and measured before and after
that day's tuning (on `voices` only); its messages were never read. `voices-final-4` (two writers) was
measured before and after the fourth round's training examples, `voices-final-5` once, on that round's model,
as the starting figure for the next round; neither has been read.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Union

import yaml

from tests.handoffs import HELDOUT_DIR
from tests.project_data import DOMAIN

# Every folder of tests/heldout/ named voices*, in name order: a new set is a new folder (and a floor in
# tests/e2e/test_voices.py, whose test fails without one), not a name to add here as well.
VOICE_SETS = {path.name: path for path in sorted(HELDOUT_DIR.glob("voices*")) if path.is_dir()}
SPEAKERS = ("adult", "young_person", "family_friend", "professional", "unknown")
CATEGORIES = ("ordinary", "adult_with_age", "child_in_danger", "negated_or_hypothetical", "friend_confession",
              "relative_suicidal", "report_as_facts", "protective_question", "two_questions", "past_not_now",
              "late_crisis", "out_of_scope")
Turn = Union[str, dict]


def voice_files(name: str) -> list[Path]:
    return sorted(VOICE_SETS[name].glob("*.yml"))


def voice_items(name: str) -> list[dict]:
    """Every item of a set, each with its file's `voice`."""
    items = []
    for path in voice_files(name):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items += [{**item, "voice": data["voice"]} for item in data["items"]]
    return items


@lru_cache(maxsize=1)
def greeting_buttons() -> dict[str, str]:
    """`{title: payload}` for the greeting's buttons, the ones a writer's `{click: title}` names."""
    return {button["title"]: button["payload"] for button in DOMAIN["responses"]["utter_greet"][0]["buttons"]}


def typed(turn: Turn) -> str:
    """What the assistant receives for a turn: the text, or a clicked button's payload."""
    return greeting_buttons()[turn["click"]] if isinstance(turn, dict) else turn
