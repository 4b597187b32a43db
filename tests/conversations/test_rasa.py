"""Rasa's own checks, run as part of pytest so `make test` ends with one summary line.

`rasa data validate` checks domain, NLU, rules and stories fit together; `rasa test core` plays the
conversation tests in tests/test_*.yml against a model trained from the current data, reading each typed
message through the whole NLU pipeline. (Plain `rasa test` would also score the NLU training data against
itself, which says nothing and took three of its four minutes.)
"""
import subprocess
import sys

import pytest

from bot import settings

pytestmark = pytest.mark.conversations
RESULTS = settings.RESULTS_DIR / "conversations"


def rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "rasa", *args], cwd=settings.PROJECT_ROOT,
                          capture_output=True, text=True, timeout=1200)


def test_data_validates_without_warnings():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_stories_pass(trained_model):
    result = rasa("test", "core", "--stories", "tests/", "--fail-on-prediction-errors", "--model", str(trained_model),
                  "--out", str(RESULTS))
    # With --fail-on-prediction-errors Rasa stops at the first wrong prediction and says which in its output.
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
