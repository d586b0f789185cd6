"""pytest-keras-arch: architecture tests for Keras models.

Importing this package is cheap: Keras, its backends, scikit-learn and scikeras
are imported only when a function needs them. ``describe``, ``render`` and the
data classes are loaded on first access.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from pytest_keras_arch.errors import DescribeError, KerasArchError, UnwrapError

if TYPE_CHECKING:
    from pytest_keras_arch.architecture import Architecture, Layer, Port, Weight
    from pytest_keras_arch.assertions import (
        assert_layer_types,
        assert_output_shapes,
        assert_param_count,
        assert_trainable,
        assert_weight_shapes,
    )
    from pytest_keras_arch.describe import describe
    from pytest_keras_arch.diff import summarize_changes
    from pytest_keras_arch.render import render
    from pytest_keras_arch.snapshot import ArchitectureExtension, ArchitectureSnapshot
    from pytest_keras_arch.unwrap import KerasModelFactory, unwrap_model

__all__ = [
    "Architecture",
    "ArchitectureExtension",
    "ArchitectureSnapshot",
    "DescribeError",
    "KerasArchError",
    "KerasModelFactory",
    "Layer",
    "Port",
    "UnwrapError",
    "Weight",
    "assert_layer_types",
    "assert_output_shapes",
    "assert_param_count",
    "assert_trainable",
    "assert_weight_shapes",
    "describe",
    "render",
    "summarize_changes",
    "unwrap_model",
]

# Public name -> module that defines it, imported on first access.
_LAZY = {
    "unwrap_model": "pytest_keras_arch.unwrap",
    "KerasModelFactory": "pytest_keras_arch.unwrap",
    "describe": "pytest_keras_arch.describe",
    "render": "pytest_keras_arch.render",
    "Architecture": "pytest_keras_arch.architecture",
    "Layer": "pytest_keras_arch.architecture",
    "Weight": "pytest_keras_arch.architecture",
    "Port": "pytest_keras_arch.architecture",
    "ArchitectureExtension": "pytest_keras_arch.snapshot",
    "ArchitectureSnapshot": "pytest_keras_arch.snapshot",
    "summarize_changes": "pytest_keras_arch.diff",
    "assert_layer_types": "pytest_keras_arch.assertions",
    "assert_output_shapes": "pytest_keras_arch.assertions",
    "assert_param_count": "pytest_keras_arch.assertions",
    "assert_trainable": "pytest_keras_arch.assertions",
    "assert_weight_shapes": "pytest_keras_arch.assertions",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """Keeps ``pytest_keras_arch.describe``/``.render`` the functions, not the modules.

    Importing a submodule sets the package attribute of the same name to the
    module; for the two public functions named like their modules, bind the
    function instead.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            name in ("describe", "render")
            and isinstance(value, types.ModuleType)
            and value.__name__ == f"{__name__}.{name}"
            and hasattr(value, name)
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
