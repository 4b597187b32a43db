"""The campaign page's content, HTML and files, without a server (the browser tests cover the rest)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import settings
from bot.profiles import default_profile
from bot.services import default_registry
from bot.web import assets
from bot.web.content import chat_config, contact_links, default_content, load, retention_minutes, tel
from bot.web.page import render

REGISTRY = default_registry()


def test_every_placeholder_is_filled_and_the_page_names_every_key_number():
    page = render(default_content())
    assert not re.search(r"{[a-z_.]+}", page)
    for service in ["helpline", "police_emergency", "police_non_emergency", "crimestoppers"]:
        phone = REGISTRY.services[service]["phone"]
        assert f'<a class="govuk-link" href="{tel(phone)}">{phone}</a>' in page


def test_the_page_promises_the_retention_that_endpoints_yml_sets():
    endpoints = yaml.safe_load(settings.endpoints_path().read_text())
    minutes = f"{endpoints['tracker_store']['expire_after_minutes']:g}"
    assert retention_minutes(settings.endpoints_path()) == minutes
    assert f"deleted {minutes} minutes after your last message" in " ".join(default_content()["privacy"]["paragraphs"])


def test_content_is_shown_as_text_never_as_markup():
    content = default_content()
    hostile = {**content, "page": {**content["page"], "heading": '<script>alert("x")</script>'}}
    page = render(hostile)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_the_page_loads_nothing_from_another_site():
    page = render(default_content())
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    external = [source for source in sources if re.match(r"^(https?:)?//", source)]
    assert external == [default_content()["exit"]["url"]]  # the exit is a link away, never loaded


def _campaign_file(tmp_path: Path, change: str, to: str) -> Path:
    path = tmp_path / "campaign.yml"
    path.write_text(settings.CAMPAIGN_PATH.read_text().replace(change, to))
    return path


@pytest.mark.parametrize("url", ["http://www.bbc.co.uk/weather", "bbc.co.uk", "javascript:alert(1)"])
def test_an_exit_site_that_is_not_a_full_https_address_is_refused(tmp_path, url):
    path = _campaign_file(tmp_path, "{profile.exit_url}", url)
    with pytest.raises(ValueError, match="exit.url"):
        load(path, REGISTRY, default_profile(), settings.endpoints_path())


def test_an_unknown_placeholder_is_an_error_not_a_blank(tmp_path):
    path = _campaign_file(tmp_path, "{helpline.phone}", "{helpline.fax}")
    with pytest.raises(KeyError, match="helpline.fax"):
        load(path, REGISTRY, default_profile(), settings.endpoints_path())


def test_the_chat_may_link_every_registry_contact_and_nothing_else():
    links = contact_links(REGISTRY)
    assert {link["text"] for link in links} == set(REGISTRY.contacts())
    lengths = [len(link["text"]) for link in links]
    assert lengths == sorted(lengths, reverse=True)  # "18001 101" is tried before "101"
    assert {"text": "999", "href": "tel:999"} in links


def test_the_chat_is_given_the_failure_reply_with_the_emergency_number():
    config = chat_config(default_content(), REGISTRY)
    assert REGISTRY.services["police_emergency"]["phone"] in config["texts"]["failure"]
    assert config["webhook"] == "/webhooks/rest/webhook"


def test_only_the_pages_own_files_are_served():
    served = assets.served_files()
    assert {"page.mjs", "widget.mjs", "chat.mjs", "linkify.mjs", assets.STYLESHEET, assets.GOVUK_EXIT_SCRIPT} <= set(served)
    assert not [name for name in served if name.endswith(".test.mjs")]
    assert all(settings.PROJECT_ROOT in path.parents for path in served.values())


def test_two_browser_files_with_one_name_are_refused(tmp_path):
    for folder in ["a", "b"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.mjs").write_text("")
    with pytest.raises(ValueError, match="same.mjs"):
        assets.served_files(tmp_path, tmp_path)


def test_every_import_between_scripts_names_a_served_file():
    served = assets.served_files()
    for script in assets.scripts():
        for imported in re.findall(r"""from '\./([^']+)'""", script.read_text()):
            assert imported in served, f"{script.name} imports {imported}, which is not served"


def test_the_built_stylesheet_uses_no_font_or_image_from_elsewhere():
    css = (settings.WEB_BUILD_DIR / assets.STYLESHEET).read_text()
    assert "GDS Transport" not in css  # GOV.UK's typeface is for GOV.UK only
    assert re.findall(r"url\(", css) == []
