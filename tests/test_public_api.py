"""The package's public names: explicit, resolvable, and functions where documented."""

from __future__ import annotations

import importlib
import types

import pytest

import pytest_keras_arch


def test_every_public_name_resolves() -> None:
    missing = [name for name in pytest_keras_arch.__all__ if not hasattr(pytest_keras_arch, name)]
    assert missing == []


def test_describe_and_render_stay_functions_after_their_modules_are_imported() -> None:
    importlib.import_module("pytest_keras_arch.describe")
    importlib.import_module("pytest_keras_arch.render")
    assert isinstance(pytest_keras_arch.describe, types.FunctionType)
    assert isinstance(pytest_keras_arch.render, types.FunctionType)
    assert pytest_keras_arch.describe.__module__ == "pytest_keras_arch.describe"
    assert pytest_keras_arch.render.__module__ == "pytest_keras_arch.render"


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(
        AttributeError, match=r"^module 'pytest_keras_arch' has no attribute 'no_such_name'$"
    ):
        pytest_keras_arch.no_such_name  # noqa: B018
