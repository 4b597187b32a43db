"""How the project starts Rasa's processes: log scrubbing first, and an action server without Rasa inside."""
import subprocess
import sys

from bot import settings

HEAVY = {"rasa", "tensorflow", "spacy", "thinc"}


def test_the_action_server_loads_neither_rasa_nor_tensorflow():
    """rasa-sdk's server, our actions and the log scrubbing need none of them: they cost 430 MB when they came
    in through Rasa's command line and spaCy's import."""
    code = ("import logging, sys\n"
            "from bot.safety import log_scrubbing\n"
            "log_scrubbing.install()\n"
            "import rasa_sdk.__main__, rasa_sdk.endpoint, actions, bot.rasa_process\n"
            "logging.getLogger('check').warning('my name is John Smith, call me on 07700 900123')\n"
            f"print(sorted({{name.split('.')[0] for name in sys.modules}} & {HEAVY!r}))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.PROJECT_ROOT, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
    assert "07700" not in result.stderr and "John Smith" not in result.stderr
