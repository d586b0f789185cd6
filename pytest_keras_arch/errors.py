"""The plugin's public exceptions (stdlib only)."""

from __future__ import annotations

__all__ = ["DescribeError", "KerasArchError", "UnwrapError"]


class KerasArchError(Exception):
    """Base class of every error raised by pytest-keras-arch."""


class UnwrapError(KerasArchError):
    """``unwrap_model`` could not reach a Keras model behind the given object.

    The message names the type received, the path walked (``chain``) and the fix.
    It is neither a ``TypeError`` nor a ``ValueError``: failures are of both kinds
    (an unsupported type, an unfitted estimator, a sample of the wrong shape, a
    missing file), so catch ``UnwrapError`` or ``KerasArchError``.
    """

    def __init__(self, message: str, *, chain: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.chain: tuple[str, ...] = chain


class DescribeError(KerasArchError):
    """``describe`` could not describe the model (e.g. unbuilt, wrong ``input_shape``)."""
