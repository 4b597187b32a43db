"""Ports come from BOT_PORT and ACTIONS_PORT, with the documented defaults."""
import pytest

from bot import settings


def test_defaults(monkeypatch):
    monkeypatch.delenv("BOT_PORT", raising=False)
    monkeypatch.delenv("ACTIONS_PORT", raising=False)
    assert (settings.bot_port(), settings.actions_port()) == (5005, 5055)


def test_overrides(monkeypatch):
    monkeypatch.setenv("BOT_PORT", "6005")
    monkeypatch.setenv("ACTIONS_PORT", "6055")
    assert (settings.bot_port(), settings.actions_port()) == (6005, 6055)
    assert settings.rasa_env()["ACTIONS_PORT"] == "6055"


@pytest.mark.parametrize("value", ["abc", "0", "70000", "-1"])
def test_bad_port_is_refused(monkeypatch, value):
    monkeypatch.setenv("BOT_PORT", value)
    with pytest.raises(ValueError, match="BOT_PORT"):
        settings.bot_port()
