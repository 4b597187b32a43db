"""The numbers to call, in a real browser with JavaScript off: a visitor whose browser blocks scripts,
or whose chat failed to load, can still read and tap every key number."""
from __future__ import annotations

import pytest

from bot.services import default_registry
from bot.web.content import tel
from tests.browser.fixtures import CONTENT

pytestmark = pytest.mark.e2e

KEY_SERVICES = ["helpline", "police_emergency", "police_non_emergency", "crimestoppers"]


@pytest.mark.parametrize("service", KEY_SERVICES)
def test_each_key_number_is_a_tel_link_without_javascript(visit, service):
    page = visit(java_script_enabled=False).page
    phone = default_registry().services[service]["phone"]
    numbers = page.locator(".netsafe-key-numbers")
    assert numbers.get_by_role("link", name=phone, exact=True).first.get_attribute("href") == tel(phone)


def test_without_javascript_the_chat_says_what_to_do_instead(visit):
    page = visit(java_script_enabled=False).page
    assert page.get_by_text(CONTENT["chat"]["no_javascript"]).is_visible()
    assert page.locator(".netsafe-key-numbers").get_by_role("heading", level=2).inner_text() == CONTENT["key_numbers"]["heading"]
