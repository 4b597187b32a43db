"""Campaign profiles (content/profiles/<name>.yml): what changes from one region's campaign to another's.

The same assistant serves every region that runs the campaign. A profile holds the region's name, the
police forces that run it there, a local note and the quick exit's site; responses and the campaign page
write them as `{profile.region}` and so on. CAMPAIGN_PROFILE chooses the profile (bot.settings).

Profile values are read when the servers start and filled in when a reply is made, so switching region
or rewording a profile needs a restart, never a retraining.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

from bot import settings
from bot.services import Registry, default_registry, fill

PREFIX = "profile."


def load(path: Path, registry: Registry) -> dict[str, str]:
    """`{"profile.region": ..., ...}` from one profile file, with the registry's names filled in."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"{path.name}: a profile is a list of `key: \"value\"` lines")
    values = registry.placeholders()
    return {PREFIX + key: fill(str(value), values) for key, value in raw.items()}


def named(name: str, registry: Registry) -> dict[str, str]:
    """The profile content/profiles/<name>.yml, as `load` gives it."""
    return load(settings.PROFILES_DIR / f"{name}.yml", registry)


def is_full_https_address(url: str) -> bool:
    """What a quick exit may open: a whole https:// address, never a relative path or another scheme."""
    parts = urlparse(url)
    return parts.scheme == "https" and bool(parts.netloc)


@lru_cache(maxsize=1)
def default_profile() -> dict[str, str]:
    """The chosen profile's placeholders, read once per process: a change needs a restart."""
    return named(settings.campaign_profile(), default_registry())
