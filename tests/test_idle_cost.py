"""Loading the plugin must not import Keras, a backend, scikit-learn or scikeras.

Each check runs a fresh interpreter, since this test session has imported them all.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

pytestmark = pytest.mark.primary_backend_only  # no Keras is imported at all

HEAVY = ("keras", "tensorflow", "jax", "torch", "sklearn", "scikeras", "tf_keras")

REPORT = f"""
import json, sys
heavy = {HEAVY!r}
print("HEAVY=" + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def run(code: str, cwd: pathlib.Path) -> list[str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("HEAVY=")]
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(lines) == 1, done.stdout + done.stderr
    return json.loads(lines[0][len("HEAVY=") :])


def test_importing_the_plugin_and_package_is_light(tmp_path: pathlib.Path) -> None:
    code = "import pytest_keras_arch.plugin, pytest_keras_arch\n" + REPORT
    assert run(code, tmp_path) == []


def test_a_pytest_run_that_does_not_use_the_plugin_is_light(tmp_path: pathlib.Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_plain.py").write_text("def test_one():\n    assert 1 + 1 == 2\n")
    code = (
        "import pytest\n"
        "class Check:\n"
        "    loaded = False\n"
        "    def pytest_configure(self, config):\n"
        "        Check.loaded = config.pluginmanager.hasplugin('keras_arch')\n"
        "rc = pytest.main(['-q', '-p', 'no:cacheprovider', 'test_plain.py'], plugins=[Check()])\n"
        "assert rc == 0, rc\n"
        "assert Check.loaded, 'the keras_arch plugin was not loaded'\n" + REPORT
    )
    assert run(code, tmp_path) == []
