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
    if sys.argv[1:3] == ["run", "actions"]:
        run_action_server(sys.argv[3:])
    else:
        run_rasa(sys.argv[1:])


def run_action_server(args: list[str]) -> None:
    """`rasa run actions`, exactly as Rasa's command line runs it (rasa-sdk's `main_from_args`), without
    importing Rasa first: Rasa's command line loads TensorFlow, about 430 MB the action server never uses."""
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    main_from_args(create_argument_parser().parse_args(args))


def run_rasa(args: list[str]) -> None:
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
