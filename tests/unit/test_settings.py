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


def test_campaign_origins_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAMPAIGN_ORIGINS", "https://www.force.police.uk, http://localhost:8080")
    assert settings.campaign_origins() == ["https://www.force.police.uk", "http://localhost:8080"]
    monkeypatch.delenv("CAMPAIGN_ORIGINS")
    assert settings.campaign_origins() == []


@pytest.mark.parametrize("value", ["*", "https://www.force.police.uk/chat", "www.force.police.uk", "ftp://x.uk"])
def test_anything_but_an_exact_origin_is_refused(monkeypatch, value):
    monkeypatch.setenv("CAMPAIGN_ORIGINS", value)
    with pytest.raises(ValueError, match="CAMPAIGN_ORIGINS"):
        settings.campaign_origins()


def test_the_assistant_allows_only_the_listed_origins(monkeypatch):
    from bot.cli import rasa_server_argv

    monkeypatch.delenv("CAMPAIGN_ORIGINS", raising=False)
    assert "--cors" not in rasa_server_argv(5005)
    monkeypatch.setenv("CAMPAIGN_ORIGINS", "https://www.force.police.uk")
    argv = rasa_server_argv(5005)
    assert argv[argv.index("--cors") + 1:][:1] == ["https://www.force.police.uk"]


@pytest.mark.parametrize("token", ["plain-token", "-starts-with-a-dash", "--looks-like-an-option"])
def test_rasa_reads_any_api_token_whole(monkeypatch, token):
    """secrets.token_urlsafe() tokens start with "-" one time in 64: Rasa must still read the whole token."""
    from rasa.__main__ import create_argument_parser

    from bot.cli import rasa_server_argv

    monkeypatch.setenv("BOT_API_TOKEN", token)
    argv = rasa_server_argv(5005)
    parsed = create_argument_parser().parse_args(argv[argv.index("run"):])
    assert parsed.auth_token == token and parsed.enable_api


def test_scaling_out_reads_its_settings_once_with_safe_defaults(monkeypatch):
    from bot.scale_out import ScaleOut

    for name in ("BOT_WORKERS", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "ACTIONS_HOST"):
        monkeypatch.delenv(name, raising=False)
    env = ScaleOut.from_environment().env()
    assert env["SANIC_WORKERS"] == env["ACTION_SERVER_SANIC_WORKERS"] == "2"
    assert (env["REDIS_HOST"], env["REDIS_PASSWORD"], env["ACTIONS_HOST"]) == ("localhost", "", "localhost")
    assert ScaleOut.from_environment().own_redis  # no REDIS_HOST: make run-scaled starts its own

    monkeypatch.setenv("REDIS_HOST", "redis.example.internal")
    monkeypatch.setenv("REDIS_PASSWORD", "s3cret")
    monkeypatch.setenv("ACTIONS_HOST", "netsafe-actions")
    monkeypatch.setenv("BOT_WORKERS", "3")
    scale = ScaleOut.from_environment()
    assert not scale.own_redis and scale.redis_server() is None
    assert {key: scale.env()[key] for key in ("REDIS_HOST", "REDIS_PASSWORD", "ACTIONS_HOST", "SANIC_WORKERS")} == {
        "REDIS_HOST": "redis.example.internal", "REDIS_PASSWORD": "s3cret", "ACTIONS_HOST": "netsafe-actions",
        "SANIC_WORKERS": "3"}
