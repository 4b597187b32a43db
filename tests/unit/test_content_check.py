"""The content checker (`make check`) passes on the project's content, and catches each mistake a content
owner could make, naming the file and line and saying how to fix it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import settings
from bot.content_check.project import load_project
from bot.content_check.rules import check

CONTENT = ["domain.yml", "content", "data"]


def test_the_projects_content_passes():
    project = load_project()
    assert [finding.describe(project.root) for finding in check(project)] == []


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the project's content to break."""
    for name in CONTENT:
        source = settings.PROJECT_ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def edit(root: Path, name: str, old: str, new: str) -> int:
    """Replaces the first `old` in a file; returns the line it was on."""
    path = root / name
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1))
    return text[:text.index(old)].count("\n") + 1


def findings(root: Path) -> list[str]:
    project = load_project(root)
    return [finding.describe(root) for finding in check(project)]


def the_one_finding(root: Path, name: str, line: int) -> str:
    """The checker's only finding, which must name the file and line of the mistake."""
    found = findings(root)
    assert len(found) == 1 and found[0].startswith(f"{name}:{line}:"), found
    return found[0]


def test_a_registry_number_typed_in_is_caught(copy):
    line = edit(copy, "domain.yml", "{samaritans.phone}", "116 123")
    assert [f for f in findings(copy) if "write {samaritans.phone} instead" in f and f.startswith(f"domain.yml:{line}:")]


def test_an_example_under_two_intents_is_caught(copy):
    edit(copy, "data/nlu/chitchat.yml", "    - hiya\n", "    - hiya\n    - is this chat recorded\n")
    found = [f for f in findings(copy) if "example of both" in f]
    assert len(found) == 1 and "greet" in found[0] and "ask_chat_recorded" in found[0]


def test_too_few_examples_is_caught(copy):
    path = copy / "data/nlu/chitchat.yml"
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("- intent: greet"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("- intent:"))
    path.write_text("".join(lines[:start + 5] + lines[end:]))  # keep three greetings
    found = [f for f in findings(copy) if "intent greet has" in f]
    assert len(found) == 1 and "needs at least 25" in found[0]


def test_an_answer_without_a_next_step_is_caught(copy):
    domain = copy / "domain.yml"
    text = domain.read_text()
    start = text.index("  utter_thanks:")
    end = text.index("  utter_goodbye:")
    domain.write_text(text[:start] + "  utter_thanks:\n    - text: You're welcome.\n\n" + text[end:])
    found = [f for f in findings(copy) if "no next step" in f]
    assert len(found) == 1 and "utter_thanks" in found[0]


def test_a_forbidden_promise_is_caught(copy):
    edit(copy, "domain.yml", "You don't have to give your name.", "This is completely confidential.")
    assert [f for f in findings(copy) if "completely confidential" in f]


def test_hard_words_are_caught(copy):
    edit(copy, "content/campaign.yml", "You can get help too.",
         "Notwithstanding considerable institutional apprehension, comprehensive psychotherapeutic "
         "interventions are unequivocally recommended for individuals experiencing intrusive preoccupations.")
    assert [f for f in findings(copy) if "reading age" in f]


def test_a_response_never_sent_and_an_intent_never_answered_are_caught(copy):
    edit(copy, "data/rules/chitchat.yml", "      - intent: bot_challenge\n      - action: utter_bot_challenge\n",
         "      - intent: greet\n      - action: utter_greet\n")
    found = findings(copy)
    assert [f for f in found if "intent bot_challenge is never answered" in f]
    assert [f for f in found if "utter_bot_challenge is never sent" in f]


def test_a_response_used_but_never_defined_is_caught(copy):
    line = edit(copy, "data/rules/chitchat.yml", "action: utter_thanks", "action: utter_thank_you")
    assert [f for f in findings(copy) if f.startswith(f"data/rules/chitchat.yml:{line}:") and "utter_thank_you" in f]


def test_a_profile_key_never_used_is_caught(copy):
    for profile in (copy / "content" / "profiles").glob("*.yml"):
        profile.write_text(profile.read_text() + 'motto: "Stop now"\n')
    found = findings(copy)
    assert len(found) == 5 and all("profile key motto is never used" in f for f in found)


def test_a_profile_key_used_but_defined_nowhere_is_caught(copy):
    line = edit(copy, "domain.yml", "{profile.forces}", "{profile.force_names}")
    found = [f for f in findings(copy) if "force_names" in f]
    assert found[0].startswith(f"domain.yml:{line}:") and "no profile in content/profiles/ has" in found[0]


def test_a_broken_file_is_named_with_its_line(copy):
    from bot.content_check.located import UnreadableContent

    line = edit(copy, "content/profiles/wales.yml", 'region: "Wales"', 'region: "Wales')
    with pytest.raises(UnreadableContent) as caught:
        load_project(copy)
    described = caught.value.finding.describe(copy)
    assert described.startswith("content/profiles/wales.yml:") and "can't be read" in described
    assert int(described.split(":")[1]) in {line, line + 1}


# One mistake each, and what the checker's only finding must say. The finding must name the file, and the
# line of the mistake (or line 1 for something missing from a whole file).
ONE_MISTAKE = {
    "a mistyped helpline number": ("domain.yml", "Call {helpline.phone}.", "Call 0808 1000 9000.",
                                   ["mistyped helpline number", "{helpline.phone}"]),
    "an unknown link": ("content/campaign.yml", "You can get help too.",
                        "You can get help too at example-help.org.uk.", ["not in the registry"]),
    "an unknown placeholder": ("domain.yml", "Call {helpline.phone}.", "Call {helpline.fax}.",
                               ["registry does not have"]),
    "a number in a profile": ("content/profiles/south-east.yml", 'local_note: ""',
                              'local_note: "Call 0808 1000 900 for help."', ["write {helpline.phone} instead"]),
    "an exit site that is not https": ("content/profiles/north-west.yml", "https://www.bbc.co.uk/weather",
                                       "www.bbc.co.uk/weather", ["not a full https:// address"]),
    "a mistyped number in the failure reply": ("content/safety.yml", "on {samaritans.phone}", "on 116 213",
                                               ["mistyped samaritans number", "{samaritans.phone}"]),
    "a profile value where none is filled in": ("content/services.yml", '"The helpline is open now."',
                                                '"The helpline in {profile.region} is open now."',
                                                ["only answers in domain.yml", "write the words themselves"]),
    "a profile key one region lacks": ("content/profiles/wales.yml", 'region: "Wales"\n', "", ["has no region"]),
    "two-word choices in a crisis phrase": ("content/safety.yml", "      - i have locked my|the bedroom? door\n",
                                            "      - i have locked my|the door|bedroom door\n",
                                            ["chooses between single words only", "send me? more"]),
    "two-word choices in a speaker sign": ("content/speakers.yml", "      - i =am a|an|the welfare|safeguarding officer|lead\n",
                                           "      - i =am a|an|the welfare officer|safeguarding officer\n",
                                           ["chooses between single words only"]),
}


@pytest.mark.parametrize("name,old,new,said", ONE_MISTAKE.values(), ids=ONE_MISTAKE.keys())
def test_one_mistake_gives_one_finding_at_its_line(copy, name, old, new, said):
    line = edit(copy, name, old, new)
    if not new:  # a line removed: the finding is about the whole file, at its top
        line = 1
    found = the_one_finding(copy, name, line)
    assert [words for words in said if words not in found] == []
