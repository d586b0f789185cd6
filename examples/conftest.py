"""Fixtures of the example model repo: the estimator under test and a small sample."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow is imported

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from lstm_classifier import make_classifier, make_windows  # noqa: E402
from scikeras.wrappers import KerasClassifier  # noqa: E402


@pytest.fixture
def classifier() -> KerasClassifier:
    """The production estimator, unfitted."""
    return make_classifier()


@pytest.fixture(scope="session")
def sample() -> tuple[np.ndarray, np.ndarray]:
    """32 windows of 20 timesteps × 1 feature, fixed seed, with both classes."""
    return make_windows(32, seed=0)
