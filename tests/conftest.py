"""Shared fixtures: a fixed sample and the CASES.md builder ``build(hidden=5)``."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before anything imports TensorFlow

from collections.abc import Iterator  # noqa: E402
from typing import TYPE_CHECKING, Any, Callable  # noqa: E402

import pytest  # noqa: E402
from builders import build  # noqa: E402

if TYPE_CHECKING:
    import keras
    import numpy as np


@pytest.fixture(scope="session")
def X() -> np.ndarray:  # noqa: N802
    """40 × 6 float32, fixed seed."""
    import numpy as np

    return np.random.default_rng(0).normal(size=(40, 6)).astype("float32")


@pytest.fixture(scope="session")
def y(X: np.ndarray) -> np.ndarray:  # noqa: N803
    """Binary targets for ``X`` (both classes present)."""
    return (X[:, 0] > 0).astype("int64")


@pytest.fixture(scope="session")
def builder() -> Callable[..., keras.Model]:
    return build


@pytest.fixture(scope="session")
def fitted_classifier(X: np.ndarray, y: np.ndarray) -> Any:  # noqa: N803
    """A scikeras KerasClassifier(model=build) fitted for one epoch (fitted once)."""
    from scikeras.wrappers import KerasClassifier

    return KerasClassifier(model=build, epochs=1, verbose=0).fit(X, y)


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """pytester whose inner runs do not think they are xdist workers.

    Under ``-n 2`` this session's workers carry PYTEST_XDIST_WORKER, which an
    in-process inner run would inherit (syrupy then stays silent, as workers do).
    """
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)
    return pytester


@pytest.fixture(autouse=True)
def _no_leaked_op_determinism() -> Iterator[None]:
    """Each test starts with TensorFlow's op determinism off.

    scikeras turns it on for the whole process when an estimator is fitted with an
    integer random_state (BaggingClassifier hands one to every member), and later
    unseeded fits then fail with "Random ops require a seed". TensorFlow has no
    public switch-off; scikeras itself uses this one.
    """
    yield
    config = sys.modules.get("tensorflow.python.framework.config")
    if config is not None and config.is_op_determinism_enabled():
        config.disable_op_determinism()
