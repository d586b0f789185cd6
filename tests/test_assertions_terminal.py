"""What a user sees in the terminal when an assertion helper fails (pytester, in-process)."""

from __future__ import annotations

import pytest

# Import the heavy stack in the outer session: pytester's in-process runs drop the
# modules they import when they end, and TensorFlow cannot load twice.
import keras  # noqa: F401

TEST_FILE = '''
import keras
from pytest_keras_arch import assert_layer_types, assert_param_count, describe

L = keras.layers


def classifier(units=50):
    return keras.Sequential([keras.Input((20, 1)), L.LSTM(units), L.Dense(1, activation="sigmoid")])


def deep():
    return keras.Sequential([keras.Input((4,))] + [L.Dense(2) for _ in range(30)])


def test_types():
    model = classifier()
    assert_layer_types(model, ["GRU", "Dense"])


def test_deep():
    expected = ["Dense"] * 30
    expected[15] = "Conv1D"
    assert_layer_types(deep(), expected)


def test_usage_error():
    assert_param_count(classifier(), total="10k")


def test_equal_architectures():
    assert describe(classifier(50)) == describe(classifier(51))
'''


@pytest.fixture
def run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.delenv("CI", raising=False)  # pytest never truncates on CI
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
    pytester.makepyfile(test_user=TEST_FILE)
    return pytester


def test_failure_points_at_the_users_line_with_the_table(run: pytest.Pytester) -> None:
    result = run.runpytest("-p", "no:randomly", "-k", "test_types")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "    def test_types():",
            "        model = classifier()",
            '>       assert_layer_types(model, ["GRU", "Dense"])',
            "E       AssertionError: layer types differ at 1 of 2 positions",
            "E         index  name   expected  actual",
            "E       >     0  lstm   GRU       LSTM",
            "E             1  dense  Dense     Dense",
            "",
            "test_user.py:17: AssertionError",
        ]
    )
    output = result.stdout.str()
    assert "pytest_keras_arch" not in output.replace("from pytest_keras_arch import", "")
    assert "assertions.py" not in output
    # the one-sentence first line is what the short summary shows
    result.stdout.fnmatch_lines(["FAILED test_user.py::test_types - AssertionError: layer types differ at 1 *"])


def test_big_table_is_compact_without_v_and_whole_with_v(run: pytest.Pytester) -> None:
    compact = run.runpytest("-p", "no:randomly", "-k", "test_deep")
    compact.assert_outcomes(failed=1)
    compact.stdout.fnmatch_lines(
        [
            "E       AssertionError: layer types differ at 1 of 30 positions",
            "E         index  name      expected  actual",
            "E         ... 13 matching rows ...",
            "E            13  dense_13  Dense     Dense",
            "E            14  dense_14  Dense     Dense",
            "E       >    15  dense_15  Conv1D    Dense",
            "E            16  dense_16  Dense     Dense",
            "E            17  dense_17  Dense     Dense",
            "E         ... 12 matching rows ...",
            "E       (25 matching rows elided; use -v for the full table)",
        ]
    )
    verbose = run.runpytest("-p", "no:randomly", "-k", "test_deep", "-v")
    verbose.assert_outcomes(failed=1)
    verbose.stdout.fnmatch_lines(
        [
            "E         index  name      expected  actual",
            "E             0  dense     Dense     Dense",
            "E             1  dense_1   Dense     Dense",
            "*",
            "E       >    15  dense_15  Conv1D    Dense",
            "*",
            "E            29  dense_29  Dense     Dense",
        ]
    )
    assert "elided" not in verbose.stdout.str()
    assert "test_user.py::test_deep FAILED" in verbose.stdout.str()


def test_usage_error_is_a_type_error_at_the_users_line(run: pytest.Pytester) -> None:
    result = run.runpytest("-p", "no:randomly", "-k", "test_usage_error")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '>       assert_param_count(classifier(), total="10k")',
            "E       TypeError: assert_param_count: total= must be an int, got str '10k'",
            "",
            "test_user.py:27: TypeError",
        ]
    )
    assert "assertions.py" not in result.stdout.str()


def test_plain_assert_on_architectures_explains_layer_by_layer(run: pytest.Pytester) -> None:
    result = run.runpytest("-p", "no:randomly", "-k", "test_equal_architectures")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: assert Architecture(Sequential 'sequential', 2 layers, 10,451 params) == "
            "Architecture(Sequential 'sequential', 2 layers, 10,864 params)",
            "E         2 of 2 layers differ (left != right):",
            "E         total_params: 10,451 != 10,864",
            "E         trainable_params: 10,451 != 10,864",
            "E         [0] lstm: LSTM",
            "E             output_shape: (None, 50) != (None, 51)",
            "E             weights: kernel (1, 200), recurrent_kernel (50, 200), bias (200,) != "
            "kernel (1, 204), recurrent_kernel (51, 204), bias (204,)",
            "E             params: 10,400 != 10,812...",
            "E         ",
            "E         ...Full output truncated, use '-vv' to show",
        ]
    )
    full = run.runpytest("-p", "no:randomly", "-k", "test_equal_architectures", "-vv")
    full.stdout.fnmatch_lines(
        [
            "E             config['units']: 50 != 51",
            "E         [1] dense: Dense",
            "E             weights: kernel (50, 1), bias (1,) != kernel (51, 1), bias (1,)",
            "E             params: 51 != 52",
            "E             trainable_params: 51 != 52",
        ]
    )
