"""`make bench`: how fast and how big the assistant is, beside Rasa's starter assistant measured in the same run.

- load.py       many simulated visitors holding multi-turn conversations over the REST channel
- memory.py     the resident memory of a server and everything it started
- assistants.py ours and the starter (`rasa init` in a temporary folder): training, starting, conversations
- report.py     the Markdown table and the JSON, and the machine they were measured on
- run.py        the whole run: train, start, then load each assistant in turn, interleaved

Benchmarks measure; they never pass or fail. Nothing here is imported by the tests' assertions.
"""
