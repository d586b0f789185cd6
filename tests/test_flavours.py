"""One description everywhere: the same builder on Keras 2 (tf_keras) and Keras 3.

Each builder is written once against a library module ``lib`` (``keras`` or
``tf_keras``); the two models must give equal Architectures and byte-identical
rendered text. Backends (TensorFlow vs JAX) are compared in test_backends.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import pytest

from pytest_keras_arch import describe, render

tf_keras = pytest.importorskip("tf_keras")


def dense_mlp(lib: Any) -> Any:
    return lib.Sequential(
        [lib.Input((6,)), lib.layers.Dense(5, activation="relu"), lib.layers.Dropout(0.2), lib.layers.Dense(1, activation="sigmoid")]
    )


def lstm_classifier(lib: Any) -> Any:
    return lib.Sequential([lib.Input((20, 1)), lib.layers.LSTM(50), lib.layers.Dense(1, activation="sigmoid")])


def cnn(lib: Any) -> Any:
    L = lib.layers  # noqa: N806
    return lib.Sequential(
        [
            lib.Input((28, 28, 1)),
            L.Conv2D(8, 3, padding="same", activation="relu"),
            L.BatchNormalization(),
            L.MaxPooling2D(2),
            L.Conv2D(16, 3, strides=2),
            L.GlobalAveragePooling2D(),
            L.Dense(10, activation="softmax"),
        ]
    )


def two_headed(lib: Any) -> Any:
    L = lib.layers  # noqa: N806
    inputs = lib.Input((13,))
    hidden = L.Dense(128, activation="relu")(inputs)
    price = L.Dense(1, name="price")(hidden)
    ratio = L.Dense(1, name="ratio")(L.Dense(128)(hidden))
    return lib.Model(inputs, [price, ratio])


def nested(lib: Any) -> Any:
    L = lib.layers  # noqa: N806
    encoder = lib.Sequential([lib.Input((10,)), L.Dense(4), L.BatchNormalization()], name="encoder")
    inputs = lib.Input((10,))
    return lib.Model(inputs, L.Dense(1)(encoder(inputs)))


def bidirectional(lib: Any) -> Any:
    L = lib.layers  # noqa: N806
    return lib.Sequential([lib.Input((10, 5)), L.Bidirectional(L.LSTM(8, return_sequences=True)), L.GRU(3)])


BUILDERS = [dense_mlp, lstm_classifier, cnn, two_headed, nested, bidirectional]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_same_builder_same_description_on_keras_2_and_3(builder: Callable[[Any], Any]) -> None:
    tf_keras.layers.Dense(1)  # tf_keras' own counters start elsewhere
    legacy = describe(builder(tf_keras))
    current = describe(builder(keras))
    assert legacy == current
    assert render(legacy) == render(current)
    assert render(legacy, detail="shapes") == render(current, detail="shapes")


def test_tf_keras_model_exact_values() -> None:
    arch = describe(two_headed(tf_keras))
    assert arch.model_type == "Functional"
    assert arch.name == "functional"  # tf_keras calls it model_N
    assert arch.inputs[0].name == "input_layer"  # tf_keras calls it input_N
    assert arch.output_names == ("price", "ratio")
    assert arch.total_params == 18562
    assert arch.layer_names == ("input_layer", "dense", "dense_1", "price", "ratio")
    lstm = describe(lstm_classifier(tf_keras))["lstm"]
    assert [w.name for w in lstm.weights] == ["kernel", "recurrent_kernel", "bias"]  # not lstm/lstm_cell/kernel:0


def test_frozen_tf_keras_layer_counts_as_non_trainable() -> None:
    model = nested(tf_keras)
    model.get_layer("encoder").trainable = False
    arch = describe(model)
    assert (arch.trainable_params, arch.non_trainable_params) == (5, 60)
    assert all(not w.trainable for w in arch["encoder/dense"].weights)


def make_subclassed(lib: Any) -> Any:
    class Encoder(lib.Model):
        def __init__(self) -> None:
            super().__init__()
            self.hidden = lib.layers.Dense(4, activation="relu")
            self.head = lib.layers.Dense(2)

        def call(self, x: Any) -> Any:
            return self.head(self.hidden(x))

    return Encoder()


def test_tf_keras_subclassed_model_is_recorded_like_keras_3() -> None:
    legacy = describe(make_subclassed(tf_keras), input_shape=(8,))
    current = describe(make_subclassed(keras), input_shape=(8,))
    assert legacy.output_shapes == current.output_shapes == ((None, 4), (None, 2))
    assert legacy.total_params == current.total_params == 46
    assert legacy.layers == current.layers
