"""The campaign page as HTML: templates/page.html and each component's template.html, filled with
content/campaign.yml.

Jinja2 escapes everything it inserts, so a content owner's words always appear as typed, never as markup.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot import settings
from bot.web.content import default_content, tel


def environment() -> Environment:
    """Templates from bot/web/templates/ and bot/web/components/ (as "<component>/template.html")."""
    loader = FileSystemLoader([settings.WEB_DIR / "templates", settings.WEB_DIR / "components"])
    env = Environment(loader=loader, autoescape=select_autoescape(default_for_string=True, default=True),
                      undefined=StrictUndefined)
    env.filters["tel"] = tel
    return env


def render(content: dict[str, Any]) -> str:
    """The page for this content; a key the template needs but the content lacks is an error, not a blank."""
    return environment().get_template("page.html").render(**content)


@lru_cache(maxsize=1)
def default_page() -> bytes:
    """The project's page, rendered once per process: its content changes only with a restart."""
    return render(default_content()).encode("utf-8")
