"""The campaign page's words (content/campaign.yml), with every contact filled from the registry.

Content owners write `{helpline.phone}`, `{profile.region}` and `{retention_minutes}`; this fills them once
per process, so the page, the chat's labels and the assistant's answers can never disagree on a number, a
promise or the region.
It also gives the chat the registry's own contacts, which are the only ones it turns into links.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import settings
from bot.profiles import default_profile, is_full_https_address
from bot.safety.incoming import failure_reply
from bot.services import Registry, default_registry, fill


def retention_minutes(endpoints: Path) -> str:
    """How long a conversation is kept, as endpoints.yml sets it: the figure the page promises."""
    raw = yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}
    return f"{float(raw['tracker_store']['expire_after_minutes']):g}"


def fill_all(node: Any, values: dict[str, str]) -> Any:
    """`fill` applied to every string in a nested structure of mappings and lists."""
    if isinstance(node, str):
        return fill(node, values)
    if isinstance(node, list):
        return [fill_all(item, values) for item in node]
    if isinstance(node, dict):
        return {key: fill_all(value, values) for key, value in node.items()}
    return node


def load(path: Path, registry: Registry, profile: dict[str, str], endpoints: Path) -> dict[str, Any]:
    """The campaign content with every placeholder filled; an unknown placeholder or exit address is an error."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    values = {**registry.placeholders(), **profile, "retention_minutes": retention_minutes(endpoints)}
    content = fill_all(raw, values)
    if not is_full_https_address(content["exit"]["url"]):
        raise ValueError(f"{path.name}: exit.url must be a full https:// address, not {content['exit']['url']!r}")
    return content


@lru_cache(maxsize=1)
def default_content() -> dict[str, Any]:
    """The project's campaign content, read once per process: a change needs a restart."""
    return load(settings.CAMPAIGN_PATH, default_registry(), default_profile(), settings.endpoints_path())


def tel(phone: str) -> str:
    """A `tel:` address for a number as the registry writes it: "0123 456 789" -> "tel:0123456789"."""
    return "tel:" + re.sub(r"\D", "", phone)


# How the chat links each kind of contact the registry holds (services.CONTACT_FIELDS).
_HREF = {"phone": tel, "textphone": tel, "web": lambda web: f"https://{web}", "email": lambda email: f"mailto:{email}"}


def contact_links(registry: Registry) -> list[dict[str, str]]:
    """Every registry contact the chat may turn into a link, longest first, so that a
    textphone number is linked whole rather than the short number at its end."""
    unique = {value: {"text": value, "href": _HREF[field](value)} for field, value in registry.contact_items()}
    return sorted(unique.values(), key=lambda link: -len(link["text"]))


def chat_config(content: dict[str, Any], registry: Registry) -> dict[str, Any]:
    """What the chat script needs: its labels, the links it may make, the exit, and the failure reply."""
    return {
        "webhook": "/webhooks/rest/webhook",
        "forget": "/campaign/forget",
        "texts": {**content["chat"], "failure": failure_reply()},
        "links": contact_links(registry),
        "exit": content["exit"],
    }


@lru_cache(maxsize=1)
def default_chat_config() -> dict[str, Any]:
    """The project's chat config, built once per process like the page it goes with."""
    return chat_config(default_content(), default_registry())
