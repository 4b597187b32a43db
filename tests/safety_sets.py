"""The safety sets (tests/safety/*.yml) and what each of their routes must be answered with.

`suite` is the development set: the safety phrases were written with it in view, and every message in
it must be routed right. `holdout` was written separately; its first score (79.6% routed right) was
honest, but its misses were then read while the warning-sign phrases were added. So were `final`'s,
after its first score (78.5%). `final2` was written last, independently, and never read while building:
its score is the honest one.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot import settings
from tests.handoffs import handoff_of, handoffs

SAFETY_SETS = {name: Path(__file__).parent / "safety" / f"{name}.yml" for name in ("suite", "holdout", "final", "final2")}
CRISIS_ROUTES = ("child_in_danger", "suicidal_thoughts", "child_disclosure")


@lru_cache(maxsize=1)
def route_answers() -> dict[str, str]:
    """`{"child_in_danger": "utter_child_in_danger", ...}` from content/safety.yml's routes."""
    routes = yaml.safe_load(settings.SAFETY_PATH.read_text(encoding="utf-8"))["routes"]
    return {name: f"utter_{route['answer']}" for name, route in routes.items()}


def right_answers(route: str) -> set[str]:
    """The route's answer and the others of its handoff (tests/heldout/handoffs.yml): a young person in
    danger is rightly given 999 and Childline in words for a child (utter_child_in_danger_young_person)."""
    answer = route_answers()[route]
    handoff = handoffs().get(handoff_of(answer), {})
    return {answer} | {f"utter_{other}" for other in handoff.get("answers", [])}


def crisis_answers() -> set[str]:
    """The answers a benign message must never get: it is not an emergency."""
    return {answer for route in CRISIS_ROUTES for answer in right_answers(route)}


def safety_set(name: str) -> dict[str, list[dict]]:
    """`{"critical": [{"route", "text", "before"?}], "benign": [{"text", "before"?}]}`."""
    return yaml.safe_load(SAFETY_SETS[name].read_text(encoding="utf-8"))
