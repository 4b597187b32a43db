"""Where the end-to-end evaluations leave their scores: results/<kind>/<set>.md for people, .json for
`make report` (bot/evaluation_report.py)."""
from __future__ import annotations

import json

from bot import settings



def save(kind: str, name: str, lines: list[str], data: dict) -> None:
    """Writes a set's page (`lines` of Markdown) and its data, side by side."""
    folder = settings.RESULTS_DIR / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text("\n".join(lines) + "\n")
    (folder / f"{name}.json").write_text(json.dumps(data, indent=1))
