"""pytest's set-up for the whole project. Tests live in tests/, and each web component's browser tests
live beside it in bot/web/components/<component>/, as GOV.UK Frontend keeps them; both share the
running campaign page and the browser from tests/browser/fixtures.py."""
pytest_plugins = ["tests.browser.fixtures"]
