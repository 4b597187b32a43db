"""Refuses an endpoints.yml that would let conversations be stored without redaction.

Rasa builds whatever tracker store endpoints.yml names, and falls back to an unredacted in-memory
store when it cannot import a custom one. `python -m bot run` calls this before starting the server,
and the end-to-end tests prove that the wrapper is the store actually serving.
Kept apart from the wrapper itself so that the command line does not import Rasa to check a file.
"""
from __future__ import annotations

from pathlib import Path

import yaml

WRAPPER_TYPE = "bot.safety.tracker_store.RedactingTrackerStore"


def check_endpoints(path: Path) -> None:
    """Raises ValueError unless `path` puts every conversation behind the redacting wrapper."""
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    store_type = (config.get("tracker_store") or {}).get("type")
    if store_type != WRAPPER_TYPE:
        raise ValueError(f"{path}: tracker_store.type must be {WRAPPER_TYPE} (found {store_type!r}); put any other "
                         "store under its `store:` key, so that nothing is stored unredacted")
