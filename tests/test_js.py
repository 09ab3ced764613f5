"""The first-party JavaScript's pure parts, unit-tested with node's built-in test runner
(tests/js/*.test.js): the deck's layout chooser. Node runs them as a subprocess."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import ROOT


@pytest.mark.integration
def test_the_javascript_unit_tests_pass():
    node = shutil.which("node")
    assert node, "node is needed for the JavaScript unit tests"
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout, result.stdout[-2000:]
