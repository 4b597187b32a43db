"""The service registry (content/services.yml): every contact the assistant gives, held once.

Responses refer to registry values as `{service.field}` placeholders; `placeholders()` is the flat
mapping the NLG fills them from. The helpline's hours sentence is derived from its timetable.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from bot.opening_hours import OpeningHours
from bot.settings import SERVICES_PATH


@dataclass(frozen=True)
class Registry:
    """The loaded registry: services' fields as text, and the helpline's opening hours."""

    services: Mapping[str, Mapping[str, str]]
    helpline_hours: OpeningHours

    def placeholders(self) -> dict[str, str]:
        """`{"helpline.phone": <its phone>, ...}`, plus the derived `helpline.hours`."""
        values = {
            f"{service}.{field}": value
            for service, fields in self.services.items()
            for field, value in fields.items()
        }
        values["helpline.hours"] = self.helpline_hours.describe()
        return values


def parse(raw: Mapping) -> Registry:
    """Builds a Registry from the YAML's mapping, turning every value into the text to show."""
    services = {
        name: {field: str(value) for field, value in (fields or {}).items()}
        for name, fields in (raw.get("services") or {}).items()
    }
    return Registry(services=services, helpline_hours=OpeningHours.from_config(raw.get("helpline_hours") or {}))


def load(path: Path = SERVICES_PATH) -> Registry:
    """Reads and parses a registry file."""
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The project's registry, read once per process: it changes only with a restart."""
    return load()
