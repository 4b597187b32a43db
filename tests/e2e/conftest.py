"""The running assistant for end-to-end tests."""
import pytest

from tests.conftest import free_port
from tests.e2e.make_run import MakeRun


@pytest.fixture(scope="module")
def assistant(trained_model):
    """One `make run` shared by a test module, on free ports."""
    run = MakeRun(free_port(), free_port())
    run.wait_until_ready()
    yield run
    run.stop()
