"""Runs a Rasa command (`python -m bot.rasa_process run ...`) with every log line redacted from the first.

The project starts its Rasa server and action server this way rather than with the `rasa` script, so
that log scrubbing (bot/safety/log_scrubbing.py) is installed before Rasa, Sanic or any other library
writes a single line, whatever log level is chosen.
"""
from __future__ import annotations

import sys

from bot import settings


def main() -> None:
    settings.apply_rasa_env()
    from bot.safety import log_scrubbing

    log_scrubbing.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
