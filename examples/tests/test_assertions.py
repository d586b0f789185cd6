"""The LSTM classifier's architecture, checked with the plugin's assertion helpers.

None of these trains: the unfitted estimator is built from the sample (``X=``, ``y=``).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from scikeras.wrappers import KerasClassifier

from pytest_keras_arch import (
    assert_layer_types,
    assert_output_shapes,
    assert_param_count,
    assert_trainable,
    assert_weight_shapes,
)

Sample = tuple[np.ndarray, np.ndarray]


def test_layer_types(classifier: KerasClassifier, sample: Sample) -> None:
    X, y = sample  # noqa: N806
    assert_layer_types(classifier, [keras.layers.LSTM, keras.layers.Dense], X=X, y=y)


def test_output_shapes(classifier: KerasClassifier, sample: Sample) -> None:
    X, y = sample  # noqa: N806
    assert_output_shapes(classifier, [(None, 50), (None, 1)], X=X, y=y)


def test_weight_shapes(classifier: KerasClassifier, sample: Sample) -> None:
    X, y = sample  # noqa: N806
    # kernel, recurrent_kernel, bias: the four gates packed along the last axis (4 × 50)
    assert_weight_shapes(
        classifier,
        {"lstm": [(1, 200), (50, 200), (200,)], "dense": [(50, 1), (1,)]},
        X=X,
        y=y,
    )


def test_parameter_budget(classifier: KerasClassifier, sample: Sample) -> None:
    X, y = sample  # noqa: N806
    assert_param_count(classifier, total=10_451, trainable=10_451, non_trainable=0, X=X, y=y)
    assert_param_count(classifier, at_most=20_000, X=X, y=y)


def test_every_layer_is_trained(classifier: KerasClassifier, sample: Sample) -> None:
    X, y = sample  # noqa: N806
    assert_trainable(classifier, {"lstm": True, "dense": True}, X=X, y=y)


def test_two_lstm_weight_arrays_is_a_classic_mistake(classifier: KerasClassifier, sample: Sample) -> None:
    X, y = sample  # noqa: N806
    with pytest.raises(AssertionError, match=r"^layer 'lstm' \(LSTM\) has 3 weight arrays, expected 2\n"):
        assert_weight_shapes(classifier, {"lstm": [(1, 200), (50, 200)]}, X=X, y=y)
