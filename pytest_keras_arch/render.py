"""Architecture -> deterministic, diff-friendly text.

No terminal width, no colour, no memory addresses: the same architecture
always renders to the same text, one record per layer in model order. The
snapshot extension stores this text and failure messages show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_keras_arch.architecture import Architecture, Layer, Port, Weight
from pytest_keras_arch.detail import DETAILS, Detail

__all__ = ["DETAILS", "Detail", "format_config_value", "format_output", "format_shape", "render"]



def format_shape(shape: Any) -> str:
    """``(None, 50)``; a tuple of shapes as ``[(None, 50), (None, 50)]``."""
    if shape is None:
        return "not built"
    if isinstance(shape, tuple) and shape and all(isinstance(d, tuple) for d in shape):
        return "[" + ", ".join(format_shape(d) for d in shape) + "]"
    dims = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({dims},)" if len(shape) == 1 else f"({dims})"


def format_output(layer: Layer) -> str:
    """A layer's output shape(s); a shared layer lists one entry per call site."""
    if layer.calls == 0 or layer.output_shape is None:
        return "not built" if not layer.built else "never called"
    if layer.calls == 1:
        return format_shape(layer.output_shape)
    return " | ".join(format_shape(entry) for entry in layer.output_shape)


def format_config_value(value: Any) -> str:
    """A config value as stable text: strings bare, tuples and maps compact."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{k}={format_config_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, tuple):
        inner = ", ".join(format_config_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return str(value)


def _count(value: int) -> str:
    return f"{value:,}"


def _port(port: Port) -> str:
    return f"{port.name} {format_shape(port.shape)} {port.dtype}"


def _weight(weight: Weight) -> str:
    text = f"{weight.name} {format_shape(weight.shape)} {weight.dtype}"
    if not weight.trainable:
        text += " non-trainable"
    if weight.borrowed_from is not None:
        text += f" borrowed from {weight.borrowed_from}"
    return text


def _layer_lines(index: int, layer: Layer, detail: str) -> list[str]:
    pad = "    " * layer.depth
    lines = [f"{pad}[{index}] {layer.path}: {layer.type}"]
    field = pad + "    "
    lines.append(f"{field}output: {format_output(layer)}")
    if layer.calls > 1:
        lines.append(f"{field}calls: {layer.calls}")
    if detail == "shapes":
        return lines
    if layer.params or layer.weights:
        params = f"{field}params: {_count(layer.params)}"
        if layer.non_trainable_params:
            params += f" ({_count(layer.non_trainable_params)} non-trainable)"
        lines.append(params)
    for weight in layer.weights:
        lines.append(f"{field}weight: {_weight(weight)}")
    if not layer.trainable:
        lines.append(f"{field}trainable: False")
    if layer.dtype_policy != "float32":
        lines.append(f"{field}dtype policy: {layer.dtype_policy}")
    if layer.config:
        config = ", ".join(f"{k}={format_config_value(v)}" for k, v in layer.config.items())
        lines.append(f"{field}config: {config}")
    if layer.inbound:
        lines.append(f"{field}inbound: {', '.join(layer.inbound)}")
    return lines


def render(arch: Architecture, *, detail: Detail | str = "default") -> str:
    """The architecture as deterministic text (what snapshots store).

    ``detail`` is one of :data:`DETAILS`: ``"shapes"``, ``"default"`` or
    ``"compile"``.
    """
    if detail not in DETAILS:
        raise ValueError(
            f"detail must be one of {', '.join(map(repr, DETAILS))}, got {detail!r}"
        )
    lines = [f"model: {arch.model_type} {arch.name}"]
    lines += [f"input: {_port(port)}" for port in arch.inputs]
    lines += [f"output: {_port(port)}" for port in arch.outputs]
    if detail != "shapes":
        lines.append(
            f"params: {_count(arch.total_params)} total, "
            f"{_count(arch.trainable_params)} trainable, "
            f"{_count(arch.non_trainable_params)} non-trainable"
        )
    if detail == "compile":
        info = arch.compile
        if info is None:
            lines.append("compile: not compiled")
        else:
            lines.append(f"compile: optimizer={info.optimizer}")
            lines.append(f"compile: loss={format_config_value(info.loss)}")
            lines.append(f"compile: metrics={format_config_value(tuple(info.metrics))}")
    lines.append(f"layers: {len(arch.layers)}")
    for index, layer in enumerate(arch.layers):
        lines += _layer_lines(index, layer, detail)
    return "\n".join(lines) + "\n"
