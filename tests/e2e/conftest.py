"""The running assistant for end-to-end tests."""
import secrets

import pytest

from tests.e2e.make_run import MakeRun


@pytest.fixture(scope="module")
def assistant(trained_model):
    """One `make run` shared by a test module, on free ports."""
    with MakeRun() as run:
        yield run


@pytest.fixture(scope="session")
def assistant_with_api(trained_model):
    """One `make run` with the HTTP API on and a random token, as testers run it, for every module that
    reads conversations back from the tracker store."""
    with MakeRun(api_token=secrets.token_urlsafe(16)) as run:
        yield run
