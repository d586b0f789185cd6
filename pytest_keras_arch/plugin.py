"""The pytest11 entry point of pytest-keras-arch: hooks and fixtures (thin).

Loaded by every pytest run in an environment where the plugin is installed, so
it must stay light: nothing here imports Keras, a backend, scikit-learn or
scikeras. Fixtures are thin wrappers over the public functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from pytest_keras_arch import hooks
from pytest_keras_arch.unwrap import KerasModelFactory, unwrap_model

if TYPE_CHECKING:
    import keras


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hooks)


def pytest_configure(config: pytest.Config) -> None:
    hooks.push_config(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    hooks.pop_config(config)


@pytest.fixture
def keras_model() -> KerasModelFactory:
    """Factory: keras_model(obj, X=None, y=None, *, safe_mode=True) -> keras.Model.

    Returns the Keras model behind obj without training it or changing it: a
    keras/tf_keras model as is; a fitted scikeras or Keras wrapper's model_; an
    unfitted one built on a clone from the sample X (and y for classifiers); the
    Keras step of a Pipeline; a search CV's best_estimator_; a zero-argument build
    function's result; a .keras/.h5 file (safe mode on). Raises UnwrapError with
    the path walked and the fix. See pytest_keras_arch.unwrap_model.
    """

    def factory(
        obj: Any,
        X: Any = None,  # noqa: N803
        y: Any = None,
        *,
        safe_mode: bool = True,
    ) -> keras.Model:
        __tracebackhide__ = True
        return unwrap_model(obj, X, y, safe_mode=safe_mode)

    return factory
