"""keras.Model -> Architecture: the only module that reads Keras layer internals.

Shapes come from the model's own graph (functional and sequential models) or
are recorded while the model is called once on symbolic ``keras.Input``s
(subclassed models). Weight shapes come from the variables, never from
``get_weights()``; nothing here copies a weight value.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_keras_arch.architecture import (
    Architecture,
    CompileInfo,
    ConfigMap,
    Layer,
    Port,
    Shape,
    Weight,
)
from pytest_keras_arch.errors import DescribeError, user_facing
from pytest_keras_arch.naming import NameEntry, canonical_names, snake_case

if TYPE_CHECKING:
    import keras

__all__ = ["describe"]

InputShape = Sequence[Any]

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
_WRAPPER_DIRECTIONS = ("forward_", "backward_")


@user_facing
def describe(
    obj: Any,
    X: Any = None,
    y: Any = None,
    *,
    input_shape: InputShape | None = None,
    safe_mode: bool = True,
) -> Architecture:
    """Describe the Keras model behind ``obj`` as frozen, comparable plain data.

    ``obj`` is anything :func:`pytest_keras_arch.unwrap_model` accepts (or an
    :class:`Architecture`, returned as is). ``input_shape`` (without the batch
    dimension, a list of shapes for several inputs) builds an unbuilt model by
    calling it once on symbolic ``keras.Input``s; this builds the user's model
    in place, as its first real call would.
    """
    if isinstance(obj, Architecture):
        return obj
    from pytest_keras_arch.unwrap import unwrap_model

    model = unwrap_model(obj, X, y, safe_mode=safe_mode)
    shapes = _normalise_input_shape(input_shape)
    internals = _internals_for(model)
    with internals.name_counters_preserved():
        return _Describer(model, shapes, internals).run()


# --------------------------------------------------------------------------
# small helpers


def _normalise_input_shape(input_shape: InputShape | None) -> list[Shape] | None:
    if input_shape is None:
        return None
    given = input_shape
    if isinstance(given, (list, tuple)) and given and all(
        isinstance(item, (list, tuple)) for item in given
    ):
        shapes = [tuple(item) for item in given]
    elif isinstance(given, (list, tuple)):
        shapes = [tuple(given)]
    else:
        raise DescribeError(
            f"input_shape must be a tuple of dimensions such as (20, 1) (or a "
            f"list of such tuples for several inputs), got "
            f"{type(given).__name__} {given!r}. Pass the shape of one sample, "
            f"without the batch dimension, as in keras.Input(shape=...)."
        )
    for shape in shapes:
        for dim in shape:
            if dim is not None and (
                isinstance(dim, bool) or not isinstance(dim, int) or dim < 0
            ):
                raise DescribeError(
                    f"input_shape {input_shape!r} has the dimension {dim!r}; "
                    f"each dimension must be a non-negative int or None. Pass "
                    f"the shape of one sample without the batch dimension, "
                    f"e.g. input_shape=(20, 1)."
                )
    return shapes


def _dim(value: Any) -> int | None:
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


def _shape(value: Any) -> Shape:
    shape = getattr(value, "shape", value)
    if hasattr(shape, "as_list") and getattr(shape, "rank", 0) is None:
        return ()
    return tuple(_dim(dim) for dim in shape)


def _output_of(tensors: Sequence[Any]) -> Any:
    shapes = tuple(_shape(tensor) for tensor in tensors)
    return shapes[0] if len(shapes) == 1 else shapes


def _dtype_name(dtype: Any) -> str:
    return str(getattr(dtype, "name", dtype))


def class_type_name(cls: type) -> str:
    """The ``Layer.type`` of instances of ``cls``: the class name for Keras'
    own classes, ``module.Class`` for classes defined elsewhere."""
    module = cls.__module__ or ""
    if module.split(".")[0] in {"keras", "tf_keras", "tensorflow"}:
        return cls.__name__
    return f"{module}.{cls.__name__}"


def _type_name(obj: Any) -> str:
    return class_type_name(type(obj))


def _base_names(obj: Any) -> tuple[str, ...]:
    return tuple(class_type_name(cls) for cls in type(obj).__mro__[1:] if cls is not object)


def _children(layer: Any) -> list[Any]:
    """Direct sublayers of a layer (not of a model: use ``model.layers``)."""
    flatten = getattr(layer, "_flatten_layers", None)
    if flatten is None:
        return list(getattr(layer, "_layers", []) or [])
    return list(flatten(include_self=False, recursive=False))


def _is_model(layer: Any) -> bool:
    from pytest_keras_arch.unwrap import model_flavour

    return model_flavour(layer) is not None


def _auto_aliases(obj: Any) -> dict[str, str]:
    """The auto-name bases Keras may have given ``obj``, mapped to the canonical one."""
    class_name = type(obj).__name__
    base = snake_case(class_name)
    if class_name == "InputLayer":
        # keras_tensor_<n>: the InputLayers keras.models.clone_model makes
        return {"input_layer": "input_layer", "input": "input_layer", "keras_tensor": "input_layer"}
    if class_name == "Functional":
        return {"functional": "functional", "model": "functional"}
    return {base: base}


# --------------------------------------------------------------------------
# the two Keras flavours: Keras 3 and Keras 2 (tf_keras) keep their graphs
# in different attributes; everything version-specific lives here


class _Keras3:
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


class _TfKeras(_Keras3):
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


def _internals_for(model: Any) -> _Keras3:
    from pytest_keras_arch.unwrap import model_flavour

    return _TfKeras() if model_flavour(model) == "tf_keras" else _Keras3()


# --------------------------------------------------------------------------
# call recording (subclassed models have no graph to read)


@dataclass
class _Call:
    outputs: Any
    inbound: list[int]


@dataclass
class _Recording:
    calls: dict[int, list[_Call]] = field(default_factory=dict)
    producers: dict[int, int] = field(default_factory=dict)
    keep_alive: list[Any] = field(default_factory=list)


@contextlib.contextmanager
def _recording_calls(kx: _Keras3) -> Iterator[_Recording]:
    """Record every layer call (outputs and feeding layers) while active."""
    KerasLayer = kx.base_layer  # noqa: N806
    recording = _Recording()
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
        recording.calls.setdefault(id(self), []).append(_Call(_output_of(flat), inbound))
        return outputs

    KerasLayer.__call__ = recorded_call  # type: ignore[method-assign]
    try:
        yield recording
    finally:
        KerasLayer.__call__ = original  # type: ignore[method-assign]


# --------------------------------------------------------------------------


@dataclass
class _Row:
    layer: Any
    owner: Any  # the model whose .layers lists it
    parent: int | None  # index of the nested model's row, None at the top
    depth: int


class _Describer:
    def __init__(self, model: keras.Model, input_shapes: list[Shape] | None, kx: _Keras3) -> None:
        self.model = model
        self.kx = kx
        self.input_shapes = input_shapes
        self.recording = _Recording()
        self.symbolic_inputs: list[Any] = []
        self.symbolic_outputs: Any = None

    # -- entry ---------------------------------------------------------------
    def run(self) -> Architecture:
        model = self.model
        self._check_or_build()
        rows = list(self._walk(model, None, 0))
        names = self._canonical_names(rows)
        paths = self._paths(rows, names)
        graph_calls = self._graph_calls(rows)
        trainable_ids = {id(v) for v in model.trainable_weights}
        owners: dict[int, str] = {}
        layers = []
        for index, row in enumerate(rows):
            calls = graph_calls.get(id(row.layer)) or self.recording.calls.get(id(row.layer), [])
            layers.append(
                self._layer(row, names[id(row.layer)], paths[index], calls, names, trainable_ids, owners)
            )
        total = int(model.count_params())
        trainable = sum(
            math.prod(_shape(v)) for v in _unique(model.trainable_weights)
        )
        return Architecture(
            model_type=_type_name(model),
            name=names[id(model)],
            inputs=self._inputs(names),
            outputs=self._outputs(names),
            layers=tuple(layers),
            total_params=total,
            trainable_params=int(trainable),
            non_trainable_params=total - int(trainable),
            compile=_compile_info(model),
        )

    # -- building ------------------------------------------------------------
    def _check_or_build(self) -> None:
        model = self.model
        graph = self.kx.graph_of(model)
        if graph is not None and model.built:
            if self.input_shapes is not None:
                built = [tuple(_shape(t)[1:]) for t in model.inputs]
                if not _shapes_match(built, self.input_shapes):
                    raise DescribeError(
                        f"input_shape={_show_shapes(self.input_shapes)} does not match the "
                        f"{type(model).__name__} model {model.name!r}, which is built for "
                        f"inputs of shape {_show_shapes(built)} (batch dimension left out). "
                        f"Drop input_shape= for a model that is already built, or pass "
                        f"its real input shape."
                    )
            return
        shapes = self.input_shapes or _build_shapes(model)
        if shapes is None:
            unbuilt = _first_unbuilt(model)
            where = (
                f"its layer {unbuilt.name!r} ({type(unbuilt).__name__}) is not built"
                if unbuilt is not None and unbuilt is not model
                else "it has never been called"
            )
            raise DescribeError(
                f"the {type(model).__name__} model {model.name!r} is not built: {where}, "
                f"so its shapes and parameter counts do not exist yet. Pass "
                f"input_shape= (one sample, without the batch dimension, e.g. "
                f"input_shape=(20, 1)) so it can be built on a symbolic input, or "
                f"start the model with keras.Input(shape=...)."
            )
        self._call_symbolically(shapes)

    def _call_symbolically(self, shapes: list[Shape]) -> None:
        model = self.model
        try:
            if not model.built:  # the first call builds; record the second
                _symbolic_call(self.kx, model, shapes, record=False)
            self.recording, self.symbolic_inputs, self.symbolic_outputs = _symbolic_call(
                self.kx, model, shapes, record=True
            )
        except Exception as exc:  # a Keras error while building: say what we did
            raise DescribeError(
                f"calling the {type(model).__name__} model {model.name!r} on a "
                f"symbolic input of shape {_show_shapes(shapes)} (batch dimension "
                f"left out) failed with {type(exc).__name__}: {_first_line(exc)}. "
                f"Check input_shape= against what the model's first layers expect."
            ) from exc
        if self.kx.graph_of(model) is not None:  # a Sequential now has its graph
            self.recording = _Recording()

    # -- structure -----------------------------------------------------------
    def _walk(self, model: Any, parent: int | None, depth: int) -> Iterator[_Row]:
        counter = [0]

        def walk(owner: Any, parent_index: int | None, level: int) -> Iterator[_Row]:
            for layer in owner.layers:
                index = counter[0]
                counter[0] += 1
                yield _Row(layer, owner, parent_index, level)
                if _is_model(layer):
                    yield from walk(layer, index, level + 1)

        yield from walk(model, parent, depth)

    def _canonical_names(self, rows: list[_Row]) -> dict[int, str]:
        objects = [self.model]
        for row in rows:
            objects.append(row.layer)
            hidden_input = _hidden_input_layer(self.kx, row.layer)
            if hidden_input is not None:
                objects.append(hidden_input)
        hidden_top = _hidden_input_layer(self.kx, self.model)
        if hidden_top is not None:
            objects.insert(1, hidden_top)
        entries = [NameEntry(obj.name, _auto_aliases(obj)) for obj in objects]
        return {id(obj): name for obj, name in zip(objects, canonical_names(entries))}

    @staticmethod
    def _paths(rows: list[_Row], names: dict[int, str]) -> list[str]:
        paths: list[str] = []
        for row in rows:
            name = names[id(row.layer)]
            paths.append(name if row.parent is None else f"{paths[row.parent]}/{name}")
        return paths

    def _graph_calls(self, rows: list[_Row]) -> dict[int, list[_Call]]:
        """Per-layer calls read from each graph model's own nodes."""
        result: dict[int, list[_Call]] = {}
        owners = [self.model] + [row.layer for row in rows if _is_model(row.layer)]
        for owner in owners:
            graph = self.kx.graph_of(owner)
            if graph is None:
                if owner is not self.model:
                    self._record_nested(owner, rows)
                continue
            kx = self.kx
            node_keys = kx.node_keys(graph)
            for layer in kx.graph_layers(graph):
                calls = []
                for index, node in enumerate(layer._inbound_nodes):
                    if kx.node_key(layer, index) not in node_keys:
                        continue
                    inbound = []
                    for tensor in kx.node_inputs(node):
                        producer = kx.producer(tensor)
                        if producer is not None and id(producer) not in inbound:
                            inbound.append(id(producer))
                    calls.append(_Call(_output_of(kx.node_outputs(node)), inbound))
                if calls:
                    result[id(layer)] = calls
        return result

    def _record_nested(self, nested: Any, rows: list[_Row]) -> None:
        """A subclassed model inside a graph: call it once on its own inputs."""
        shapes = None
        for node in nested._inbound_nodes:
            tensors = self.kx.node_inputs(node)
            if tensors:
                shapes = [_shape(t)[1:] for t in tensors]
                break
        shapes = shapes or _build_shapes(nested)
        if shapes is None:
            return
        recording, _, _ = _symbolic_call(self.kx, nested, shapes, record=True)
        recording.calls.pop(id(nested), None)
        for key, calls in recording.calls.items():
            self.recording.calls.setdefault(key, calls)
        self.recording.keep_alive.extend(recording.keep_alive)

    # -- one row -------------------------------------------------------------
    def _layer(
        self,
        row: _Row,
        name: str,
        path: str,
        calls: list[_Call],
        names: dict[int, str],
        trainable_ids: set[int],
        owners: dict[int, str],
    ) -> Layer:
        layer = row.layer
        nested = _is_model(layer)
        variables = _own_variables(layer) if nested else _unique(layer.weights)
        weight_names = _weight_names(layer, variables)
        weights = []
        params = trainable_params = 0
        for variable, weight_name in zip(variables, weight_names):
            shape = _shape(variable)
            is_trainable = id(variable) in trainable_ids
            borrowed = owners.get(id(variable))
            weights.append(
                Weight(weight_name, shape, _dtype_name(variable.dtype), is_trainable, borrowed)
            )
            if borrowed is None:
                owners[id(variable)] = name
                size = math.prod(shape)
                params += size
                trainable_params += size if is_trainable else 0
        if not calls:
            output_shape: Any = None
        elif len(calls) == 1:
            output_shape = calls[0].outputs
        else:
            output_shape = tuple(call.outputs for call in calls)
        inbound: list[str] = []
        for call in calls:
            for producer in call.inbound:
                producer_name = names.get(producer)
                if producer_name is not None and producer_name not in inbound:
                    inbound.append(producer_name)
        return Layer(
            name=name,
            path=path,
            type=_type_name(layer),
            output_shape=output_shape,
            weights=tuple(weights),
            params=params,
            trainable_params=trainable_params,
            trainable=bool(layer.trainable),
            dtype_policy=_policy_name(layer),
            config=_with_positive_axis(_config_of(layer), calls),
            inbound=tuple(inbound),
            calls=len(calls),
            depth=row.depth,
            built=bool(getattr(layer, "built", True)),
            is_model=nested,
            bases=_base_names(layer),
        )

    # -- ports ---------------------------------------------------------------
    def _inputs(self, names: dict[int, str]) -> tuple[Port, ...]:
        model = self.model
        tensors = list(self.symbolic_inputs) if self.kx.graph_of(model) is None else list(model.inputs)
        ports = []
        for index, tensor in enumerate(tensors):
            producer = self.kx.producer(tensor)
            name = names.get(id(producer)) if producer is not None else None
            if name is None:
                name = "input_layer" if index == 0 else f"input_layer_{index}"
            ports.append(Port(name, _shape(tensor), _dtype_name(tensor.dtype)))
        return tuple(ports)

    def _outputs(self, names: dict[int, str]) -> tuple[Port, ...]:
        model, kx = self.model, self.kx
        graph = kx.graph_of(model)
        if graph is not None:
            tensors = list(model.outputs)
            structure = kx.outputs_structure(graph)
        else:
            structure = self.symbolic_outputs
            tensors = [t for t in kx.flatten(structure) if hasattr(t, "shape")]
        keys: list[str] | None = None
        if isinstance(structure, Mapping):  # flattened in the library's tree order
            keys = [str(key) for key in kx.flatten({k: k for k in structure})]
        ports = []
        for index, tensor in enumerate(tensors):
            if keys is not None and len(keys) == len(tensors):
                name = keys[index]
            else:
                producer = kx.producer(tensor)
                name = names.get(id(producer)) if producer is not None else None
                name = name or f"output_{index}"
            ports.append(Port(name, _shape(tensor), _dtype_name(tensor.dtype)))
        return tuple(ports)


def _symbolic_call(
    kx: _Keras3, model: Any, shapes: list[Shape], *, record: bool
) -> tuple[_Recording, list[Any], Any]:
    """Call ``model`` once on fresh ``keras.Input``s, then drop the graph nodes
    that call added to the model's layers (nodes of a graph the call built,
    such as a Sequential's, are kept)."""
    tracked = list(_all_layers(model))
    lengths = [(layer, len(layer._inbound_nodes), len(layer._outbound_nodes)) for layer in tracked]
    inputs = [kx.api.Input(shape=shape) for shape in shapes]
    recorder = _recording_calls(kx) if record else contextlib.nullcontext(_Recording())
    try:
        with recorder as recording, _valid_root_scope(kx):
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


# --------------------------------------------------------------------------
# Keras facts


def _hidden_input_layer(kx: _Keras3, model: Any) -> Any:
    """A Sequential's InputLayer, which ``model.layers`` leaves out."""
    if type(model).__name__ != "Sequential":
        return None
    for layer in getattr(model, "_layers", []) or []:
        if type(layer).__name__ == "InputLayer":
            return layer
    graph = kx.graph_of(model)
    if graph is not None:
        for layer in kx.graph_layers(graph):
            if type(layer).__name__ == "InputLayer":
                return layer
    return None


def _all_layers(model: Any) -> Iterator[Any]:
    yield model
    flatten = getattr(model, "_flatten_layers", None)
    if flatten is not None:
        yield from flatten(include_self=False, recursive=True)


def _first_unbuilt(model: Any) -> Any:
    for layer in _all_layers(model):
        if not getattr(layer, "built", True) and not _is_model(layer):
            return layer
    return None if model.built else model


def _build_shapes(model: Any) -> list[Shape] | None:
    """The input shapes a built subclassed model was built with (no batch)."""
    if not getattr(model, "built", False):
        return None
    config = None
    with contextlib.suppress(Exception):
        config = model.get_build_config()
    shape = (config or {}).get("input_shape")
    if shape is None:
        return None
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(_dim(d) for d in item)[1:] for item in shape]
    return [tuple(_dim(d) for d in shape)[1:]]


def _shapes_match(built: list[Shape], given: list[Shape]) -> bool:
    if len(built) != len(given):
        return False
    for a, b in zip(built, given):
        if len(a) != len(b):
            return False
        if any(x is not None and y is not None and x != y for x, y in zip(a, b)):
            return False
    return True


def _show_shapes(shapes: list[Shape]) -> str:
    return repr(shapes[0]) if len(shapes) == 1 else repr(list(shapes))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextlib.contextmanager
def _valid_root_scope(kx: _Keras3) -> Iterator[None]:
    """TensorFlow rejects root name scopes such as ``__encoder``; nest them."""
    if not kx.uses_tensorflow():
        yield
        return
    import tensorflow as tf

    with tf.name_scope("keras_arch"):
        yield


def _unique(variables: Sequence[Any]) -> list[Any]:
    """Variables once each, in order; entries that are not variables (tf_keras
    lookup layers list a vocabulary handler in ``weights``) are left out."""
    seen: set[int] = set()
    result = []
    for variable in variables:
        if not (hasattr(variable, "shape") and hasattr(variable, "dtype")):
            continue
        if id(variable) not in seen:
            seen.add(id(variable))
            result.append(variable)
    return result


def _own_variables(model: Any) -> list[Any]:
    """Variables a nested model holds itself, not through its layers."""
    inner: set[int] = set()
    for layer in model.layers:
        inner.update(id(v) for v in layer.weights)
    return [v for v in _unique(model.weights) if id(v) not in inner]


def _short_name(variable: Any) -> str:
    name = str(getattr(variable, "name", "") or "variable")
    name = name.split("/")[-1]
    return name.split(":")[0]


def _variable_owners(layer: Any, prefix: tuple[Any, ...] = ()) -> dict[int, tuple[Any, ...]]:
    """id(variable) -> chain of sublayers (deepest owner last) within ``layer``."""
    owners: dict[int, tuple[Any, ...]] = {}
    for child in _children(layer):
        chain = prefix + (child,)
        for key, value in _variable_owners(child, chain).items():
            owners.setdefault(key, value)
        for variable in child.weights:
            owners.setdefault(id(variable), chain)
    return owners


def _sublayer_names(layer: Any) -> dict[int, str]:
    """Canonical names of all sublayers of ``layer``, numbered per parent."""
    names: dict[int, str] = {}
    children = _children(layer)
    entries = []
    for child in children:
        aliases = _auto_aliases(child)
        for direction in _WRAPPER_DIRECTIONS:
            for alias, base in list(aliases.items()):
                aliases[direction + alias] = direction + base
        entries.append(NameEntry(child.name, aliases))
    for child, name in zip(children, canonical_names(entries)):
        names[id(child)] = name
        names.update(_sublayer_names(child))
    return names


def _weight_names(layer: Any, variables: list[Any]) -> list[str]:
    """Short weight names, qualified where they would repeat within the layer."""
    raw = [_short_name(v) for v in variables]
    canonical = canonical_names([NameEntry(name, {"variable": "variable"}) for name in raw])
    if len(set(canonical)) == len(canonical):
        return canonical
    owners = _variable_owners(layer)
    sub_names = _sublayer_names(layer)
    counts = {name: canonical.count(name) for name in canonical}
    qualified = []
    for variable, name in zip(variables, canonical):
        chain = owners.get(id(variable), ())
        if counts[name] > 1 and chain:
            name = "/".join(sub_names[id(sub)] for sub in chain) + "/" + name
        qualified.append(name)
    result = []
    for index, name in enumerate(qualified):
        if qualified.count(name) > 1:
            name = f"{name}[{qualified[:index].count(name)}]"
        result.append(name)
    return result


def _policy_name(layer: Any) -> str:
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


def _config_of(layer: Any) -> ConfigMap:
    """The curated, version-neutral architecture settings of a layer."""
    try:
        raw = layer.get_config()
    except Exception:  # a custom layer without get_config: no settings to show
        raw = {}
    config: dict[str, Any] = {
        key: _config_value(value) for key, value in raw.items() if key in CONFIG_KEYS
    }
    wrapped = getattr(layer, "layer", None) or getattr(layer, "forward_layer", None)
    if wrapped is not None and hasattr(wrapped, "get_config") and not _is_model(layer):
        config["layer"] = ConfigMap({"type": _type_name(wrapped), **_config_of(wrapped)})
    if type(layer).__name__ == "RNN":
        cell = getattr(layer, "cell", None)
        cells = getattr(cell, "cells", None)
        if cells is not None:
            config["cells"] = tuple(
                ConfigMap({"type": _type_name(c), **_config_of(c)}) for c in cells
            )
        elif cell is not None:
            config["cell"] = ConfigMap({"type": _type_name(cell), **_config_of(cell)})
    return ConfigMap(config)


def _with_positive_axis(config: ConfigMap, calls: list[_Call]) -> ConfigMap:
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


def _compile_info(model: Any) -> CompileInfo | None:
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
