"""A Keras LSTM binary classifier over time-series windows, wrapped for scikit-learn."""

from lstm_classifier.data import make_windows
from lstm_classifier.model import build_model, make_classifier

__all__ = ["build_model", "make_classifier", "make_windows"]
