"""Architecture tests of the LSTM classifier: no training, exact values."""

from __future__ import annotations

import numpy as np
import pytest
from scikeras.wrappers import KerasClassifier
from sklearn.base import clone

from pytest_keras_arch import KerasModelFactory, UnwrapError


def test_sample_has_both_classes(sample: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = sample  # noqa: N806
    assert X.shape == (32, 20, 1)
    assert sorted(set(y.tolist())) == [0, 1]


def test_parameter_count(
    keras_model: KerasModelFactory,
    classifier: KerasClassifier,
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    model = keras_model(classifier, *sample)
    assert model.count_params() == 10_451


def test_layers_and_weight_shapes(
    keras_model: KerasModelFactory,
    classifier: KerasClassifier,
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    model = keras_model(classifier, *sample)
    assert [type(layer).__name__ for layer in model.layers] == ["LSTM", "Dense"]
    # The LSTM packs its four gates along the last axis: 4 × 50 = 200 columns.
    assert [tuple(w.shape) for w in model.weights] == [(1, 200), (50, 200), (200,), (50, 1), (1,)]
    assert tuple(model.inputs[0].shape) == (None, 20, 1)
    assert tuple(model.outputs[0].shape) == (None, 1)


def test_unwrapping_neither_trains_nor_fits(
    keras_model: KerasModelFactory,
    classifier: KerasClassifier,
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    model = keras_model(classifier, *sample)
    assert int(model.optimizer.iterations.numpy()) == 0
    assert hasattr(classifier, "model_") is False


def test_units_are_a_hyperparameter(
    keras_model: KerasModelFactory,
    classifier: KerasClassifier,
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    small = clone(classifier).set_params(model__units=8)
    assert keras_model(small, *sample).count_params() == 329


def test_windows_of_the_wrong_length_are_refused(
    keras_model: KerasModelFactory,
    classifier: KerasClassifier,
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    X, y = sample  # noqa: N806
    with pytest.raises(
        UnwrapError,
        match=r"expects inputs of shape \(None, 20, 1\) but X has shape \(32, 10, 1\)",
    ):
        keras_model(classifier, X[:, :10], y)
