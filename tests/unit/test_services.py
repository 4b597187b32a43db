"""The service registry holds exactly the facts of the project's fact base, and only it holds them.

The expected values (tests/fact_base.yml) are a deliberate second copy of the fact base's facts: a check,
not a source. Changing a number means changing it in content/services.yml *and* there, so a typo in one
place can never reach a visitor unnoticed.
"""
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot import services, settings
from bot.profiles import default_profile

FACT_BASE = yaml.safe_load((Path(__file__).parent.parent / "fact_base.yml").read_text())["services"]

PHONE = re.compile(r"\b(?:0\d{3}\s?\d{3}\s?\d{3,4}|0800\s?\d{4}|116\s?123|999|101|18001)\b")
WEB = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:org|uk|com|net|gov)\b", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")


@pytest.fixture(scope="module")
def placeholders():
    return services.load().placeholders()


@pytest.mark.parametrize("key,expected", sorted(FACT_BASE.items()))
def test_registry_matches_fact_base(placeholders, key, expected):
    assert placeholders[key] == expected


def _response_texts():
    domain = yaml.safe_load(settings.DOMAIN_PATH.read_text())
    for name, variations in domain["responses"].items():
        for variation in variations:
            yield name, variation.get("text", "")
            for button in variation.get("buttons", []):
                yield name, button["title"]


@pytest.mark.parametrize("pattern", [PHONE, WEB, EMAIL], ids=["phone", "web", "email"])
def test_no_contact_is_written_into_a_response(pattern):
    """Responses name contacts as {service.field}; a literal number or address would escape the registry."""
    found = [(name, m.group()) for name, text in _response_texts() for m in pattern.finditer(text)]
    assert found == []


def test_no_code_holds_a_contact():
    """No phone number or address from the registry is written in the project's code or Rasa data."""
    contacts = set(services.default_registry().contacts())
    contacts -= {"999", "101"}  # too short to search for as text; PHONE covers them in responses
    files = [*settings.PROJECT_ROOT.glob("bot/**/*.py"), *settings.PROJECT_ROOT.glob("actions/**/*.py"),
             *settings.PROJECT_ROOT.glob("data/**/*.yml"), settings.DOMAIN_PATH, settings.CONFIG_PATH,
             settings.SAFETY_PATH, settings.CAMPAIGN_PATH, *settings.PROFILES_DIR.glob("*.yml"),
             *[path for pattern in ("*.mjs", "*.html", "*.scss") for path in settings.WEB_DIR.rglob(pattern)]]
    leaks = [(str(f), c) for f in files for c in contacts if c in f.read_text()]
    assert leaks == []


def _campaign_texts():
    """Every sentence of the campaign page (content/campaign.yml), but the exit site, which is not a service."""
    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{where}[{index}]")
        elif where != "campaign.exit.url":
            yield where, str(node)
    yield from walk(yaml.safe_load(settings.CAMPAIGN_PATH.read_text()), "campaign")


@pytest.mark.parametrize("pattern", [PHONE, WEB, EMAIL], ids=["phone", "web", "email"])
def test_no_contact_is_written_into_the_campaign_page(pattern):
    found = [(where, m.group()) for where, text in _campaign_texts() for m in pattern.finditer(text)]
    assert found == []


def test_every_placeholder_in_the_domain_is_known():
    domain = yaml.safe_load(settings.DOMAIN_PATH.read_text())
    known = set(services.load().placeholders_at(datetime.now(timezone.utc))) | set(domain.get("slots", {}))
    known |= set(default_profile())
    used = {m for _, text in _response_texts() for m in re.findall(r"{([^{}]+)}", text)}
    assert used - known == set()


def test_every_value_is_text():
    raw = yaml.safe_load(settings.SERVICES_PATH.read_text())
    for name, fields in raw["services"].items():
        for field, value in fields.items():
            assert isinstance(value, str), f"services.{name}.{field} must be quoted text, not {type(value).__name__}"


@pytest.mark.parametrize("change,problem", [
    (lambda raw: raw["helpline_hours"].update(weekly={}), "weekly is empty"),
    (lambda raw: raw["helpline_status"].pop("closed"), "exactly two sentences"),
])
def test_a_registry_that_cannot_say_when_the_helpline_opens_is_refused(change, problem):
    raw = yaml.safe_load(settings.SERVICES_PATH.read_text())
    change(raw)
    with pytest.raises(ValueError, match=problem):
        services.parse(raw)


def test_an_unknown_name_in_a_status_sentence_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        services.fill("call {nobody.phone}", {"helpline.phone": "x"})
