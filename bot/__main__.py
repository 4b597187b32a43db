"""Lets `python -m bot ...` run the project's command line.

The quiet environment is set first, before anything imports TensorFlow (spaCy and Rasa do).
"""
from bot.settings import quiet_this_process

quiet_this_process()

from bot.cli import main  # noqa: E402  (must come after the environment is set)

raise SystemExit(main())
