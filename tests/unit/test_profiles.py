"""Campaign profiles: one assistant, each region's forces and exit site, chosen by CAMPAIGN_PROFILE."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import profiles, settings
from bot.services import default_registry
from bot.web.content import load as load_page_content
from bot.web.page import render as render_page
from tests.rendering import render

# Who runs the campaign in each region, from the fact base (tests/fact_base.yml).
FACT_BASE_REGIONS = yaml.safe_load((Path(__file__).parent.parent / "fact_base.yml").read_text())["campaign_regions"]
PROFILES = sorted(path.stem for path in settings.PROFILES_DIR.glob("*.yml"))


def profile(name: str) -> dict[str, str]:
    return profiles.named(name, default_registry())


@pytest.fixture
def chosen(monkeypatch):
    """Chooses a profile as `CAMPAIGN_PROFILE=<name> make run` would, for this test only."""
    def choose(name: str) -> None:
        monkeypatch.setenv("CAMPAIGN_PROFILE", name)
        profiles.default_profile.cache_clear()
    yield choose
    profiles.default_profile.cache_clear()


def test_every_region_that_runs_the_campaign_has_a_profile_and_a_default_names_them_all():
    assert set(FACT_BASE_REGIONS) | {settings.DEFAULT_PROFILE} == set(PROFILES)
    everyone = profile(settings.DEFAULT_PROFILE)["profile.region"]
    for names in FACT_BASE_REGIONS.values():
        assert names[0] in everyone


@pytest.mark.parametrize("name", sorted(FACT_BASE_REGIONS))
def test_each_profile_names_its_region_and_forces_from_the_fact_base(name):
    values = profile(name)
    said = values["profile.region"] + " " + values["profile.forces"]
    assert [area for area in FACT_BASE_REGIONS[name] if area not in said] == []


@pytest.mark.parametrize("name", PROFILES)
def test_every_profile_has_the_same_keys_and_a_safe_exit_site(name):
    values = profile(name)
    assert values.keys() == profile(settings.DEFAULT_PROFILE).keys()
    assert values["profile.exit_url"].startswith("https://")
    assert "{" not in "".join(values.values())  # the registry's names are filled in


def test_the_setting_chooses_the_profile_and_an_unknown_one_is_refused(monkeypatch):
    monkeypatch.delenv("CAMPAIGN_PROFILE", raising=False)
    assert settings.campaign_profile() == "all-regions"
    monkeypatch.setenv("CAMPAIGN_PROFILE", "wales")
    assert settings.campaign_profile() == "wales"
    monkeypatch.setenv("CAMPAIGN_PROFILE", "scotland")
    with pytest.raises(ValueError, match="no profile 'scotland'.*eastern-england, north-west, south-east, wales"):
        settings.campaign_profile()


def test_make_run_refuses_an_unknown_profile_before_starting_anything(chosen, capsys):
    from bot.cli import run

    chosen("../content/services")
    assert run(None) == 1
    assert "CAMPAIGN_PROFILE" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(FACT_BASE_REGIONS))
def test_the_assistant_says_who_runs_the_campaign_in_the_chosen_region(chosen, name):
    chosen(name)
    text = render("utter_bot_challenge")["text"]
    assert profile(name)["profile.forces"] in text and profile(name)["profile.region"] in text
    others = [other for other in FACT_BASE_REGIONS if other != name]
    assert not any(profile(other)["profile.forces"] in text for other in others)


def test_wales_tells_visitors_the_helpline_speaks_welsh(chosen):
    chosen("wales")
    page = render_page(load_page_content(settings.CAMPAIGN_PATH, default_registry(), profiles.default_profile(),
                                         settings.endpoints_path()))
    assert "South Wales Police" in page and default_registry().services["helpline"]["languages"] in page


def test_the_quick_exit_goes_to_the_profiles_site():
    region = {**profile("north-west"), "profile.exit_url": "https://www.example.org/"}
    content = load_page_content(settings.CAMPAIGN_PATH, default_registry(), region, settings.endpoints_path())
    assert content["exit"]["url"] == "https://www.example.org/"
    with pytest.raises(ValueError, match="exit.url must be a full https"):
        load_page_content(settings.CAMPAIGN_PATH, default_registry(), {**region, "profile.exit_url": "http://x.uk"},
                          settings.endpoints_path())
