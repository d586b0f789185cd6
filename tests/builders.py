"""Model builders shared by the tests (CASES.md's ``build(hidden=5)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import keras


def build(hidden: int = 5, meta: dict[str, Any] | None = None) -> keras.Model:
    """``Input(6) → Dense(hidden, relu) → Dense(1, sigmoid)``, compiled (41 params at 5)."""
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(6,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss="binary_crossentropy", optimizer="adam")
    return model


def keras_sklearn_build(X: Any, y: Any, hidden: int = 5) -> keras.Model:
    """The same network in the ``model(X=, y=)`` form Keras' own wrappers call."""
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(X.shape[1],)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(y.shape[1] if y.ndim > 1 else 1, activation="sigmoid"),
        ]
    )
    model.compile(loss="binary_crossentropy", optimizer="adam")
    return model


def two_headed() -> keras.Model:
    """CASES.md #19: ``Input(13) → Dense(128) → [Dense(1, "price"), Dense(128) → Dense(1, "ratio")]``."""
    import keras

    layers = keras.layers
    inputs = keras.Input((13,))
    hidden = layers.Dense(128)(inputs)
    price = layers.Dense(1, name="price")(hidden)
    ratio = layers.Dense(1, name="ratio")(layers.Dense(128)(hidden))
    return keras.Model(inputs, [price, ratio])
