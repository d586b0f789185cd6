"""The network and its scikit-learn wrapper."""

from __future__ import annotations

from typing import Any

import keras
from scikeras.wrappers import KerasClassifier

TIMESTEPS = 20
FEATURES = 1


def build_model(units: int = 50, timesteps: int = TIMESTEPS, features: int = FEATURES) -> keras.Model:
    """``Input((20, 1)) → LSTM(units) → Dense(1, sigmoid)``, compiled (10,451 params at 50)."""
    model = keras.Sequential(
        [
            keras.Input(shape=(timesteps, features)),
            keras.layers.LSTM(units),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def make_classifier(**params: Any) -> KerasClassifier:
    """The estimator the rest of the project trains, tunes and deploys."""
    defaults: dict[str, Any] = {"epochs": 10, "batch_size": 32, "verbose": 0}
    return KerasClassifier(model=build_model, **{**defaults, **params})
