"""Lets `python -m bot ...` run the project's command line.

The quiet environment is set first, before anything imports TensorFlow (spaCy and Rasa do).
"""
import os

from bot.settings import QUIET_ENV

for _name, _value in QUIET_ENV.items():
    os.environ.setdefault(_name, _value)

from bot.cli import main  # noqa: E402  (must come after the environment is set)

raise SystemExit(main())
