"""The project's own data as tests read it: the domain, its buttons, and the NLU training examples."""
from __future__ import annotations

import yaml

from bot import settings

DOMAIN = yaml.safe_load(settings.DOMAIN_PATH.read_text())


def button_payloads() -> list[tuple[str, str]]:
    """(response, payload) for every button of every response variation."""
    return [(name, button["payload"]) for name, variations in DOMAIN["responses"].items()
            for variation in variations for button in variation.get("buttons", [])]


def training_examples() -> set[str]:
    """Every NLU training example, lower-cased: test and held-out messages must not be among them."""
    examples = set()
    for path in settings.PROJECT_ROOT.glob("data/nlu/*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            examples |= {line.strip()[2:].strip().lower() for line in block["examples"].splitlines() if line.strip()}
    return examples
