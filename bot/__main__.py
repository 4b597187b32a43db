"""Lets `python -m bot ...` run the project's command line.

The project's Rasa environment (quiet, repeatable) is set first, before anything imports TensorFlow (spaCy and Rasa do).
"""
from bot.settings import apply_rasa_env

apply_rasa_env()

from bot.cli import main  # noqa: E402  (must come after the environment is set)

raise SystemExit(main())
