"""Runs a Rasa command (`python -m bot.rasa_process run ...`) with every log line redacted from the first.

The project starts its Rasa server and action server this way rather than with the `rasa` script, so
that log scrubbing (bot/safety/log_scrubbing.py) is installed before Rasa, Sanic or any other library
writes a single line, whatever log level is chosen.
"""
from __future__ import annotations

import sys
from typing import Any

import pluggy

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
    importing Rasa first: Rasa's command line loads TensorFlow, about 430 MB the action server never uses.
    Its requests carry the message being answered, which log scrubbing then keeps out of its logs."""
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser
    from rasa_sdk.plugin import plugin_manager

    plugin_manager().register(ActionServerTyping())
    main_from_args(create_argument_parser().parse_args(args))


class ActionServerTyping:
    """A rasa-sdk plugin: notes what each action call carries from the visitor (bot/safety/typed.py)."""

    @pluggy.HookimplMarker("rasa_sdk")
    def attach_sanic_app_extensions(self, app: Any) -> None:
        from bot.safety import typed

        @app.middleware("request")
        async def note_typed(request: Any) -> None:
            typed.note_body(request.body, request.headers.get("Content-Encoding"))


def run_rasa(args: list[str]) -> None:
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
