"""The chat in a real browser (Debian's Chromium) against the real assistant started by `make run`."""
from __future__ import annotations

import json
import re

import pytest

from bot.safety.incoming import too_fast_reply
from bot.services import default_registry
from bot.web.content import contact_links
from tests.browser.fixtures import CONTENT, assistant_messages, start_chat, user_turns
from tests.rendering import render

pytestmark = pytest.mark.e2e

TEXTS = CONTENT["chat"]
REGISTRY_LINKS = {link["href"] for link in contact_links(default_registry())}


# Each response's first sentence as the assistant sends it (the rest may depend on the clock). Rendered
# before the browser starts: the renderer runs its own event loop, which Playwright's would not allow.
OPENING = {response: render(response)["text"].split(". ")[0] for response in [
    "utter_greet", "utter_worried_about_self", "utter_ask_confidential", "utter_ask_helpline",
    "utter_ask_family_after_arrest"]}

GUIDED_PATH = [  # button clicked -> the answer it must bring
    ("I'm worried about my own thoughts or behaviour", OPENING["utter_worried_about_self"]),
    ("What happens when I call?", OPENING["utter_ask_confidential"]),
    ("How do I contact the helpline?", OPENING["utter_ask_helpline"]),
]


def test_a_whole_guided_path_by_clicking(visit):
    page = visit().page
    start_chat(page)
    assert assistant_messages(page)[-1].startswith(f"{TEXTS['assistant']}: {OPENING['utter_greet']}")
    for title, answer in GUIDED_PATH:
        before = len(assistant_messages(page))
        page.get_by_role("button", name=title).last.click()
        page.locator(".netsafe-chat__message--assistant").nth(before).wait_for()
        assert answer in assistant_messages(page)[-1]
        assert page.locator(".netsafe-chat__message--visitor").last.text_content().endswith(title)
    helpline = default_registry().services["helpline"]["phone"]
    last = page.locator(".netsafe-chat__message--assistant").last
    assert last.get_by_role("link", name=helpline).first.get_attribute("href") == "tel:" + helpline.replace(" ", "")


def test_free_text_gets_the_assistants_answer_and_a_next_step(visit, campaign):
    """The page shows exactly what the assistant answers the same words over REST, buttons and all."""
    typed = "my husband got arrested for looking at images what happens now"
    expected = campaign.say(typed, sender="same-words-over-rest")
    page = visit().page
    page.get_by_label(TEXTS["label"]).fill(typed)
    page.keyboard.press("Enter")
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()
    shown = [text.replace(f" {TEXTS['opens_in_new_tab']}", "") for text in assistant_messages(page)[1:]]
    assert shown == [f"{TEXTS['assistant']}: {reply['text']}" for reply in expected]
    reply = page.locator(".netsafe-chat__message--assistant").last
    titles = [button["title"] for button in expected[-1]["buttons"]]
    assert titles and reply.get_by_role("button").all_text_contents() == titles
    assert page.get_by_label(TEXTS["label"]).input_value() == ""


def test_html_typed_into_the_chat_is_shown_as_text(visit):
    page = visit().page
    typed = '<img src=x onerror="window.injected=1"><b>bold</b><script>window.injected=2</script>'
    page.get_by_label(TEXTS["label"]).fill(typed)
    page.get_by_role("button", name=TEXTS["send"]).click()
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()
    mine = page.locator(".netsafe-chat__message--visitor .netsafe-chat__text").last
    assert mine.text_content() == f"{TEXTS['you']}: {typed}"
    assert page.locator(".netsafe-chat__log img, .netsafe-chat__log b, .netsafe-chat__log script").count() == 0
    assert page.evaluate("window.injected") is None


def test_only_the_registrys_contacts_become_links(visit):
    page = visit().page
    start_chat(page)
    page.get_by_role("button", name="I want to report something").click()
    page.locator(".netsafe-chat__message--assistant").nth(2).wait_for()
    hrefs = page.locator(".netsafe-chat__log a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and set(hrefs) <= REGISTRY_LINKS
    assert "tel:999" in hrefs


def test_a_web_link_opens_in_a_new_tab_and_says_so(visit):
    page = visit().page
    start_chat(page)
    page.get_by_role("button", name="I'm worried about my own thoughts or behaviour").click()
    page.locator(".netsafe-chat__message--assistant").nth(2).wait_for()
    web = page.locator('.netsafe-chat__log a[href^="https:"]').first
    assert web.get_attribute("target") == "_blank"
    assert "noopener" in web.get_attribute("rel") and "noreferrer" in web.get_attribute("rel")
    assert web.text_content().endswith(TEXTS["opens_in_new_tab"])


def test_the_chat_works_by_keyboard_alone_with_visible_focus(visit):
    page = visit().page
    start = page.get_by_role("button", name=TEXTS["start"])
    for _ in range(40):  # Tab through the page from the top until the chat's first button has focus
        page.keyboard.press("Tab")
        if start.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the chat's start button")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()
    choice = page.get_by_role("button", name="I'm worried about someone else")
    while not choice.evaluate("button => button === document.activeElement"):
        page.keyboard.press("Tab")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    page.locator(".netsafe-chat__message--assistant").nth(2).wait_for()
    page.get_by_label(TEXTS["label"]).focus()
    page.keyboard.type("is it confidential")
    page.keyboard.press("Enter")
    page.locator(".netsafe-chat__message--assistant").nth(3).wait_for()
    assert page.locator(".netsafe-chat__message--visitor").last.text_content().endswith("is it confidential")


def focus_is_visible(page) -> bool:
    """GOV.UK's focus style: a yellow outline or box-shadow on whatever has focus."""
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                     return [s.outlineStyle, s.boxShadow, s.backgroundColor]; }""")
    outline, shadow, background = style
    return outline != "none" or shadow != "none" or background == "rgb(255, 221, 0)"


def test_new_messages_are_announced_and_controls_are_labelled(visit):
    page = visit().page
    log = page.locator(".netsafe-chat__log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-label") == TEXTS["heading"]
    assert page.get_by_label(TEXTS["label"]).evaluate("e => e.tagName") == "TEXTAREA"
    assert page.get_by_label(TEXTS["label"]).get_attribute("autocomplete") == "off"  # no form history kept
    assert page.get_by_label(TEXTS["label"]).get_attribute("spellcheck") == "false"  # no online spelling service
    assert page.get_by_role("button", name=TEXTS["send"]).count() == 1
    assert page.get_by_role("button", name=TEXTS["restart"]).count() == 1
    start_chat(page)
    said = page.locator(".netsafe-chat__message--assistant .govuk-visually-hidden").last.inner_text()
    assert said == f"{TEXTS['assistant']}: "


def test_a_typing_indicator_shows_while_the_assistant_replies(visit):
    visitor = visit()
    page, held = visitor.page, []
    page.route("**/webhooks/rest/webhook", lambda route: held.append(route))
    page.get_by_role("button", name=TEXTS["start"]).click()
    page.wait_for_function("() => document.querySelector('.netsafe-chat__typing').textContent !== ''")
    status = page.locator(".netsafe-chat__typing")
    assert status.get_attribute("role") == "status" and status.text_content() == TEXTS["typing"]
    assert status.is_visible()
    held[0].continue_()
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()
    assert status.text_content() == ""


def test_start_again_clears_the_chat_and_deletes_the_conversation(visit, campaign):
    visitor = visit()
    page = visitor.page
    start_chat(page)
    first = visitor.senders()[0]
    assert user_turns(campaign, first) == 1
    page.get_by_role("button", name=TEXTS["restart"]).click()
    assert assistant_messages(page) == [f"{TEXTS['assistant']}: {TEXTS['intro']}"]
    page.wait_for_timeout(500)  # the deletion is a beacon: sent, not awaited
    assert user_turns(campaign, first) == 0
    start_chat(page)
    senders = visitor.senders()
    assert len(senders) == 2 and senders[0] != senders[1]
    assert re.fullmatch(r"[0-9a-f]{32}", senders[1])  # random, 128 bits, nothing about the visitor


def test_when_the_assistant_cannot_be_reached_the_visitor_still_gets_the_numbers(visit):
    page = visit().page
    page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    page.get_by_role("button", name=TEXTS["start"]).click()
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()
    reply = page.locator(".netsafe-chat__message--assistant").last
    assert TEXTS["unreachable"] in reply.text_content()
    assert reply.locator('a[href="tel:999"]').count() == 1
    assert reply.locator(f'a[href="tel:{default_registry().services["samaritans"]["phone"].replace(" ", "")}"]').count() == 1


def test_when_messages_come_too_fast_the_visitor_sees_why_and_the_numbers(visit):
    """The REST channel's 429 (tests/e2e/test_hostile_input.py makes a real one) carries a reply: it is shown."""
    page = visit().page
    body = json.dumps([{"recipient_id": "x", "text": too_fast_reply()}])
    page.route("**/webhooks/rest/webhook", lambda route: route.fulfill(status=429, body=body,
                                                                      content_type="application/json"))
    page.get_by_role("button", name=TEXTS["start"]).click()
    page.locator(".netsafe-chat__message--assistant").nth(1).wait_for()
    reply = page.locator(".netsafe-chat__message--assistant").last
    assert "faster than I can answer" in reply.text_content() and TEXTS["unreachable"] not in reply.text_content()
    assert reply.locator('a[href="tel:999"]').count() == 1
