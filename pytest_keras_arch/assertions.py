"""Assertion helpers: check a model's architecture, fail with a layer-by-layer table.

Every helper takes, first, anything :func:`pytest_keras_arch.describe` accepts
(a model, an estimator, a path, an :class:`Architecture`), plus ``X=``/``y=``
and ``input_shape=``, which are passed on to ``describe``. The helpers read the
:class:`Architecture` only.

Two kinds of failure:

* the model differs from ``expected``: :class:`AssertionError`, whose first
  line says what differs in one sentence, followed by a table (see
  :mod:`pytest_keras_arch.table`) and hints for classic mistakes;
* ``expected`` itself is malformed or names a layer or weight the model does
  not have: a usage error, as in Keras and pytest-mock: :class:`TypeError`
  (wrong type), :class:`ValueError` (wrong value, e.g. a negative dimension),
  :class:`KeyError` / :class:`IndexError` (unknown layer name or index,
  unknown weight name). The message says what was given and how to fix it.

Layers are given by canonical name, path (``"encoder/dense"``) or 0-based
index into ``describe(obj).layers`` (negative indices count from the end), as
with ``arch[key]``. Shapes are tuples that include the batch dimension;
``None`` is the batch (or any unknown) dimension and ``...`` accepts any value
in one dimension.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from itertools import zip_longest
from types import EllipsisType
from typing import Any, Union

from pytest_keras_arch.architecture import Architecture, Layer, Weight
from pytest_keras_arch.describe import class_type_name, describe
from pytest_keras_arch.render import format_output
from pytest_keras_arch.table import MISSING, Row, format_table

__all__ = [
    "assert_layer_types",
    "assert_output_shapes",
    "assert_param_count",
    "assert_trainable",
    "assert_weight_shapes",
]

LayerKey = Union[int, str]
TypeSpec = Union[type, str]
#: A shape as given in ``expected``: ints, None (batch or unknown) and ``...`` (any).
_ExpectedShape = tuple[Union[int, EllipsisType, None], ...]
_ANY = Ellipsis
_MAX_NAMES = 20


# --------------------------------------------------------------------------
# the public helpers


def assert_layer_types(
    obj: Any,
    expected: Sequence[TypeSpec],
    *,
    ignore: TypeSpec | Sequence[TypeSpec] = (),
    exact: bool = True,
    X: Any = None,  # noqa: N803
    y: Any = None,
    input_shape: Any = None,
) -> None:
    """Assert the model's layer types, in model order (nested models expanded).

    ``expected`` holds layer classes (``keras.layers.LSTM``) or class names
    (``"LSTM"``; a name without a dot matches the class name in any module).
    ``ignore`` skips those types on both sides (``ignore=("InputLayer",
    "Dropout")``). With ``exact=False`` an expected class also matches its
    subclasses (``keras.layers.RNN`` matches ``LSTM``).
    """
    __tracebackhide__ = True
    helper = "assert_layer_types"
    specs = _type_specs(expected, helper, "expected")
    ignored = [name for name, _ in _type_specs(_as_sequence(ignore), helper, "ignore")]
    if not isinstance(exact, bool):
        raise TypeError(f"{helper}: exact must be True or False, got {exact!r}")
    arch = describe(obj, X, y, input_shape=input_shape)
    message = _layer_types_failure(arch, specs, ignored, exact, helper)
    if message is not None:
        raise AssertionError(message)


def assert_output_shapes(
    obj: Any,
    expected: Sequence[Any] | Mapping[LayerKey, Any],
    *,
    X: Any = None,  # noqa: N803
    y: Any = None,
    input_shape: Any = None,
) -> None:
    """Assert each layer's output shape, batch dimension included.

    ``expected`` is a sequence with one shape per layer, or a mapping from layer
    name/index (or model output name) to shape. A layer with several outputs
    takes a tuple of shapes; a shared layer a tuple with one entry per call.
    ``None`` is the batch (or an unknown) dimension; ``...`` accepts any value
    in one dimension, or any output as a whole entry.
    """
    __tracebackhide__ = True
    helper = "assert_output_shapes"
    arch = describe(obj, X, y, input_shape=input_shape)
    message = _output_shapes_failure(arch, expected, helper)
    if message is not None:
        raise AssertionError(message)


def assert_weight_shapes(
    obj: Any,
    expected: Mapping[LayerKey, Any] | Sequence[Any],
    *,
    X: Any = None,  # noqa: N803
    y: Any = None,
    input_shape: Any = None,
) -> None:
    """Assert the shapes of layers' weights.

    ``expected`` maps a layer name/index to either a list of shapes in Keras'
    order (``[(1, 200), (50, 200), (200,)]``) or a mapping from weight name
    (``"kernel"``, ``"recurrent_kernel"``, ``"bias"``) to shape; a sequence
    with one such entry per layer checks every layer.
    """
    __tracebackhide__ = True
    helper = "assert_weight_shapes"
    arch = describe(obj, X, y, input_shape=input_shape)
    message = _weight_shapes_failure(arch, expected, helper)
    if message is not None:
        raise AssertionError(message)


def assert_param_count(
    obj: Any,
    *,
    total: int | None = None,
    trainable: int | None = None,
    non_trainable: int | None = None,
    at_most: int | None = None,
    X: Any = None,  # noqa: N803
    y: Any = None,
    input_shape: Any = None,
) -> None:
    """Assert the model's parameter counts; ``at_most`` is a budget for the total."""
    __tracebackhide__ = True
    helper = "assert_param_count"
    checks = {
        "total": total,
        "trainable": trainable,
        "non_trainable": non_trainable,
        "at_most": at_most,
    }
    for keyword, value in checks.items():
        if value is not None:
            _check_count(value, f"{helper}: {keyword}=")
    if all(value is None for value in checks.values()):
        raise TypeError(
            f"{helper}: nothing to check; pass at least one of total=, "
            f"trainable=, non_trainable= or at_most= (e.g. total=10451)"
        )
    arch = describe(obj, X, y, input_shape=input_shape)
    message = _param_count_failure(arch, checks)
    if message is not None:
        raise AssertionError(message)


def assert_trainable(
    obj: Any,
    expected: Mapping[LayerKey, bool] | Sequence[bool],
    *,
    X: Any = None,  # noqa: N803
    y: Any = None,
    input_shape: Any = None,
) -> None:
    """Assert which layers are trainable (True) and which are frozen (False).

    ``expected`` maps layer name/index to a bool, or is a sequence with one
    bool per layer.
    """
    __tracebackhide__ = True
    helper = "assert_trainable"
    arch = describe(obj, X, y, input_shape=input_shape)
    message = _trainable_failure(arch, expected, helper)
    if message is not None:
        raise AssertionError(message)


# --------------------------------------------------------------------------
# validation of ``expected`` (usage errors)


def _given(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _as_sequence(value: Any) -> Sequence[Any]:
    return (value,) if isinstance(value, (str, type)) else value


def _type_specs(value: Any, helper: str, what: str) -> list[tuple[str, type | None]]:
    __tracebackhide__ = True
    if isinstance(value, str) or not isinstance(value, Sequence):
        fix = (
            f"wrap it in a list: [{value!r}]"
            if isinstance(value, (str, type))
            else "e.g. [keras.layers.LSTM, 'Dense']"
        )
        raise TypeError(
            f"{helper}: {what} must be a sequence of layer classes or class "
            f"names, got {_given(value)}; {fix}"
        )
    specs: list[tuple[str, type | None]] = []
    for position, spec in enumerate(value):
        if isinstance(spec, str) and spec:
            specs.append((spec, None))
        elif isinstance(spec, type):
            specs.append((class_type_name(spec), spec))
        else:
            fix = (
                "; pass the class (keras.layers.Dense), not a layer instance"
                if hasattr(spec, "get_config")
                else ""
            )
            raise TypeError(
                f"{helper}: {what}[{position}] must be a layer class such as "
                f"keras.layers.LSTM or a class name such as 'LSTM', got "
                f"{_given(spec)}{fix}"
            )
    return specs


def _check_count(value: Any, where: str) -> None:
    __tracebackhide__ = True
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where} must be an int, got {_given(value)}")
    if value < 0:
        raise ValueError(f"{where} must be a non-negative number of parameters, got {value}")


def _expected_output(value: Any, where: str) -> Any:
    """``expected`` output: ``...``, None, a shape (tuple), or several (list)."""
    __tracebackhide__ = True
    if value is _ANY or value is None:
        return value
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(item, (tuple, list)) or item is _ANY for item in value) and any(
            isinstance(item, (tuple, list)) for item in value
        ):
            return [_expected_output(item, where) for item in value]
        return _expected_shape(value, where)
    raise TypeError(
        f"{where}: a shape must be a tuple such as (None, 50) (a tuple of shapes "
        f"for several outputs), got {_given(value)}"
    )


def _expected_shape(value: Any, where: str) -> _ExpectedShape:
    __tracebackhide__ = True
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{where}: a shape must be a tuple such as (None, 50), got {_given(value)}")
    dims: list[int | EllipsisType | None] = []
    for dim in value:
        if dim is None or dim is _ANY:
            dims.append(dim)
        elif isinstance(dim, numbers.Integral) and not isinstance(dim, bool):
            if dim < 0:
                raise ValueError(
                    f"{where}: the shape {tuple(value)!r} has the negative dimension "
                    f"{dim}; use None for the batch or an unknown dimension, ... for any"
                )
            dims.append(int(dim))
        else:
            raise TypeError(
                f"{where}: the shape {tuple(value)!r} has the dimension {_given(dim)}; "
                f"a dimension is a non-negative int, None (batch or unknown) or ... (any)"
            )
    return tuple(dims)


def _names_list(arch: Architecture) -> str:
    paths = [layer.path for layer in arch.layers]
    shown = ", ".join(paths[:_MAX_NAMES])
    if len(paths) > _MAX_NAMES:
        shown += f", ... ({len(paths) - _MAX_NAMES} more)"
    return shown or "none"


def _layer_index(arch: Architecture, key: Any, where: str) -> int:
    """The position in ``arch.layers`` of the layer given by index, path or name."""
    __tracebackhide__ = True
    count = len(arch.layers)
    if isinstance(key, bool) or not isinstance(key, (numbers.Integral, str)):
        raise TypeError(
            f"{where}: a layer is given by its name (str) or its 0-based index "
            f"in describe(model).layers (int), got {_given(key)}"
        )
    if isinstance(key, numbers.Integral):
        position = int(key)
        if -count <= position < count:
            return position % count
        raise IndexError(
            f"{where}: layer index {key} is out of range: the model has {count} "
            f"layers, indices 0 to {count - 1} (0-based, as in describe(model).layers)"
        )
    for index, layer in enumerate(arch.layers):
        if layer.path == key:
            return index
    matches = [index for index, layer in enumerate(arch.layers) if layer.name == key]
    if len(matches) == 1:
        return matches[0]
    if matches:
        paths = ", ".join(repr(arch.layers[index].path) for index in matches)
        raise KeyError(f"{where}: the layer name {key!r} is ambiguous ({paths}); give its path")
    raise KeyError(
        f"{where}: the model has no layer named {key!r}; its layers: "
        f"{_names_list(arch)}. Use a canonical name (describe(model).layer_names), "
        f"a path such as 'encoder/dense', or a 0-based index"
    )


def _keyed(arch: Architecture, expected: Mapping[Any, Any], where: str) -> dict[int, Any]:
    """Mapping keys resolved to layer positions; the same layer twice is an error."""
    __tracebackhide__ = True
    resolved: dict[int, tuple[Any, Any]] = {}
    for key, value in expected.items():
        index = _layer_index(arch, key, where)
        if index in resolved:
            raise ValueError(
                f"{where}: the layer {arch.layers[index].path!r} (index {index}) is "
                f"given twice, as {resolved[index][0]!r} and as {key!r}; keep one"
            )
        resolved[index] = (key, value)
    return {index: value for index, (_, value) in sorted(resolved.items())}


def _sequence_or_mapping(expected: Any, where: str, example: str) -> None:
    __tracebackhide__ = True
    if isinstance(expected, Mapping):
        return
    if isinstance(expected, (str, bytes)) or not isinstance(expected, Sequence):
        raise TypeError(
            f"{where}: expected must be a sequence with one entry per layer or a "
            f"mapping from layer name/index to entry (e.g. {example}), got {_given(expected)}"
        )


# --------------------------------------------------------------------------
# matching and showing shapes


def _is_nested(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(isinstance(item, tuple) for item in value)


def _matches(expected: Any, actual: Any) -> bool:
    if expected is _ANY:
        return True
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, list):
        return (
            _is_nested(actual)
            and len(actual) == len(expected)
            and all(_matches(e, a) for e, a in zip(expected, actual))
        )
    if not isinstance(actual, tuple) or _is_nested(actual) or len(actual) != len(expected):
        return False
    return all(e is _ANY or e == a for e, a in zip(expected, actual))


def _show(value: Any) -> str:
    """A shape as ``(None, 50)``; ``...`` as ``...``; several as ``[(..), (..)]``."""
    if value is _ANY:
        return "..."
    if value is None:
        return "None"
    if isinstance(value, list) or _is_nested(value):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    dims = ", ".join(_show(dim) if dim is _ANY or dim is None else str(dim) for dim in value)
    return f"({dims},)" if len(value) == 1 else f"({dims})"


def _show_output(layer: Layer) -> str:
    if layer.calls > 1 and layer.output_shape is not None:
        return _show(layer.output_shape)
    return format_output(layer)


def _failure(first: str, header: Sequence[str], rows: list[Row], hints: Sequence[str] = (), right: Sequence[int] = (0,)) -> str:
    lines = [first, *format_table(header, rows, right=right)]
    lines += [f"hint: {hint}" for hint in dict.fromkeys(hints)]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# layer types


def _type_matches(expected: str, actual: str) -> bool:
    return expected == actual or ("." not in expected and actual.rsplit(".", 1)[-1] == expected)


def _align(expected: list[Any], actual: list[Any], same: Any) -> list[tuple[int | None, int | None]]:
    """Pairs of positions: positional for equal lengths, else a longest common subsequence."""
    if len(expected) == len(actual):
        return [(i, i) for i in range(len(expected))]
    n, m = len(expected), len(actual)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if same(i, j)
                else max(table[i + 1][j], table[i][j + 1])
            )
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if same(i, j) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def _layer_types_failure(
    arch: Architecture,
    specs: list[tuple[str, type | None]],
    ignored: list[str],
    exact: bool,
    helper: str,
) -> str | None:
    __tracebackhide__ = True

    def is_ignored(type_name: str) -> bool:
        return any(_type_matches(name, type_name) or _type_matches(type_name, name) for name in ignored)

    kept = [(index, layer) for index, layer in enumerate(arch.layers) if not is_ignored(layer.type)]
    wanted = [spec for spec in specs if not is_ignored(spec[0])]

    def same(i: int, j: int) -> bool:
        name, layer = wanted[i][0], kept[j][1]
        if _type_matches(name, layer.type):
            return True
        return not exact and any(_type_matches(name, base) for base in layer.bases)

    rows = []
    differing = 0
    for i, j in _align(wanted, kept, same):
        differs = i is None or j is None or not same(i, j)
        differing += differs
        index, layer = kept[j] if j is not None else (None, None)
        rows.append(
            Row(
                (
                    MISSING if index is None else str(index),
                    MISSING if layer is None else layer.path,
                    MISSING if i is None else wanted[i][0],
                    MISSING if layer is None else layer.type,
                ),
                differs,
            )
        )
    if not differing:
        return None
    if len(wanted) == len(kept):
        first = f"layer types differ at {differing} of {len(kept)} positions"
    else:
        first = f"expected {len(wanted)} layers, model has {len(kept)}"
        if ignored:
            first += f" (ignoring {', '.join(ignored)})"
    hints = []
    wants_input = any(_type_matches(name, "InputLayer") for name, _ in wanted)
    inputs = [(index, layer) for index, layer in kept if layer.type == "InputLayer"]
    if wants_input and not inputs:
        hints.append(
            f"a {arch.model_type} model does not list its InputLayer among its layers "
            f"(keras.Input only sets the input shape); leave 'InputLayer' out of "
            f"expected, or pass ignore=(\"InputLayer\",) to skip it on both sides"
        )
    elif inputs and not wants_input:
        index, layer = inputs[0]
        hints.append(
            f"this {arch.model_type} model lists its InputLayer {layer.path!r} as "
            f"layer {index}; add 'InputLayer' to expected, or pass "
            f"ignore=(\"InputLayer\",) to skip it on both sides"
        )
    return _failure(first, ("index", "name", "expected", "actual"), rows, hints)


# --------------------------------------------------------------------------
# output shapes


def _shape_hints(expected: Any, actual: Any) -> list[str]:
    if not isinstance(expected, tuple) or not isinstance(actual, tuple) or _is_nested(actual):
        return []
    hints = []
    if (
        len(expected) == len(actual)
        and actual
        and actual[0] is None
        and isinstance(expected[0], int)
        and _matches((_ANY, *expected[1:]), actual)
    ):
        hints.append(
            f"Keras gives the batch dimension as None (any batch size fits): write "
            f"{_show(actual)}, not {_show(expected)}; use ... for a dimension whose "
            f"value does not matter"
        )
    if len(expected) + 1 == len(actual) and actual[0] is None and _matches(expected, actual[1:]):
        hints.append(
            f"output shapes start with the batch dimension: write {_show(actual)}, "
            f"not {_show(expected)}"
        )
    return hints


def _output_shapes_failure(arch: Architecture, expected: Any, helper: str) -> str | None:
    __tracebackhide__ = True
    _sequence_or_mapping(expected, helper, "{'dense': (None, 1)}")
    pairs: list[tuple[str, str, str, Any, Any, str]] = []  # index, name, type, expected, actual, shown
    if isinstance(expected, Mapping):
        ports = {port.name: port for port in arch.outputs}
        by_layer: dict[Any, Any] = {}
        port_rows = []
        for key, value in expected.items():
            where = f"{helper}: expected[{key!r}]"
            if isinstance(key, str) and key in ports and key not in arch.layer_names and not any(
                layer.path == key for layer in arch.layers
            ):
                port_rows.append((MISSING, key, "model output", _expected_output(value, where), ports[key].shape, _show(ports[key].shape)))
            else:
                by_layer[key] = _expected_output(value, where)
        for position, value in _keyed(arch, by_layer, helper).items():
            layer = arch.layers[position]
            pairs.append((str(position), layer.path, layer.type, value, layer.output_shape, _show_output(layer)))
        pairs += port_rows
    else:
        values = [_expected_output(value, f"{helper}: expected[{i}]") for i, value in enumerate(expected)]
        for position, (value, item) in enumerate(zip_longest(values, arch.layers, fillvalue=MISSING)):
            if not isinstance(item, Layer):  # MISSING: more expected shapes than layers
                pairs.append((MISSING, MISSING, MISSING, value, MISSING, MISSING))
            else:
                pairs.append((str(position), item.path, item.type, value, item.output_shape, _show_output(item)))
    rows = []
    hints: list[str] = []
    differing = 0
    for index, name, type_name, want, actual, shown in pairs:
        differs = want is MISSING or actual is MISSING or not _matches(want, actual)
        differing += differs
        if differs and want is not MISSING and actual is not MISSING:
            hints += _shape_hints(want, actual)
        rows.append(Row((index, name, type_name, MISSING if want is MISSING else _show(want), shown), differs))
    if not differing:
        return None
    if not isinstance(expected, Mapping) and len(expected) != len(arch.layers):
        first = f"expected {len(expected)} output shapes, model has {len(arch.layers)} layers"
        hints += _input_layer_count_hint(arch, len(expected))
    else:
        first = f"output shapes differ at {differing} of {len(rows)} layers"
    return _failure(first, ("index", "name", "type", "expected", "actual"), rows, hints)


def _input_layer_count_hint(arch: Architecture, given: int) -> list[str]:
    has_input = bool(arch.layers) and arch.layers[0].type == "InputLayer"
    if has_input and given == len(arch.layers) - 1:
        return [
            f"this {arch.model_type} model lists its InputLayer {arch.layers[0].path!r} "
            f"as layer 0; give its shape first, or pass a mapping {{name: shape}}"
        ]
    if not has_input and given == len(arch.layers) + 1 and arch.model_type == "Sequential":
        return [
            "a Sequential model does not list its InputLayer among its layers; "
            "leave the input's shape out of expected"
        ]
    return []


# --------------------------------------------------------------------------
# weight shapes


def _rnn_hint(layer: Layer, given: int) -> list[str]:
    kind = layer.type.rsplit(".", 1)[-1]
    if kind not in ("LSTM", "GRU") or len(layer.weights) != 3 or given != 2:
        return []
    kernel, recurrent, bias = layer.weights
    units = layer.config.get("units")
    arrays = (
        f"{kernel.name} {_show(kernel.shape)} for the inputs, {recurrent.name} "
        f"{_show(recurrent.shape)} for the previous state and {bias.name} {_show(bias.shape)}"
    )
    if kind == "LSTM":
        return [
            f"an LSTM layer has three weight arrays, not two: {arrays}; its four gates "
            f"(input, forget, cell, output) are packed along the last axis, "
            f"4 x {units} units = {4 * units if isinstance(units, int) else '4 x units'}"
        ]
    packed = f"3 x {units} units = {3 * units if isinstance(units, int) else '3 x units'}"
    if layer.config.get("reset_after", True):
        why = (
            f"the bias is {_show(bias.shape)} because reset_after=True (the default) keeps "
            f"separate input and recurrent biases"
        )
    else:
        why = "with reset_after=False there is a single bias"
    return [
        f"a GRU layer has three weight arrays, not two: {arrays}; its three gates "
        f"(update, reset, candidate) are packed along the last axis, {packed}; {why}"
    ]


def _weight_shapes_failure(arch: Architecture, expected: Any, helper: str) -> str | None:
    __tracebackhide__ = True
    _sequence_or_mapping(expected, helper, "{'lstm': [(1, 200), (50, 200), (200,)]}")
    if isinstance(expected, Mapping):
        entries: list[tuple[int | None, Any]] = list(_keyed(arch, expected, helper).items())
    else:
        entries = [
            (index if index < len(arch.layers) else None, value)
            for index, (_, value) in enumerate(zip_longest(arch.layers, expected, fillvalue=MISSING))
        ]
    rows: list[Row] = []
    hints: list[str] = []
    failing: list[tuple[Layer | None, int, int]] = []
    pairs: list[tuple[Weight | str, _ExpectedShape | str]]  # (weight, expected shape); MISSING on the shorter side
    for index, value in entries:
        layer = arch.layers[index] if index is not None else None
        where = f"{helper}: expected[{index if layer is None else repr(layer.path)}]"
        head = (MISSING, MISSING, MISSING) if layer is None else (str(index), layer.path, layer.type)
        weights = layer.weights if layer is not None else ()
        if isinstance(value, Mapping):
            pairs = []
            for name, shape in value.items():
                if not isinstance(name, str):
                    raise TypeError(f"{where}: weight names are str such as 'kernel', got {_given(name)}")
                assert layer is not None  # noqa: S101 - a Mapping value comes with a layer
                try:
                    found = layer.weight(name)
                except KeyError:
                    known = ", ".join(w.name for w in layer.weights) or "none"
                    raise KeyError(
                        f"{where}: layer {layer.path!r} ({layer.type}) has no weight "
                        f"{name!r}; its weights: {known}"
                    ) from None
                pairs.append((found, _expected_shape(shape, f"{where}[{name!r}]")))
            pairs.sort(key=lambda pair: weights.index(pair[0]))
            count_differs = False
        elif value is MISSING:
            pairs = [(weight, MISSING) for weight in weights]
            count_differs = True
        else:
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
                raise TypeError(
                    f"{where}: give a list of weight shapes in Keras' order or a "
                    f"mapping from weight name to shape, got {_given(value)}"
                )
            shapes = [_expected_shape(shape, f"{where}[{i}]") for i, shape in enumerate(value)]
            pairs = list(zip_longest(weights, shapes, fillvalue=MISSING))
            count_differs = len(shapes) != len(weights)
            if layer is not None:
                hints += _rnn_hint(layer, len(shapes))
        layer_differs = count_differs
        for weight, shape in pairs:
            differs = not isinstance(weight, Weight) or shape is MISSING or not _matches(shape, weight.shape)
            layer_differs |= differs
            rows.append(
                Row(
                    head
                    + (
                        weight.name if isinstance(weight, Weight) else MISSING,
                        MISSING if shape is MISSING else _show(shape),
                        _show(weight.shape) if isinstance(weight, Weight) else MISSING,
                    ),
                    differs,
                )
            )
        if layer_differs:
            given = len(value) if isinstance(value, Sequence) and value is not MISSING else len(weights)
            failing.append((layer, len(weights), given if value is not MISSING else 0))
    if not failing:
        return None
    if not isinstance(expected, Mapping) and len(expected) != len(arch.layers):
        first = f"expected weights for {len(expected)} layers, model has {len(arch.layers)}"
    elif len(failing) == 1 and (layer := failing[0][0]) is not None and failing[0][1] != failing[0][2]:
        _, has, given = failing[0]
        first = f"layer {layer.path!r} ({layer.type}) has {has} weight arrays, expected {given}"
    else:
        first = f"weight shapes differ in {len(failing)} of {len(entries)} layers"
    header = ("index", "name", "type", "weight", "expected", "actual")
    return _failure(first, header, rows, hints)


# --------------------------------------------------------------------------
# parameter counts


def _param_count_failure(arch: Architecture, checks: dict[str, int | None]) -> str | None:
    actual = {
        "total": arch.total_params,
        "trainable": arch.trainable_params,
        "non_trainable": arch.non_trainable_params,
    }
    failed = [key for key in ("total", "trainable", "non_trainable") if checks[key] is not None and checks[key] != actual[key]]
    over = checks["at_most"] is not None and arch.total_params > checks["at_most"]
    if not failed and not over:
        return None
    sentences = {
        "total": f"expected {checks['total'] or 0:,} parameters in total, model has {arch.total_params:,}",
        "trainable": f"expected {checks['trainable'] or 0:,} trainable parameters, model has {arch.trainable_params:,}",
        "non_trainable": f"expected {checks['non_trainable'] or 0:,} non-trainable parameters, model has {arch.non_trainable_params:,}",
    }
    if over:
        budget = checks["at_most"] or 0
        sentences["at_most"] = (
            f"model has {arch.total_params:,} parameters, {arch.total_params - budget:,} "
            f"over the budget of at most {budget:,}"
        )
        failed.append("at_most")
    labels = {"total": "total", "trainable": "trainable", "non_trainable": "non-trainable", "at_most": "at most"}
    first = sentences[failed[0]] if len(failed) == 1 else (
        f"parameter counts differ in {len(failed)} checks: {', '.join(labels[key] for key in failed)}"
    )
    rows = []
    for key in ("total", "trainable", "non_trainable"):
        want = checks[key]
        rows.append(Row((labels[key], MISSING if want is None else f"{want:,}", f"{actual[key]:,}"), key in failed))
    if checks["at_most"] is not None:
        rows.append(Row(("total, at most", f"{checks['at_most']:,}", f"{arch.total_params:,}"), over))
    lines = [first, *format_table(("count", "expected", "actual"), rows, verbose=True, right=(1, 2))]
    lines += _per_layer_params(arch)
    if "trainable" in failed and checks["trainable"] == arch.total_params and arch.non_trainable_params:
        lines.append(
            f"hint: {arch.non_trainable_params:,} of the model's parameters are not trainable "
            f"(e.g. BatchNormalization moving statistics, frozen layers); check "
            f"trainable= and non_trainable= separately, or total="
        )
    return "\n".join(lines)


def _per_layer_params(arch: Architecture) -> list[str]:
    from pytest_keras_arch.table import COMPACT_MAX_ROWS, verbosity

    with_params = [(index, layer) for index, layer in enumerate(arch.layers) if layer.params]
    if not with_params:
        return []
    shown = with_params
    note = []
    if verbosity() <= 0 and len(with_params) > COMPACT_MAX_ROWS:
        largest = sorted(with_params, key=lambda item: -item[1].params)[:5]
        shown = sorted(largest, key=lambda item: item[0])
        note = [
            f"({len(with_params) - len(shown)} more layers with parameters; "
            f"use -v for the full table)"
        ]
    title = "parameters per layer:" if shown is with_params else "layers with the most parameters:"
    rows = [
        Row((str(index), layer.path, layer.type, f"{layer.params:,}", f"{layer.trainable_params:,}"))
        for index, layer in shown
    ]
    header = ("index", "name", "type", "params", "trainable")
    return [title, *format_table(header, rows, verbose=True, right=(0, 3, 4)), *note]


# --------------------------------------------------------------------------
# trainable flags


def _flag(value: bool) -> str:
    return "trainable" if value else "frozen"


def _trainable_failure(arch: Architecture, expected: Any, helper: str) -> str | None:
    __tracebackhide__ = True
    _sequence_or_mapping(expected, helper, "{'base': False, 'dense': True}")
    if isinstance(expected, Mapping):
        entries: list[tuple[int | None, Any]] = list(_keyed(arch, expected, helper).items())
    else:
        entries = [
            (index if index < len(arch.layers) else None, value)
            for index, (_, value) in enumerate(zip_longest(arch.layers, expected, fillvalue=MISSING))
        ]
    for index, value in entries:
        if value is not MISSING and not isinstance(value, bool):
            where = arch.layers[index].path if index is not None else index
            raise TypeError(
                f"{helper}: expected[{where!r}] must be True (trainable) or False "
                f"(frozen), got {_given(value)}"
            )
    rows = []
    differing = 0
    for index, value in entries:
        layer = arch.layers[index] if index is not None else None
        differs = layer is None or value is MISSING or layer.trainable is not value
        differing += differs
        rows.append(
            Row(
                (
                    MISSING if layer is None else str(index),
                    MISSING if layer is None else layer.path,
                    MISSING if layer is None else layer.type,
                    MISSING if value is MISSING else _flag(value),
                    MISSING if layer is None else _flag(layer.trainable),
                ),
                differs,
            )
        )
    if not differing:
        return None
    if not isinstance(expected, Mapping) and len(expected) != len(arch.layers):
        first = f"expected {len(expected)} trainable flags, model has {len(arch.layers)} layers"
    else:
        first = f"trainable flags differ at {differing} of {len(rows)} layers"
    return _failure(first, ("index", "name", "type", "expected", "actual"), rows)


# --------------------------------------------------------------------------
# Architecture == Architecture in a plain assert (pytest_assertrepr_compare)


def _label(arch: Architecture) -> str:
    return (
        f"Architecture({arch.model_type} {arch.name!r}, {len(arch.layers)} layers, "
        f"{arch.total_params:,} params)"
    )


def _show_weights(layer: Layer) -> str:
    return ", ".join(
        f"{w.name} {_show(w.shape)}"
        + ("" if w.dtype == "float32" else f" {w.dtype}")
        + ("" if w.trainable else " non-trainable")
        for w in layer.weights
    ) or "none"


def _layer_differences(left: Layer, right: Layer) -> list[str]:
    lines = []
    for field in ("name", "path", "type", "output_shape", "weights", "params", "trainable_params",
                  "trainable", "dtype_policy", "config", "inbound", "calls", "depth", "built", "is_model"):
        a, b = getattr(left, field), getattr(right, field)
        if a == b:
            continue
        if field == "output_shape":
            lines.append(f"output_shape: {_show_output(left)} != {_show_output(right)}")
        elif field == "weights":
            lines.append(f"weights: {_show_weights(left)} != {_show_weights(right)}")
        elif field == "config":
            for key in sorted(set(a) | set(b)):
                va, vb = a.get(key, "<missing>"), b.get(key, "<missing>")
                if va != vb:
                    lines.append(f"config[{key!r}]: {va!r} != {vb!r}")
        elif field in ("params", "trainable_params"):
            lines.append(f"{field}: {a:,} != {b:,}")
        else:
            lines.append(f"{field}: {a!r} != {b!r}")
    return lines


def explain_difference(left: Architecture, right: Architecture) -> list[str]:
    """Lines for ``pytest_assertrepr_compare``: a summary, then layer by layer."""
    lines = [f"{_label(left)} == {_label(right)}"]
    changed = [
        index
        for index, (a, b) in enumerate(zip_longest(left.layers, right.layers))
        if a != b
    ]
    count = max(len(left.layers), len(right.layers))
    if changed:
        lines.append(f"{len(changed)} of {count} layers differ (left != right):")
    for field in ("model_type", "name", "inputs", "outputs"):
        if getattr(left, field) != getattr(right, field):
            lines.append(f"{field}: {getattr(left, field)!r} != {getattr(right, field)!r}")
    for field in ("total_params", "trainable_params", "non_trainable_params"):
        a, b = getattr(left, field), getattr(right, field)
        if a != b:
            lines.append(f"{field}: {a:,} != {b:,}")
    if len(left.layers) != len(right.layers):
        lines.append(f"layers: {len(left.layers)} != {len(right.layers)}")
    for index in changed:
        a = left.layers[index] if index < len(left.layers) else None
        b = right.layers[index] if index < len(right.layers) else None
        if a is None or b is None:
            side, layer = ("right", right.layers[index]) if a is None else ("left", a)
            lines.append(f"[{index}] only on the {side}: {layer.path}: {layer.type}")
            continue
        lines.append(f"[{index}] {a.path}: {a.type}")
        lines += [f"    {line}" for line in _layer_differences(a, b)]
    if len(lines) == 1:  # equal fields yet unequal: nothing we compare differs
        lines.append("the architectures differ in a field not shown here")
    return lines

