"""Keras internals: the one place that reads graph nodes and traces calls.

Keras 3 (any backend) and Keras 2 (``tf_keras``) keep a model's graph in
different attributes; :func:`internals_for` picks the adapter for a model.
Subclassed models keep no graph at all: :func:`symbolic_call` calls one once
on fresh symbolic inputs while :func:`recording_calls` notes every layer call,
then undoes the graph nodes and name-counter increments the call caused.

Internal to the plugin (not public API); :mod:`pytest_keras_arch.describe`
is its only user.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_keras_arch.architecture import Shape

__all__ = [
    "Call",
    "Keras3Internals",
    "Recording",
    "TfKerasInternals",
    "all_layers",
    "class_type_name",
    "internals_for",
    "is_model",
    "output_of",
    "recording_calls",
    "static_dim",
    "static_shape",
    "symbolic_call",
    "type_name",
    "valid_root_scope",
]


def class_type_name(cls: type) -> str:
    """The ``Layer.type`` of instances of ``cls``: the class name for Keras'
    own classes, ``module.Class`` for classes defined elsewhere."""
    module = cls.__module__ or ""
    if module.split(".")[0] in {"keras", "tf_keras", "tensorflow"}:
        return cls.__name__
    return f"{module}.{cls.__name__}"


def type_name(obj: Any) -> str:
    return class_type_name(type(obj))


def is_model(layer: Any) -> bool:
    from pytest_keras_arch.unwrap import model_flavour

    return model_flavour(layer) is not None


def static_dim(value: Any) -> int | None:
    """A static dimension as int; symbolic or unknown dimensions as None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        import numpy as np

        if isinstance(value, np.integer):
            return int(value)
    except ImportError:  # pragma: no cover - numpy comes with every backend
        pass
    inner = getattr(value, "value", value)  # tf.compat.v1 Dimension
    return inner if isinstance(inner, int) and not isinstance(inner, bool) else None


def static_shape(value: Any) -> Shape:
    shape = getattr(value, "shape", value)
    if hasattr(shape, "as_list") and getattr(shape, "rank", 0) is None:
        return ()
    return tuple(static_dim(dim) for dim in shape)


def output_of(tensors: Sequence[Any]) -> Any:
    shapes = tuple(static_shape(tensor) for tensor in tensors)
    return shapes[0] if len(shapes) == 1 else shapes


class Keras3Internals:
    """Graph and tracing internals of Keras 3 (any backend)."""

    @property
    def api(self) -> Any:
        import keras

        return keras

    @property
    def base_layer(self) -> Any:
        from keras.src.layers.layer import Layer

        return Layer

    def flatten(self, structure: Any) -> list[Any]:
        return list(self.api.tree.flatten(structure))

    def graph_of(self, model: Any) -> Any:
        """The graph (a Functional) behind a functional or built sequential model."""
        if hasattr(model, "_nodes") and hasattr(model, "operations") and hasattr(model, "_inputs_struct"):
            return model
        inner = getattr(model, "_functional", None)
        return inner if inner is not None and hasattr(inner, "_nodes") else None

    def graph_layers(self, graph: Any) -> list[Any]:
        return list(graph.operations)

    def node_keys(self, graph: Any) -> set[str]:
        return set(graph._nodes)

    def node_key(self, layer: Any, index: int) -> str:
        from keras.src.ops.function import make_node_key

        return make_node_key(layer, index)

    def node_inputs(self, node: Any) -> list[Any]:
        return list(node.arguments.keras_tensors)

    def node_outputs(self, node: Any) -> list[Any]:
        return list(node.outputs)

    def producer(self, tensor: Any) -> Any:
        history = getattr(tensor, "_keras_history", None)
        return getattr(history, "operation", None)

    def outputs_structure(self, graph: Any) -> Any:
        return getattr(graph, "_outputs_struct", None)

    @contextlib.contextmanager
    def name_counters_preserved(self) -> Iterator[None]:
        from keras.src.backend.common import global_state

        uids = global_state.get_global_attribute("object_name_uids")
        saved = dict(uids) if uids is not None else None
        try:
            yield
        finally:
            current = global_state.get_global_attribute("object_name_uids")
            if current is not None:
                current.clear()
                current.update(saved or {})

    def uses_tensorflow(self) -> bool:
        return bool(self.api.backend.backend() == "tensorflow")


class TfKerasInternals(Keras3Internals):
    """The same facts from Keras 2 (``tf_keras``, or ``tf.keras`` with TF_USE_LEGACY_KERAS=1)."""

    @property
    def api(self) -> Any:
        import tf_keras

        return tf_keras

    @property
    def base_layer(self) -> Any:
        from tf_keras.src.engine.base_layer import Layer

        return Layer

    def flatten(self, structure: Any) -> list[Any]:
        import tensorflow as tf

        return list(tf.nest.flatten(structure))

    def graph_of(self, model: Any) -> Any:
        if getattr(model, "_is_graph_network", False) and hasattr(model, "_network_nodes"):
            return model
        return None

    def graph_layers(self, graph: Any) -> list[Any]:
        layers = list(getattr(graph, "_input_layers", [])) + list(graph.layers)
        return list({id(layer): layer for layer in layers}.values())

    def node_keys(self, graph: Any) -> set[str]:
        return set(graph._network_nodes)

    def node_key(self, layer: Any, index: int) -> str:
        return f"{layer.name}_ib-{index}"

    def node_inputs(self, node: Any) -> list[Any]:
        return self.flatten(node.keras_inputs)

    def node_outputs(self, node: Any) -> list[Any]:
        return self.flatten(node.outputs)

    def producer(self, tensor: Any) -> Any:
        history = getattr(tensor, "_keras_history", None)
        return getattr(history, "layer", None)

    def outputs_structure(self, graph: Any) -> Any:
        return getattr(graph, "_nested_outputs", None)

    @contextlib.contextmanager
    def name_counters_preserved(self) -> Iterator[None]:
        from tf_keras.src import backend

        saved = {graph: dict(uids) for graph, uids in backend.PER_GRAPH_OBJECT_NAME_UIDS.items()}
        try:
            yield
        finally:
            for graph, uids in backend.PER_GRAPH_OBJECT_NAME_UIDS.items():
                uids.clear()
                uids.update(saved.get(graph, {}))

    def uses_tensorflow(self) -> bool:
        return True


def internals_for(model: Any) -> Keras3Internals:
    from pytest_keras_arch.unwrap import model_flavour

    return TfKerasInternals() if model_flavour(model) == "tf_keras" else Keras3Internals()


@dataclass
class Call:
    outputs: Any
    inbound: list[int]


@dataclass
class Recording:
    calls: dict[int, list[Call]] = field(default_factory=dict)
    producers: dict[int, int] = field(default_factory=dict)
    keep_alive: list[Any] = field(default_factory=list)


@contextlib.contextmanager
def recording_calls(kx: Keras3Internals) -> Iterator[Recording]:
    """Record every layer call (outputs and feeding layers) while active."""
    KerasLayer = kx.base_layer  # noqa: N806
    recording = Recording()
    original = KerasLayer.__call__

    def recorded_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        outputs = original(self, *args, **kwargs)
        tensors = [t for t in kx.flatten((args, kwargs)) if hasattr(t, "shape")]
        inbound = []
        for tensor in tensors:
            producer = recording.producers.get(id(tensor))
            if producer is not None and producer not in inbound:
                inbound.append(producer)
        flat = [t for t in kx.flatten(outputs) if hasattr(t, "shape")]
        for tensor in flat:
            recording.producers[id(tensor)] = id(self)
        recording.keep_alive.extend(flat)  # ids stay valid while recording
        recording.calls.setdefault(id(self), []).append(Call(output_of(flat), inbound))
        return outputs

    KerasLayer.__call__ = recorded_call  # type: ignore[method-assign]
    try:
        yield recording
    finally:
        KerasLayer.__call__ = original  # type: ignore[method-assign]


def symbolic_call(
    kx: Keras3Internals, model: Any, shapes: list[Shape], *, record: bool
) -> tuple[Recording, list[Any], Any]:
    """Call ``model`` once on fresh ``keras.Input``s, then drop the graph nodes
    that call added to the model's layers (nodes of a graph the call built,
    such as a Sequential's, are kept)."""
    tracked = list(all_layers(model))
    lengths = [(layer, len(layer._inbound_nodes), len(layer._outbound_nodes)) for layer in tracked]
    inputs = [kx.api.Input(shape=shape) for shape in shapes]
    recorder = recording_calls(kx) if record else contextlib.nullcontext(Recording())
    try:
        with recorder as recording, valid_root_scope(kx):
            outputs = model(inputs[0] if len(inputs) == 1 else inputs)
    finally:
        graph = kx.graph_of(model)
        keep = kx.node_keys(graph) if graph is not None else set()
        for layer, inbound, _ in lengths:
            nodes = layer._inbound_nodes
            while len(nodes) > inbound and kx.node_key(layer, len(nodes) - 1) not in keep:
                nodes.pop()
        alive = {id(node) for layer, _, _ in lengths for node in layer._inbound_nodes}
        for layer, _, outbound in lengths:
            layer._outbound_nodes[outbound:] = [
                node for node in layer._outbound_nodes[outbound:] if id(node) in alive
            ]
    return recording, inputs, outputs


def all_layers(model: Any) -> Iterator[Any]:
    yield model
    flatten = getattr(model, "_flatten_layers", None)
    if flatten is not None:
        yield from flatten(include_self=False, recursive=True)


@contextlib.contextmanager
def valid_root_scope(kx: Keras3Internals) -> Iterator[None]:
    """TensorFlow rejects root name scopes such as ``__encoder``; nest them."""
    if not kx.uses_tensorflow():
        yield
        return
    import tensorflow as tf

    with tf.name_scope("keras_arch"):
        yield
