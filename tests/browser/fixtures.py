"""The campaign page in a real browser: `make run` started once, Debian's Chromium driven by Playwright.

Fixtures:
- `campaign`: the running assistant (make run, with CAMPAIGN_ORIGINS naming `embedding_site`, and
  CAMPAIGN_PROFILE choosing one region's campaign, PROFILE); `campaign.page_url` is the address make run
  printed on its `Campaign page:` line.
- `embedding_site`: another website (another origin) whose page includes the chat with one script tag.
- `browser`: Chromium, headless, without its own background connections (this machine's network is closed),
  started for each module of browser tests.
- `visit`: opens a page in a fresh, private browser context and records every request it makes.
Screenshots go to test-output/browser/ (never committed).
"""
from __future__ import annotations

import http.server
import json
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from bot import profiles, settings, training
from bot.services import default_registry
from bot.web.content import load as load_content
from bot.servers import free_port
from tests.e2e.make_run import MakeRun

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps"]
SCREENSHOTS = settings.PROJECT_ROOT / "test-output" / "browser"
# The browser tests run one region's campaign rather than the default, so they also prove that
# CAMPAIGN_PROFILE reaches the page and the assistant through `make run`.
PROFILE = "wales"
PROFILE_VALUES = profiles.named(PROFILE, default_registry())
# The page's words, as content/campaign.yml and the region's profile have them today.
CONTENT = load_content(settings.CAMPAIGN_PATH, default_registry(), PROFILE_VALUES, settings.endpoints_path())
EXIT_URL = CONTENT["exit"]["url"]
EXIT_PAGE_BODY = "<!DOCTYPE html><title>Somewhere else</title><p>A neutral site</p>"


class CampaignRun(MakeRun):
    @property
    def page_url(self) -> str:
        """The page's address exactly as `make run` printed it (localhost), on the line the issue asks for."""
        printed = [line.split(": ", 1)[1] for line in self.lines if line.startswith("Campaign page: ")]
        assert printed, "make run did not print a 'Campaign page: <url>' line:\n" + "\n".join(self.lines)
        return printed[0]


@dataclass
class EmbeddingSite:
    """A police force's website, on its own port (so another origin), that embeds the chat."""

    port: int = field(default_factory=free_port)
    assistant_url: str = ""

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page(self) -> bytes:
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A police force</title></head>'
                f'<body><h1>Our campaign</h1><main><p>Talk to the assistant:</p>'
                f'<script type="module" src="{self.assistant_url}/campaign/assets/widget.mjs"></script>'
                f'</main></body></html>').encode()

    def serve(self) -> http.server.HTTPServer:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                body = site.page()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


@pytest.fixture(scope="session")
def embedding_site() -> Iterator[EmbeddingSite]:
    site = EmbeddingSite()
    server = site.serve()
    yield site
    server.shutdown()


@pytest.fixture(scope="session")
def campaign(embedding_site: EmbeddingSite) -> Iterator[CampaignRun]:
    training.ensure_model()
    with CampaignRun(api_token=secrets.token_urlsafe(16), env={"CAMPAIGN_ORIGINS": embedding_site.origin, "CAMPAIGN_PROFILE": PROFILE}) as run:
        embedding_site.assistant_url = run.url
        yield run


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped on purpose: while Playwright runs, its event loop is the thread's running loop, and
    the other tests' asyncio.run() would fail; so it is stopped after each module of browser tests."""
    assert CHROMIUM.exists(), "Debian's Chromium is missing: run `make setup-browser` (make test does)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One visitor's browser tab, and every request it made."""

    context: BrowserContext
    page: Page
    requests: list[str]
    errors: list[str]
    sent_as: list[str] = field(default_factory=list)  # the sender of every message, in order

    def senders(self) -> list[str]:
        """The conversation ids this tab used, in order, from its requests to the assistant."""
        return list(dict.fromkeys(self.sent_as))

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def visit(browser: Browser, campaign: CampaignRun) -> Iterator[Callable[..., Visit]]:
    """`visit(url=None, **context_options)`: a fresh private context (no shared cookies or storage) on a page.

    The exit site is answered locally, so leaving is checked without reaching the internet.
    """
    contexts: list[BrowserContext] = []

    def open_page(url: str | None = None, **options: object) -> Visit:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        visitor = Visit(context, page, requests, errors)
        page.on("request", lambda request: requests.append(request.url))
        page.on("request", lambda request: _note_sender(visitor, request.url, request.post_data))
        page.on("pageerror", lambda error: errors.append(str(error)))
        context.route(f"{EXIT_URL}**", lambda route: route.fulfill(body=EXIT_PAGE_BODY, content_type="text/html"))
        page.goto(url or campaign.page_url)
        return visitor

    yield open_page
    for context in contexts:
        context.close()


def _note_sender(visitor: Visit, url: str, body: str | None) -> None:
    if url.endswith("/webhooks/rest/webhook") and body:
        visitor.sent_as.append(json.loads(body)["sender"])


def user_turns(run: MakeRun, sender: str) -> int:
    """How many of this visitor's messages the assistant's store holds."""
    return sum(event["event"] == "user" for event in run.tracker(sender)["events"])


def start_chat(page: Page) -> None:
    """Starts the chat as a visitor does, and waits for the assistant's greeting."""
    page.get_by_role("button", name=CONTENT["chat"]["start"]).click()
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()


def assistant_messages(page: Page) -> list[str]:
    """The assistant's messages as a screen reader reads them ("The assistant said: ...")."""
    return page.locator(".netsafe-chat__message--assistant .netsafe-chat__text").all_text_contents()
