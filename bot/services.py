"""The service registry (content/services.yml): every contact the assistant gives, held once.

Responses refer to registry values as `{service.field}` placeholders; `placeholders()` is the flat
mapping the NLG fills them from. Two values are derived rather than written: the helpline's hours
sentence (from its timetable) and whether it is open right now (from the timetable and the clock).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from bot.opening_hours import OpeningHours, say_moment
from bot.settings import SERVICES_PATH


CONTACT_FIELDS = ("phone", "textphone", "web", "email")


@dataclass(frozen=True)
class Registry:
    """The loaded registry: services' fields as text, and the helpline's opening hours."""

    services: Mapping[str, Mapping[str, str]]
    helpline_hours: OpeningHours
    helpline_status: Mapping[str, str]

    @cached_property
    def _fixed_values(self) -> dict[str, str]:
        # Worked out once: the NLG asks for these on every reply, and only the status changes with time.
        values = {
            f"{service}.{field}": value
            for service, fields in self.services.items()
            for field, value in fields.items()
        }
        values["helpline.hours"] = self.helpline_hours.describe()
        return values

    def placeholders(self) -> dict[str, str]:
        """`{"helpline.phone": <its phone>, ...}`, plus the derived `helpline.hours`."""
        return dict(self._fixed_values)

    def contacts(self) -> list[str]:
        """Every phone number, web address and email address of every service."""
        return [value for _, value in self.contact_items()]

    def contact_items(self) -> list[tuple[str, str]]:
        """(field, value) for every contact of every service: ("phone", <its number>), ("web", ...)."""
        return [(field, value) for fields in self.services.values()
                for field, value in fields.items() if field in CONTACT_FIELDS]

    def placeholders_at(self, now: datetime) -> dict[str, str]:
        """`placeholders()` plus `helpline.status`: whether the helpline is open at `now`, in words."""
        values = self.placeholders()
        if self.helpline_hours.is_open(now):
            values["helpline.status"] = fill(self.helpline_status["open"], values)
        else:
            opening = say_moment(self.helpline_hours.next_opening(now))
            values["helpline.status"] = fill(self.helpline_status["closed"], {**values, "next_opening": opening})
        return values


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replaces each `{name}` in `template` with its value; an unknown name is an error, not a blank."""
    return re.sub(r"{([^{}]+)}", lambda match: values[match.group(1)], template)


def parse(raw: Mapping) -> Registry:
    """Builds a Registry from the YAML's mapping, turning every value into the text to show."""
    services = {
        name: {field: str(value) for field, value in (fields or {}).items()}
        for name, fields in (raw.get("services") or {}).items()
    }
    hours = OpeningHours.from_config(raw.get("helpline_hours") or {})
    if not hours.weekly:
        raise ValueError("helpline_hours.weekly is empty: the assistant could not say when the helpline opens")
    status = {key: str(text) for key, text in (raw.get("helpline_status") or {}).items()}
    if set(status) != {"open", "closed"}:
        raise ValueError("helpline_status needs exactly two sentences: open and closed")
    return Registry(services=services, helpline_hours=hours, helpline_status=status)


def load(path: Path = SERVICES_PATH) -> Registry:
    """Reads and parses a registry file."""
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The project's registry, read once per process: it changes only with a restart."""
    return load()
