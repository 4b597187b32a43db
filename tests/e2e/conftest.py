"""The running assistant for end-to-end tests."""
import pytest

from tests.e2e.make_run import MakeRun


@pytest.fixture(scope="module")
def assistant(trained_model):
    """One `make run` shared by a test module, on free ports."""
    with MakeRun() as run:
        yield run
