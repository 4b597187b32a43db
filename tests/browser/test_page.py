"""The campaign page as a whole, in a real browser: anonymous by construction, accessible, at 320 px,
and embeddable on a police force's own website."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
import requests

from bot import settings
from tests.browser.fixtures import CONTENT, EXIT_URL, PROFILE_VALUES, assistant_messages, start_chat

pytestmark = pytest.mark.e2e

TEXTS = CONTENT["chat"]
AXE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def chat_a_little(page) -> None:
    start_chat(page)
    page.get_by_role("button", name="I'm worried about someone else").click()
    page.locator(".netsafe-chat__message--assistant").nth(2).wait_for()
    page.get_by_label(TEXTS["label"]).fill("my name is Gary Jones and I live at 12 Acacia Avenue")
    page.keyboard.press("Enter")
    page.locator(".netsafe-chat__message--assistant").nth(3).wait_for()


def test_make_run_prints_the_campaign_page_address(campaign):
    assert campaign.page_url == f"http://localhost:{campaign.bot_port}/campaign/"
    assert requests.get(campaign.page_url, timeout=10).status_code == 200


def test_the_page_and_the_assistant_speak_for_the_region_make_run_was_given(visit, campaign):
    page = visit().page
    assert PROFILE_VALUES["profile.forces"] in page.locator("main").inner_text()
    answer = campaign.say("are you a real person", sender="region-check")
    assert PROFILE_VALUES["profile.forces"] in answer[0]["text"]
    assert f"for the campaign in {PROFILE_VALUES['profile.region']}" in "\n".join(campaign.lines)


def test_no_cookies_no_storage_and_no_request_to_any_other_site(visit, campaign):
    visitor = visit()
    chat_a_little(visitor.page)
    assert visitor.context.cookies() == []
    assert visitor.page.evaluate("() => [sessionStorage.length, localStorage.length]") == [0, 0]
    assert visitor.page.evaluate("() => document.cookie") == ""
    assert {origin(url) for url in visitor.requests} == {origin(campaign.page_url)}
    assert visitor.errors == []


def test_every_answer_forbids_other_sites_and_caching(campaign):
    for path in ["", "config.json", "assets/page.mjs", "assets/netsafe.css"]:
        answer = requests.get(campaign.page_url + path, timeout=10)
        assert answer.status_code == 200, path
        policy = answer.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in answer.headers


def test_the_browser_refuses_a_script_from_another_site(visit):
    page = visit().page
    blocked = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation', event => resolve(event.blockedURI));
        const script = document.createElement('script');
        script.src = 'https://third-party.example/tracker.js';
        document.head.append(script);
        setTimeout(() => resolve(null), 3000);
    })""")
    assert blocked == "https://third-party.example/tracker.js"


def test_a_path_outside_the_served_files_is_not_found(campaign):
    for name in ["..%2Fcampaign.py", "campaign.py", "..%2F..%2F..%2Fcontent%2Fservices.yml", "chat.test.mjs"]:
        assert requests.get(f"{campaign.page_url}assets/{name}", timeout=10).status_code == 404, name


def axe(page) -> dict:
    """axe-core's WCAG 2.0-2.2 A and AA checks of the page as it is now (needs a context with bypass_csp)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)


def violations(result: dict) -> list:
    return [(v["id"], v["help"], [node["target"] for node in v["nodes"]]) for v in result["violations"]]


def test_no_accessibility_violations_at_wcag_2_2_aa(visit):
    visitor = visit(bypass_csp=True)  # only so that the test can add axe-core to the page
    chat_a_little(visitor.page)
    result = axe(visitor.page)
    assert violations(result) == []
    assert len(result["passes"]) > 20  # axe really looked at the page


def test_no_accessibility_violations_when_the_script_does_not_load(visit):
    visitor = visit(bypass_csp=True)
    visitor.page.route("**/assets/page.mjs", lambda route: route.abort())
    visitor.page.reload()
    assert visitor.page.get_by_text(TEXTS["no_javascript"]).is_visible()
    assert violations(axe(visitor.page)) == []


PHONE = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_the_page_fits_a_320_pixel_phone(visit):
    visitor = visit(**PHONE)
    chat_a_little(visitor.page)
    widest = visitor.page.evaluate("() => document.documentElement.scrollWidth")
    assert widest <= 320
    assert visitor.page.get_by_role("button", name=CONTENT["exit"]["button"]).is_visible()
    assert visitor.screenshot("campaign-page-320px").stat().st_size > 0


def test_no_accessibility_violations_on_a_320_pixel_phone(visit):
    visitor = visit(bypass_csp=True, **PHONE)
    chat_a_little(visitor.page)
    # axe judges what is on screen now; from the top, nothing is under the sticky exit button.
    visitor.page.evaluate("() => window.scrollTo(0, 0)")
    assert violations(axe(visitor.page)) == []


def test_the_sticky_exit_button_never_hides_what_has_focus(visit):
    """WCAG 2.2's 2.4.11: on a phone the exit button stays at the top of the screen; tabbing down the
    page, every focused control must be scrolled clear of it (GOV.UK's scroll-padding does this).
    Going back up the page is where it matters: the browser brings the control in at the top."""
    visitor = visit(**PHONE)
    chat_a_little(visitor.page)
    visitor.page.get_by_role("button", name=TEXTS["restart"]).focus()
    hidden = []
    for _ in range(30):
        visitor.page.keyboard.press("Shift+Tab")
        hidden += visitor.page.evaluate("""() => {
            const focused = document.activeElement;
            const exit = document.querySelector('.govuk-exit-this-page');
            if (!focused || focused === document.body || exit.contains(focused)) return [];
            const box = focused.getBoundingClientRect(), bar = exit.getBoundingClientRect();
            return box.top < bar.bottom - 1 && box.bottom > bar.top ? [focused.textContent.trim()] : [];
        }""")
    assert hidden == []


def test_the_chat_embeds_on_a_listed_force_website_with_one_script_tag(visit, embedding_site, campaign):
    visitor = visit(embedding_site.origin)
    page = visitor.page
    page.get_by_role("button", name=TEXTS["start"]).wait_for()
    start_chat(page)
    assert len(assistant_messages(page)) == 2
    assert page.get_by_role("button", name=CONTENT["exit"]["button"]).get_attribute("href") == EXIT_URL
    assert visitor.context.cookies() == []
    assert {origin(url) for url in visitor.requests} == {embedding_site.origin, campaign.url}
    visitor.screenshot("embedded-chat")


def test_only_the_listed_origin_may_talk_to_the_assistant(campaign, embedding_site):
    webhook = f"{campaign.url}/webhooks/rest/webhook"
    listed = requests.options(webhook, headers={"Origin": embedding_site.origin,
                                                "Access-Control-Request-Method": "POST"}, timeout=10)
    assert listed.headers.get("Access-Control-Allow-Origin") == embedding_site.origin
    other = requests.options(webhook, headers={"Origin": "https://elsewhere.example",
                                               "Access-Control-Request-Method": "POST"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.parametrize("body,status", [
    (b"not json", 400), (b"[1, 2]", 400), (b'{"sender": "me@example.com"}', 400), (b"{}", 400),
    (b'{"sender": "0123456789abcdef0123456789abcdef"}', 204),
])
def test_a_request_to_forget_is_checked_like_any_other(campaign, body, status):
    answer = requests.post(f"{campaign.page_url}forget", data=body, headers={"Content-Type": "text/plain"}, timeout=10)
    assert answer.status_code == status
    if status == 400:
        assert "sender" in answer.json()["error"] or "JSON" in answer.json()["error"]
