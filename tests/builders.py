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
