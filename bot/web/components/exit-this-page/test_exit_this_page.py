"""The quick exit in a real browser: by button and by Shift x3 the page blanks at once, the chat is
cleared, and the neutral site opens. The neutral site is answered locally (tests/browser/fixtures.py)."""
from __future__ import annotations

import pytest

from tests.browser.fixtures import CONTENT, EXIT_URL, assistant_messages, start_chat, user_turns

pytestmark = pytest.mark.e2e

TEXTS = CONTENT["chat"]


# Runs in the page before its own scripts. The moment the component blanks the page, and after every
# reaction to that (the chat's clearing), it reports what a person looking at the screen could still see.
# The report comes through a function the test exposes: while the page is leaving, the test cannot ask.
PROBE = """
new MutationObserver(() => {
  if (!document.body || !document.body.classList.contains('govuk-exit-this-page-hide-content')) return;
  setTimeout(() => {
    const shown = (selector) => [...document.querySelectorAll(selector)].some(
      (element) => getComputedStyle(element).display !== 'none');
    window.reportExit({
      overlay: shown('.govuk-exit-this-page-overlay'),
      anything_else_shown: shown('body *:not(.govuk-exit-this-page-overlay)'),
      messages: document.querySelectorAll('.netsafe-chat__message').length,
      typed: document.getElementById('netsafe-chat-input').value,
      stored: sessionStorage.length + localStorage.length,
    });
  }, 0);
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['class']});
"""


def watch_the_exit(visitor) -> tuple[dict, list]:
    """Installs the probe, and holds the request for the neutral site until the test lets it through."""
    seen, held = {}, []
    visitor.page.expose_function("reportExit", lambda state: seen.update(state))
    visitor.page.add_init_script(PROBE)
    visitor.page.reload()
    visitor.page.route(f"{EXIT_URL}**", lambda route: held.append(route))
    return seen, held


def assert_left_cleanly(visitor, seen: dict, held: list) -> None:
    visitor.page.wait_for_timeout(500)
    # At once, before the neutral site has even answered: the page is blank and the chat is gone.
    assert len(held) == 1, "the neutral site was not asked for"
    assert seen == {"overlay": True, "anything_else_shown": False, "messages": 0, "typed": "", "stored": 0}
    held[0].fulfill(body="<!DOCTYPE html><title>Somewhere else</title>", content_type="text/html")
    visitor.page.wait_for_url(f"{EXIT_URL}**")
    assert visitor.context.cookies() == []


def test_the_exit_button_blanks_the_page_clears_the_chat_and_leaves(visit, campaign):
    visitor = visit()
    seen, held = watch_the_exit(visitor)
    start_chat(visitor.page)
    assert user_turns(campaign, visitor.senders()[0]) == 1
    visitor.page.get_by_label(TEXTS["label"]).fill("half typed")
    visitor.page.get_by_role("button", name=CONTENT["exit"]["button"]).click(no_wait_after=True)
    assert_left_cleanly(visitor, seen, held)
    assert user_turns(campaign, visitor.senders()[0]) == 0  # deleted from the server too, not left for 30 minutes


def test_shift_three_times_leaves_from_anywhere_even_while_typing(visit):
    visitor = visit()
    seen, held = watch_the_exit(visitor)
    start_chat(visitor.page)
    box = visitor.page.get_by_label(TEXTS["label"])
    box.fill("half typed")
    for _ in range(3):
        box.press("Shift", no_wait_after=True)
    assert_left_cleanly(visitor, seen, held)


def test_shift_three_times_works_even_when_the_chat_cannot_load(visit):
    visitor = visit()
    visitor.page.route("**/campaign/config.json", lambda route: route.abort())
    visitor.page.reload()
    assert visitor.page.get_by_text(TEXTS["no_javascript"]).is_visible()  # the chat never started
    for _ in range(3):
        visitor.page.locator("body").press("Shift", no_wait_after=True)
    visitor.page.wait_for_url(f"{EXIT_URL}**")


def test_screen_readers_are_told_how_many_more_presses_leave(visit):
    visitor = visit()
    visitor.page.locator("body").press("Shift")
    status = visitor.page.locator('.govuk-exit-this-page [role="status"]')
    assert status.text_content() == CONTENT["exit"]["press_two_more_times"]
    visitor.page.locator("body").press("Shift")
    assert status.text_content() == CONTENT["exit"]["press_one_more_time"]


def test_typing_capitals_does_not_leave(visit):
    visitor = visit()
    box = visitor.page.get_by_label(TEXTS["label"])
    box.focus()
    for letter in "HELP":
        visitor.page.keyboard.press(f"Shift+{letter}")
    visitor.page.wait_for_timeout(300)
    assert box.input_value() == "HELP"
    assert EXIT_URL not in visitor.page.url
    assert not visitor.page.evaluate("() => document.body.classList.contains('govuk-exit-this-page-hide-content')")


def test_the_exit_works_without_javascript_as_a_plain_link(visit):
    visitor = visit(java_script_enabled=False)
    link = visitor.page.get_by_role("button", name=CONTENT["exit"]["button"])
    assert link.get_attribute("href") == EXIT_URL
    link.click()
    visitor.page.wait_for_url(f"{EXIT_URL}**")


def test_going_back_after_the_exit_shows_no_conversation(visit):
    visitor = visit()
    start_chat(visitor.page)
    visitor.page.get_by_role("button", name=CONTENT["exit"]["button"]).click()
    visitor.page.wait_for_url(f"{EXIT_URL}**")
    visitor.page.go_back()
    visitor.page.get_by_role("button", name=TEXTS["start"]).wait_for()
    assert assistant_messages(visitor.page) == [f"{TEXTS['assistant']}: {TEXTS['intro']}"]
    assert not visitor.page.locator(".govuk-exit-this-page-overlay").is_visible()
