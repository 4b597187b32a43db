"""YAML read with line numbers, so the content checker can say "domain.yml, line 120" to a content owner.

Mappings load as `LocatedDict` (with `.line` and `.lines[key]`), sequences as `LocatedList` (with `.line`
and `.lines[index]`); everything else loads as PyYAML's safe loader makes it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content_check import Finding


class LocatedDict(dict):
    line: int = 0
    lines: dict


class LocatedList(list):
    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, remembering where each mapping key and sequence item starts."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    located = LocatedDict(loader.construct_mapping(node, deep=True))
    located.line = node.start_mark.line + 1
    located.lines = {loader.construct_object(key, deep=True): key.start_mark.line + 1 for key, _ in node.value}
    return located


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    located = LocatedList(loader.construct_sequence(node, deep=True))
    located.line = node.start_mark.line + 1
    located.lines = [item.start_mark.line + 1 for item in node.value]
    return located


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class UnreadableContent(Exception):
    """A content file that is not valid YAML, as a Finding a content owner can act on."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.problem)
        self.finding = finding


def load(path: Path) -> Any:
    """The file's YAML, with line numbers on every mapping and sequence."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or LocatedDict()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise UnreadableContent(Finding(
            path, mark.line + 1 if mark else 1, f"this file can't be read: {error.problem}",
            "look at this line and the one above it: keys line up under each other, indented by two spaces, "
            "and a value with a colon or quote in it goes inside double quotes")) from error
