"""The content the checker reads, loaded once with line numbers: responses, training examples, rules and
stories, the registry, the campaign page, the regions' profiles, and the checker's own settings
(content/checks.yml)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from bot import settings
from bot.content_check.located import LocatedDict, load


@dataclass(frozen=True)
class Text:
    """One piece of text a visitor may read, and where it is written."""

    path: Path
    line: int
    where: str  # e.g. "utter_greet" or "page.heading"
    text: str


def line_of(text: Text, written: str) -> int:
    """The line where `written` appears inside a text that may run over several lines of its file."""
    lines = text.path.read_text(encoding="utf-8").splitlines()
    for number in range(text.line, min(text.line + 40, len(lines) + 1)):
        if written in lines[number - 1]:
            return number
    return text.line


@dataclass(frozen=True)
class Example:
    path: Path
    line: int
    intent: str
    text: str


@dataclass
class Project:
    root: Path
    domain: LocatedDict
    examples: list[Example]
    steps: list[tuple[Path, int, str, str]]  # (file, line, "intent" or "action", name) in rules and stories
    services: LocatedDict
    campaign: LocatedDict
    checks: LocatedDict
    profiles: dict[Path, LocatedDict]  # content/profiles/<region>.yml
    safety: LocatedDict
    speakers: LocatedDict = field(default_factory=LocatedDict)  # content/speakers.yml, phrases as safety.yml's
    paths: dict[str, Path] = field(default_factory=dict)

    def responses(self) -> Iterator[tuple[str, int, LocatedDict]]:
        """(response name, line, variation) for every variation of every response in domain.yml."""
        responses = self.domain.get("responses", {})
        for name, variations in responses.items():
            for index, variation in enumerate(variations):
                yield name, variations.lines[index], variation

    def response_texts(self) -> Iterator[Text]:
        """Every response's text and button titles."""
        path = self.paths["domain"]
        for name, line, variation in self.responses():
            yield Text(path, variation.lines.get("text", line), name, variation.get("text", ""))
            buttons = variation.get("buttons", [])
            for index, button in enumerate(buttons):
                yield Text(path, buttons.lines[index], f"{name} button", button.get("title", ""))

    def page_texts(self, with_exit_site: bool = False) -> Iterator[Text]:
        """Every sentence of the campaign page; the exit site's address (not a service's) only if asked for."""
        yield from _texts(self.paths["campaign"], self.campaign, "", skip=set() if with_exit_site else {"exit.url"})

    def message_texts(self) -> Iterator[Text]:
        """What the assistant says outside domain.yml: whether the helpline is open (services.yml), and the
        replies if the assistant fails or a conversation sends too fast (safety.yml)."""
        status = self.services.get("helpline_status", {})
        for key, text in status.items():
            yield Text(self.paths["services"], status.lines[key], f"helpline_status.{key}", str(text))
        for key in SAFETY_MESSAGES:
            if key in self.safety:
                yield Text(self.paths["safety"], self.safety.lines[key], key, str(self.safety[key]))

    def profile_texts(self) -> Iterator[Text]:
        """Every value of every region's profile, but the exit site's address."""
        for path, profile in self.profiles.items():
            yield from _texts(path, profile, "profile", skip={"profile.exit_url"})


SAFETY_MESSAGES = ("failure_reply", "too_fast_reply")


def _texts(path: Path, node: object, where: str, skip: set[str], line: int = 0) -> Iterator[Text]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(path, value, f"{where}.{key}".lstrip("."), skip, node.lines[key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(path, value, f"{where}[{index}]", skip, node.lines[index])
    elif isinstance(node, str) and where not in skip:
        yield Text(path, line, where, node)


def _examples(path: Path) -> Iterator[Example]:
    for block_index, block in enumerate(load(path).get("nlu", [])):
        if "intent" not in block:
            continue
        first = block.lines["examples"] + 1  # `examples: |` then one example per line
        for offset, raw in enumerate(str(block.get("examples", "")).splitlines()):
            text = re.sub(r"^\s*-\s*", "", raw).strip()
            if text:
                yield Example(path, first + offset, block["intent"], text)


def _steps(path: Path) -> Iterator[tuple[Path, int, str, str]]:
    data = load(path)
    for section in ("rules", "stories"):
        for item in data.get(section, []):
            steps = item.get("steps", [])
            for index, step in enumerate(steps):
                for kind in ("intent", "action"):
                    if kind in step:
                        yield path, steps.lines[index], kind, step[kind]


def load_project(root: Path = settings.PROJECT_ROOT) -> Project:
    paths = {"domain": root / "domain.yml", "services": root / "content" / "services.yml",
             "campaign": root / "content" / "campaign.yml", "checks": root / "content" / "checks.yml",
             "safety": root / "content" / "safety.yml", "speakers": root / "content" / "speakers.yml"}
    data = root / "data"
    return Project(
        root=root,
        domain=load(paths["domain"]),
        examples=[example for path in sorted((data / "nlu").glob("*.yml")) for example in _examples(path)],
        steps=[step for folder in ("rules", "stories") for path in sorted((data / folder).glob("*.yml"))
               for step in _steps(path)],
        services=load(paths["services"]),
        campaign=load(paths["campaign"]),
        checks=load(paths["checks"]),
        profiles={path: load(path) for path in sorted((root / "content" / "profiles").glob("*.yml"))},
        safety=load(paths["safety"]),
        speakers=load(paths["speakers"]),
        paths=paths,
    )
