"""The plugin's public exceptions (stdlib only)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["DescribeError", "KerasArchError", "UnwrapError", "user_facing"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


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


def user_facing(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Raise the plugin's errors from the public function, not from its internals.

    A ``KerasArchError`` leaves ``func`` with its traceback cut at this frame,
    which pytest hides, so a failure points at the user's line; the original
    Keras exception stays chained as ``__cause__``.
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        __tracebackhide__ = True
        try:
            return func(*args, **kwargs)
        except KerasArchError as error:
            raise error.with_traceback(None)  # noqa: B904 - the cause is kept on the error

    return wrapper
