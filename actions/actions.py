"""Custom actions: replies that need code and are not on a critical route.

There are none today, on purpose. Every reply is a response in domain.yml, sent by the Rasa server
itself, and what once needed an action (whether the helpline is open right now) is worked out by the
project's NLG inside the Rasa server (bot/nlg.py). So no handoff ever waits on, or fails with, the
action server. The server still runs, so an action added here is picked up by `make run` at once:
write it as a small typed `rasa_sdk.Action` class, and give its reply a safe fallback in domain.yml.
"""
