"""The content checker behind `make check`: catches content mistakes before they reach a visitor.

Each rule (rules.py) reads the project's content (project.py) and returns Findings: which file, which
line, what is wrong, and how to fix it, in words a content owner can act on. Nothing is trained or
started, so it takes seconds.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, what it is, and how to fix it."""

    path: Path
    line: int
    problem: str
    fix: str

    def describe(self, root: Path) -> str:
        where = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        return f"{where}:{self.line}: {self.problem}\n    How to fix it: {self.fix}"
