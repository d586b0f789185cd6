"""A layer's architecture-defining settings and a model's compile facts, as plain data.

Only a curated subset of ``get_config()`` is kept (:data:`CONFIG_KEYS`): keys
that define the architecture and mean the same in Keras 2 and Keras 3, with
values made version-neutral (tuples, names, non-negative axes).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from pytest_keras_arch.architecture import CompileInfo, ConfigMap
from pytest_keras_arch.keras_internals import Call, is_model, type_name

__all__ = ["CONFIG_KEYS", "compile_info", "config_of", "policy_name", "with_positive_axis"]

#: Config keys that define an architecture and mean the same in Keras 2 and 3.
CONFIG_KEYS = frozenset(
    {
        "activation", "alpha", "axis", "bias_axes", "center", "cropping",
        "data_format", "depth_multiplier", "dilation_rate", "dims", "dropout",
        "epsilon", "equation", "filters", "go_backwards", "groups", "height",
        "input_dim", "interpolation", "invert", "keepdims", "kernel_size",
        "key_dim", "mask_zero", "max_tokens", "max_value", "merge_mode", "n",
        "negative_slope", "num_heads", "num_oov_indices", "num_tokens", "offset",
        "output_dim", "output_mode", "output_sequence_length", "output_shape", "padding", "pool_size",
        "recurrent_activation", "recurrent_dropout", "rate", "reset_after",
        "return_sequences", "return_state", "scale", "score_mode", "size",
        "stateful", "strides", "target_shape", "threshold", "units",
        "unroll", "use_bias", "use_scale", "value_dim", "width",
    }
)


def policy_name(layer: Any) -> str:
    policy = getattr(layer, "dtype_policy", None)
    name = getattr(policy, "name", None)
    if name is None:
        name = getattr(layer, "dtype", "float32")
    return str(name)


def _config_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_config_value(item) for item in value)
    if isinstance(value, Mapping):
        registered = value.get("registered_name") or value.get("class_name")
        if registered:
            config = value.get("config")
            if isinstance(config, Mapping) and config.get("name") and registered in {
                "function", "builtins.function"
            }:
                return str(config["name"])
            if isinstance(config, str):
                return config
            return str(registered)
        return ConfigMap({str(k): _config_value(v) for k, v in value.items()})
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if callable(value):
        return str(getattr(value, "__name__", type(value).__name__))
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
    except ImportError:  # pragma: no cover
        pass
    return type(value).__name__


def config_of(layer: Any) -> ConfigMap:
    """The curated, version-neutral architecture settings of a layer."""
    try:
        raw = layer.get_config()
    except Exception:  # a custom layer without get_config: no settings to show
        raw = {}
    config: dict[str, Any] = {
        key: _config_value(value) for key, value in raw.items() if key in CONFIG_KEYS
    }
    wrapped = getattr(layer, "layer", None) or getattr(layer, "forward_layer", None)
    if wrapped is not None and hasattr(wrapped, "get_config") and not is_model(layer):
        config["layer"] = ConfigMap({"type": type_name(wrapped), **config_of(wrapped)})
    if type(layer).__name__ == "RNN":
        cell = getattr(layer, "cell", None)
        cells = getattr(cell, "cells", None)
        if cells is not None:
            config["cells"] = tuple(
                ConfigMap({"type": type_name(c), **config_of(c)}) for c in cells
            )
        elif cell is not None:
            config["cell"] = ConfigMap({"type": type_name(cell), **config_of(cell)})
    return ConfigMap(config)


def with_positive_axis(config: ConfigMap, calls: list[Call]) -> ConfigMap:
    """``axis`` as non-negative ints (tf_keras stores ``[3]`` where Keras 3 stores ``-1``)."""
    axis = config.get("axis")
    outputs = calls[0].outputs if calls else None
    if axis is None or not outputs or not all(isinstance(d, (int, type(None))) for d in outputs):
        return config
    rank = len(outputs)
    axes = axis if isinstance(axis, tuple) else (axis,)
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
        return config
    resolved = tuple(a + rank if a < 0 else a for a in axes)
    return ConfigMap({**config, "axis": resolved[0] if len(resolved) == 1 else resolved})


def _name_of(obj: Any) -> Any:
    if obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, Mapping):
        if "class_name" in obj or "registered_name" in obj:
            config = obj.get("config")
            if isinstance(config, Mapping) and config.get("name") and obj.get("class_name") in {
                "function", "builtins.function"
            }:
                return str(config["name"])
            return str(obj.get("class_name") or obj.get("registered_name"))
        return ConfigMap({str(k): _name_of(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)):
        return tuple(_name_of(item) for item in obj)
    if callable(obj) and hasattr(obj, "__name__"):
        return str(obj.__name__)
    return type(obj).__name__


def compile_info(model: Any) -> CompileInfo | None:
    if not getattr(model, "compiled", False) and getattr(model, "optimizer", None) is None:
        return None
    config: Mapping[str, Any] = {}
    with contextlib.suppress(Exception):
        config = model.get_compile_config() or {}
    optimizer = getattr(model, "optimizer", None)
    optimizer_name = type(optimizer).__name__ if optimizer is not None else _name_of(config.get("optimizer"))
    loss = _name_of(config.get("loss", getattr(model, "loss", None)))
    metrics_raw = config.get("metrics") or ()
    if isinstance(metrics_raw, Mapping):
        metrics_raw = list(metrics_raw.values())
    metrics = tuple(str(_name_of(m)) for m in (metrics_raw if isinstance(metrics_raw, (list, tuple)) else [metrics_raw]))
    return CompileInfo(optimizer_name, loss, metrics)
