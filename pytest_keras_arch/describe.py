"""keras.Model -> Architecture: layers, shapes, weights, counts and canonical names.

Shapes come from the model's own graph (functional and sequential models) or
are recorded while the model is called once on symbolic ``keras.Input``s
(subclassed models); both through :mod:`pytest_keras_arch.keras_internals`,
the only module that reads Keras' graph internals. Weight shapes come from the variables, never from
``get_weights()``; nothing here copies a weight value.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_keras_arch.architecture import Architecture, Layer, Port, Shape, Weight, shape_size
from pytest_keras_arch.errors import DescribeError, user_facing
from pytest_keras_arch.keras_internals import (
    Call,
    Keras3Internals,
    Recording,
    all_layers,
    class_type_name,
    internals_for,
    is_model,
    output_of,
    static_dim,
    static_shape,
    symbolic_call,
    type_name,
)
from pytest_keras_arch.layer_config import (
    compile_info,
    config_of,
    policy_name,
    with_positive_axis,
)
from pytest_keras_arch.naming import NameEntry, canonical_names, snake_case

if TYPE_CHECKING:
    import keras

__all__ = ["class_type_name", "describe"]

InputShape = Sequence[Any]

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
    internals = internals_for(model)
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


def _dtype_name(dtype: Any) -> str:
    return str(getattr(dtype, "name", dtype))


def _base_names(obj: Any) -> tuple[str, ...]:
    return tuple(class_type_name(cls) for cls in type(obj).__mro__[1:] if cls is not object)


def _children(layer: Any) -> list[Any]:
    """Direct sublayers of a layer (not of a model: use ``model.layers``)."""
    flatten = getattr(layer, "_flatten_layers", None)
    if flatten is None:
        return list(getattr(layer, "_layers", []) or [])
    return list(flatten(include_self=False, recursive=False))


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


# --------------------------------------------------------------------------
# call recording (subclassed models have no graph to read)


# --------------------------------------------------------------------------


@dataclass
class _Row:
    layer: Any
    owner: Any  # the model whose .layers lists it
    parent: int | None  # index of the nested model's row, None at the top
    depth: int


class _Describer:
    def __init__(self, model: keras.Model, input_shapes: list[Shape] | None, kx: Keras3Internals) -> None:
        self.model = model
        self.kx = kx
        self.input_shapes = input_shapes
        self.recording = Recording()
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
        trainable = sum(shape_size(static_shape(v)) for v in _unique(model.trainable_weights))
        return Architecture(
            model_type=type_name(model),
            name=names[id(model)],
            inputs=self._inputs(names),
            outputs=self._outputs(names),
            layers=tuple(layers),
            total_params=total,
            trainable_params=int(trainable),
            non_trainable_params=total - int(trainable),
            compile=compile_info(model),
        )

    # -- building ------------------------------------------------------------
    def _check_or_build(self) -> None:
        model = self.model
        graph = self.kx.graph_of(model)
        if graph is not None and model.built:
            if self.input_shapes is not None:
                built = [tuple(static_shape(t)[1:]) for t in model.inputs]
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
                f"input_shape=(20, 1)) to describe() or an assert_* helper so it can "
                f"be built on a symbolic input (for a snapshot, compare "
                f"arch_snapshot == describe(model, input_shape=...)), or start the "
                f"model with keras.Input(shape=...)."
            )
        self._call_symbolically(shapes)

    def _call_symbolically(self, shapes: list[Shape]) -> None:
        model = self.model
        try:
            if not model.built:  # the first call builds; record the second
                symbolic_call(self.kx, model, shapes, record=False)
            self.recording, self.symbolic_inputs, self.symbolic_outputs = symbolic_call(
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
            self.recording = Recording()

    # -- structure -----------------------------------------------------------
    def _walk(self, model: Any, parent: int | None, depth: int) -> Iterator[_Row]:
        counter = [0]

        def walk(owner: Any, parent_index: int | None, level: int) -> Iterator[_Row]:
            for layer in owner.layers:
                index = counter[0]
                counter[0] += 1
                yield _Row(layer, owner, parent_index, level)
                if is_model(layer):
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

    def _graph_calls(self, rows: list[_Row]) -> dict[int, list[Call]]:
        """Per-layer calls read from each graph model's own nodes."""
        result: dict[int, list[Call]] = {}
        owners = [self.model] + [row.layer for row in rows if is_model(row.layer)]
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
                    calls.append(Call(output_of(kx.node_outputs(node)), inbound))
                if calls:
                    result[id(layer)] = calls
        return result

    def _record_nested(self, nested: Any, rows: list[_Row]) -> None:
        """A subclassed model inside a graph: call it once on its own inputs."""
        shapes = None
        for node in nested._inbound_nodes:
            tensors = self.kx.node_inputs(node)
            if tensors:
                shapes = [static_shape(t)[1:] for t in tensors]
                break
        shapes = shapes or _build_shapes(nested)
        if shapes is None:
            return
        recording, _, _ = symbolic_call(self.kx, nested, shapes, record=True)
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
        calls: list[Call],
        names: dict[int, str],
        trainable_ids: set[int],
        owners: dict[int, str],
    ) -> Layer:
        layer = row.layer
        nested = is_model(layer)
        variables = _own_variables(layer) if nested else _unique(layer.weights)
        weight_names = _weight_names(layer, variables)
        weights = []
        params = trainable_params = 0
        for variable, weight_name in zip(variables, weight_names):
            shape = static_shape(variable)
            is_trainable = id(variable) in trainable_ids
            borrowed = owners.get(id(variable))
            weights.append(
                Weight(weight_name, shape, _dtype_name(variable.dtype), is_trainable, borrowed)
            )
            if borrowed is None:
                owners[id(variable)] = name
                size = shape_size(shape)
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
            type=type_name(layer),
            output_shape=output_shape,
            weights=tuple(weights),
            params=params,
            trainable_params=trainable_params,
            trainable=bool(layer.trainable),
            dtype_policy=policy_name(layer),
            config=with_positive_axis(config_of(layer), calls),
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
            ports.append(Port(name, static_shape(tensor), _dtype_name(tensor.dtype)))
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
                name = (names.get(id(producer)) if producer is not None else None) or f"output_{index}"
            ports.append(Port(name, static_shape(tensor), _dtype_name(tensor.dtype)))
        return tuple(ports)


# --------------------------------------------------------------------------
# Keras facts


def _hidden_input_layer(kx: Keras3Internals, model: Any) -> Any:
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


def _first_unbuilt(model: Any) -> Any:
    for layer in all_layers(model):
        if not getattr(layer, "built", True) and not is_model(layer):
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
        return [tuple(static_dim(d) for d in item)[1:] for item in shape]
    return [tuple(static_dim(d) for d in shape)[1:]]


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


