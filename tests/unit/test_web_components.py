"""The web components' own unit tests (bot/web/components/*/*.test.mjs), run with Node's test runner.

They test the scripts' pure logic (which contacts become links); the browser tests beside each
component test the rest in Chromium.
"""
import shutil
import subprocess

import pytest

from bot import settings


def test_component_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: scripts/setup installs it")
    tests = sorted(str(path) for path in (settings.WEB_DIR / "components").rglob("*.test.mjs"))
    assert tests, "no *.test.mjs files found"
    result = subprocess.run([node, "--test", *tests], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
