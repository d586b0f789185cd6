"""Sliding windows over a series, labelled by whether the next value goes up."""

from __future__ import annotations

import numpy as np

from lstm_classifier.model import TIMESTEPS


def make_windows(
    n_windows: int, timesteps: int = TIMESTEPS, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``X`` of shape ``(n_windows, timesteps, 1)`` float32 and binary ``y``."""
    rng = np.random.default_rng(seed)
    series = np.cumsum(rng.normal(size=n_windows + timesteps)).astype("float32")
    windows = np.lib.stride_tricks.sliding_window_view(series, timesteps + 1)[:n_windows]
    X = windows[:, :timesteps, None].copy()  # noqa: N806
    y = (windows[:, timesteps] > windows[:, timesteps - 1]).astype("int64")
    return X, y
