# The NetSafe signposting assistant. Two commands matter:
#   make run    set up what is missing, train if the data changed, start the assistant, print where to talk to it
#   make test   set up what is missing and run every test
# The rest are the steps those two are made of, for running one part alone.

PY := .venv/bin/python
# Ports: BOT_PORT (default 5005) and ACTIONS_PORT (default 5055), read from the environment.

.PHONY: run run-scaled test bench bench-messages report cross-validation check setup setup-browser setup-redis train shell validate test-unit test-conversations test-e2e test-browser clean

run: setup
	@$(PY) -m bot run

# Scaled out: BOT_WORKERS (default 2) Rasa workers and action server workers, sharing a Redis
# (its own redis-server, installed from Debian's packages if missing, unless REDIS_HOST names another).
run-scaled: setup-redis
	@$(PY) -m bot run --scaled

test: setup-browser
	@$(PY) -m bot check
	@$(PY) -m bot train
	@$(PY) -m pytest

# Speed and memory beside Rasa's starter assistant (about 30 minutes; BENCH_ARGS="--no-training" skips training).
bench: setup-redis train
	@$(PY) -m bot bench $(BENCH_ARGS)

# What one message costs, whatever it holds: the safety check and a whole reply for 100, 3,000 and 60,000
# characters of words nobody has written, and the server's memory after twenty of the longest (about 3 minutes).
bench-messages: setup train
	@$(PY) -m bot bench-messages

# One page for testers (results/report/index.html): the held-out, voice and safety sets end to end, the
# handoff confusion matrix, harmful misroutes and precision and recall per intent (about 5 minutes).
# The sets' own pass marks do not stop the page being written.
report: setup train
	-@$(PY) -m pytest -q -p no:cacheprovider tests/e2e/test_heldout.py tests/e2e/test_voices.py tests/e2e/test_safety.py
	@$(PY) -m bot report

# Cross-validation per intent on the training data (3 folds, about 30 minutes on 2 cores); `make report` shows it.
cross-validation: setup
	@$(PY) -m bot rasa test nlu --nlu data/nlu --config config.yml --cross-validation --runs 1 --folds 3 --out results/cross-validation

setup:
	@scripts/setup

# The content checker: numbers and links from the registry, enough examples, next steps, plain words.
check: setup
	@$(PY) -m bot check

# Set-up, plus Debian's Chromium for the browser tests and redis-server for the scale-out test.
setup-browser:
	@scripts/setup --browser --redis

setup-redis:
	@scripts/setup --redis

train: setup
	@$(PY) -m bot train

# Chat with the assistant in the terminal.
shell: setup train
	@$(PY) -m bot rasa shell --model models/netsafe.tar.gz --endpoints endpoints.yml

validate: setup
	@$(PY) -m bot rasa data validate --fail-on-warnings

# One kind of test alone.
test-unit: setup
	@$(PY) -m pytest tests/unit

test-conversations: setup train
	@$(PY) -m pytest tests/conversations

test-e2e: setup train
	@$(PY) -m pytest tests/e2e

test-browser: setup-browser train
	@$(PY) -m pytest tests/browser bot/web/components

clean:
	rm -rf models build results logs test-output .rasa .pytest_cache
