"""The NetSafe assistant's own Python package: everything around Rasa that the project adds.

`bot.cli` is the command line behind the Makefile; `bot.services` and `bot.nlg` put the service
registry's contacts into every response; `bot.training` and `bot.servers` train and run the assistant.
"""
