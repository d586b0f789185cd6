"""The architecture description: frozen, hashable, comparable plain data.

Nothing here imports Keras. An :class:`Architecture` is produced by
:func:`pytest_keras_arch.describe` and consumed by the assertion helpers,
the snapshot extension and :func:`pytest_keras_arch.render`.

Shapes
------
A *shape* is a tuple of ``int | None`` (``None`` for the batch dimension or
any dimension that is not known statically), e.g. ``(None, 20, 50)``.

``Layer.output_shape`` has one of two forms, told apart by ``Layer.calls``:

* ``calls == 1``: the output of the single call: a shape for a layer with one
  output (``(None, 50)``), or a tuple of shapes for a layer with several
  outputs (``((None, 50), (None, 50), (None, 50))`` for an LSTM with
  ``return_state=True``).
* ``calls > 1`` (a shared layer): a tuple with one entry per call site in
  graph order, each entry of the form above.
* ``calls == 0``: the layer was never called in the model's graph (an unused
  sublayer); ``output_shape`` is ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "Architecture",
    "CompileInfo",
    "ConfigMap",
    "Layer",
    "Port",
    "Shape",
    "Weight",
    "shape_size",
]

Dim = Union[int, None]
Shape = tuple[Dim, ...]
#: A layer's output: a shape, a tuple of shapes, or (shared layers) one of
#: those per call site. ``None`` for a layer that was never called.
OutputShape = Union[Shape, tuple[Any, ...], None]
ConfigValue = Any  # str | int | float | bool | None | tuple | ConfigMap


def shape_size(shape: Shape) -> int:
    """Number of scalars in a fully known shape (1 for ``()``)."""
    return math.prod(int(dim or 0) for dim in shape)


class ConfigMap(Mapping[str, ConfigValue]):
    """An immutable, hashable mapping with sorted keys (a layer's config)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, ConfigValue] | None = None, /) -> None:
        self._items: tuple[tuple[str, ConfigValue], ...] = tuple(
            sorted((items or {}).items())
        )

    def __getitem__(self, key: str) -> ConfigValue:
        for name, value in self._items:
            if name == key:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ConfigMap):
            return self._items == other._items
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        inner = ", ".join(f"{name!r}: {value!r}" for name, value in self._items)
        return f"ConfigMap({{{inner}}})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ConfigMap, (dict(self._items),))


@dataclass(frozen=True)
class Port:
    """A model input or output: its name, shape (batch dimension included) and dtype."""

    name: str
    shape: Shape
    dtype: str


@dataclass(frozen=True)
class Weight:
    """One variable of a layer, identified by ``(layer, name)``.

    ``name`` is the short name (``kernel``, ``recurrent_kernel``, ``bias``,
    ``gamma``, ``moving_mean``), qualified by the sub-layer where it would
    repeat within the layer (``forward_lstm/kernel``). ``trainable`` is
    whether the variable is among the model's trainable weights. A weight
    ``borrowed_from`` another layer (tied weights) is listed but not counted
    in this layer's parameters.
    """

    name: str
    shape: Shape
    dtype: str
    trainable: bool
    borrowed_from: str | None = None

    @property
    def size(self) -> int:
        """Number of scalars in the variable (1 for a scalar)."""
        return shape_size(self.shape)


@dataclass(frozen=True)
class Layer:
    """One layer of the model, in model order (nested models expanded).

    ``name`` is canonical: auto-generated names are renumbered per model in
    order of appearance; user-chosen names are kept. ``path`` is the chain of
    canonical names from the top model (``encoder/dense``). ``type`` is the
    class name (``module.Class`` for classes outside Keras). See the module
    docstring for the forms of ``output_shape``. ``depth`` is the nesting
    level (0 for the top model's own layers); ``is_model`` marks the row of a
    nested model, whose layers follow it; ``built`` is False for a sublayer
    that was never built (it has no weights and no shape).
    """

    name: str
    path: str
    type: str
    output_shape: OutputShape
    weights: tuple[Weight, ...] = ()
    params: int = 0
    trainable_params: int = 0
    trainable: bool = True
    dtype_policy: str = "float32"
    config: ConfigMap = field(default_factory=ConfigMap)
    inbound: tuple[str, ...] = ()
    calls: int = 1
    depth: int = 0
    built: bool = True
    is_model: bool = False
    #: The class's base classes (MRO order, named like ``type``); informative,
    #: not part of equality, used to match subclasses (``exact=False``).
    bases: tuple[str, ...] = field(default=(), compare=False)

    @property
    def non_trainable_params(self) -> int:
        """Parameters of this layer that are not trained."""
        return self.params - self.trainable_params

    @property
    def weight_shapes(self) -> tuple[Shape, ...]:
        """Shapes of this layer's weights in Keras' order."""
        return tuple(weight.shape for weight in self.weights)

    def weight(self, name: str) -> Weight:
        """The weight called ``name`` (``"kernel"``, ``"forward_lstm/bias"``)."""
        for weight in self.weights:
            if weight.name == name:
                return weight
        known = ", ".join(weight.name for weight in self.weights) or "none"
        raise KeyError(f"layer {self.name!r} has no weight {name!r}; its weights: {known}")


@dataclass(frozen=True)
class CompileInfo:
    """What ``model.compile`` set: optimizer class, loss and metrics, as names."""

    optimizer: str | None
    loss: Any
    metrics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Architecture:
    """A stable, complete, pure-data description of a Keras model.

    Equal for the same architecture whatever ran before it in the process.
    ``compile`` is informative and does not take part in equality.
    """

    model_type: str
    name: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    layers: tuple[Layer, ...]
    total_params: int
    trainable_params: int
    non_trainable_params: int
    compile: CompileInfo | None = field(default=None, compare=False)

    # -- convenience views ---------------------------------------------------
    @property
    def layer_types(self) -> tuple[str, ...]:
        """The ``type`` of every layer, in model order."""
        return tuple(layer.type for layer in self.layers)

    @property
    def layer_names(self) -> tuple[str, ...]:
        """The canonical ``name`` of every layer, in model order."""
        return tuple(layer.name for layer in self.layers)

    @property
    def output_shapes(self) -> tuple[OutputShape, ...]:
        """The ``output_shape`` of every layer, in model order."""
        return tuple(layer.output_shape for layer in self.layers)

    @property
    def weight_shapes(self) -> tuple[tuple[Shape, ...], ...]:
        """The weight shapes of every layer, in model order."""
        return tuple(layer.weight_shapes for layer in self.layers)

    @property
    def input_shape(self) -> Shape | list[Shape]:
        """A tuple for a single input, a list of tuples for several."""
        shapes = [port.shape for port in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_names(self) -> tuple[str, ...]:
        """The model's output names, in ``model.output_names`` order."""
        return tuple(port.name for port in self.outputs)

    def layer(self, key: int | str) -> Layer:
        """A layer by index, canonical name or path."""
        if isinstance(key, bool) or not isinstance(key, (int, str)):
            raise TypeError(
                f"a layer is looked up by index (int) or name (str), got "
                f"{type(key).__name__} {key!r}"
            )
        if isinstance(key, int):
            try:
                return self.layers[key]
            except IndexError:
                raise IndexError(
                    f"layer index {key} is out of range: the model has "
                    f"{len(self.layers)} layers (0 to {len(self.layers) - 1})"
                ) from None
        for layer in self.layers:
            if layer.path == key:
                return layer
        matches = [layer for layer in self.layers if layer.name == key]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(self.layer_names)
        raise KeyError(f"the model has no layer named {key!r}; its layers: {known}")

    def index_of(self, key: int | str) -> int:
        """The position of a layer given by index, canonical name or path."""
        return self.layers.index(self.layer(key))

    def __getitem__(self, key: int | str) -> Layer:
        return self.layer(key)

    def __iter__(self) -> Iterator[Layer]:
        return iter(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    def __str__(self) -> str:
        from pytest_keras_arch.render import render

        return render(self)
