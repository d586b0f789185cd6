"""The run reports which Keras it used: in the header, at the end, or not at all.

Each case needs a fresh interpreter (this session has Keras imported), so the
three runs go through ``runpytest_subprocess``.
"""

from __future__ import annotations

import keras
import pytest

pytestmark = [
    pytest.mark.usefixtures("quiet_tensorflow"),
    pytest.mark.primary_backend_only,  # reads sys.modules only
]

KERAS_LINE = f"Keras {keras.__version__} (backend {keras.backend.backend()})"


@pytest.fixture
def quiet_tensorflow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)


def test_header_names_keras_when_a_conftest_imported_it(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("import keras\n")
    pytester.makepyfile("def test_one():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1)
    assert result.stdout.lines.count(f"keras-arch: {KERAS_LINE}") == 1
    assert not [line for line in result.stdout.lines if line.startswith("keras-arch: tests used")]


def test_summary_names_keras_when_only_a_test_imported_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_one():\n    import keras\n    assert keras.__version__\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1)
    assert result.stdout.lines.count(f"keras-arch: tests used {KERAS_LINE}") == 1
    assert not [line for line in result.stdout.lines if line.startswith("keras-arch: Keras")]


def test_nothing_is_said_in_a_run_that_never_touched_keras(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("import os\ndef test_one():\n    assert os.sep\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1)
    assert not [line for line in result.stdout.lines if line.startswith("keras-arch")]
