"""The service registry holds exactly the facts of the project's fact base, and only it holds them.

The expected values below are a deliberate second copy of the fact base's contacts: a check, not a
source. Changing a number means changing it in content/services.yml *and* here, so a typo in one
place can never reach a visitor unnoticed.
"""
import re
from datetime import datetime, timezone

import pytest
import yaml

from bot import services, settings
from bot.profiles import default_profile

FACT_BASE = {
    "helpline.phone": "0808 1000 900",
    "helpline.web": "stopitnow.org.uk",
    "self_help.web": "get-help.stopitnow.org.uk",
    "shore.web": "shorespace.org.uk",
    "police_emergency.phone": "999",
    "police_non_emergency.phone": "101",
    "police_non_emergency.textphone": "18001 101",
    "police_non_emergency.cost": "calls cost 15p",
    "crimestoppers.phone": "0800 555 111",
    "crimestoppers.web": "crimestoppers-uk.org",
    "samaritans.phone": "116 123",
    "samaritans.email": "jo@samaritans.org",
    "childline.phone": "0800 1111",
    "childline.web": "childline.org.uk",
    "iwf.web": "report.iwf.org.uk",
    "ceop.web": "ceop.police.uk",
    # What the services promise, and who they are for, as the assistant says it.
    "helpline.cost": "free from UK phones",
    "helpline.languages": "English or Welsh, and interpreters are available",
    "helpline.chat_and_email": "live chat and secure email at stopitnow.org.uk",
    "helpline.promise": "It is confidential. You do not have to give your name or anything that identifies you.",
    "helpline.promise_limit": "If you name a child who has been harmed or is at risk, or another person at risk, or give details of a crime, they pass that on to the right agencies.",
    "helpline.run_by": "the Lucy Faithfull Foundation, a UK child protection charity",
    "self_help.promise": "free and anonymous, with no sign-up",
    "shore.for": "young people aged 13 to 18",
    "shore.how": "anonymous chat and email",
    "crimestoppers.promise": "100% anonymous",
    "samaritans.cost": "free, 24 hours, from any phone",
    "childline.cost": "free, 24 hours",
    "report_remove.run_by": "Childline and the IWF",
    "report_remove.web": "childline.org.uk",
    "iwf.promise": "You can report anonymously, and only the web address is needed.",
    "helpline.hours": "Monday to Thursday 9am to 9pm, Friday 9am to 5pm, closed at weekends and on bank holidays",
}

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
