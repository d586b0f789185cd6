"""The plugin's own errors read as a short failure at the user's line."""

from __future__ import annotations

import pytest

TEST_FILE = """
import keras
from pytest_keras_arch import describe

def test_wrong_input_shape():
    model = keras.Sequential([keras.layers.Conv2D(2, 3)])
    describe(model, input_shape=(8,))

def test_none(keras_model):
    keras_model(None)
"""


def test_short_failure_at_the_users_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_errors=TEST_FILE)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "test_errors.py:6: in test_wrong_input_shape",
            "    describe(model, input_shape=(8,))",
            "E   pytest_keras_arch.errors.DescribeError: calling the Sequential model 'sequential*' on a "
            "symbolic input of shape (8,) (batch dimension left out) failed with ValueError: *",
            "*- keras-arch -*",
            "the original error is chained to this one; --tb=long shows its traceback",
            "test_errors.py:9: in test_none",
            "    keras_model(None)",
            "E   pytest_keras_arch.errors.UnwrapError: unwrap_model got None *",
        ]
    )
    text = result.stdout.str()
    assert "describe.py" not in text and "unwrap.py" not in text and "_pytest" not in text
    assert "The above exception was the direct cause" not in text
    assert "INTERNALERROR" not in text


def test_long_tracebacks_still_show_the_chained_keras_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_errors=TEST_FILE)
    result = pytester.runpytest("-p", "no:randomly", "--tb=long", "-k", "wrong_input_shape")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(
        ["*ValueError: Input 0 with name * of layer 'conv2d*' is incompatible with the layer*",
         "The above exception was the direct cause of the following exception:"]
    )
