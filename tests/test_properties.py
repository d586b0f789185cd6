"""Properties of ``describe``/``render`` over generated architectures (hypothesis).

Small Sequential and functional models over vectors, sequences and images:
dense, convolutional, recurrent, normalisation and dropout layers, nested
models and shared layers, with random user names or Keras' auto names. For
every one: ``describe`` does not crash; its totals equal ``count_params()``;
the per-layer counts sum to the totals; ``render`` is deterministic; a
``keras.models.clone_model`` copy describes equal; and the text of a model
built after unrelated models equals that of the same model built first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_keras_arch import describe, render

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same models in every run: CI failures reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: layer kinds that keep the shape family of their input
KINDS = {
    "vector": ("dense", "dropout", "batch_norm", "layer_norm"),
    "sequence": ("dense", "dropout", "layer_norm", "lstm", "gru", "simple_rnn", "conv1d"),
    "image": ("conv2d", "batch_norm", "dropout", "depthwise", "separable"),
}
INPUTS = {"vector": (6,), "sequence": (5, 3), "image": (6, 6, 2)}


@dataclass(frozen=True)
class Spec:
    """A generated architecture: enough to build it again, identically."""

    family: str
    kinds: tuple[str, ...]
    units: tuple[int, ...]
    names: tuple[str | None, ...]
    form: str  # "sequential", "functional", "nested", "shared"
    model_name: str | None


names = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)


@st.composite
def specs(draw: Any) -> Spec:
    family = draw(st.sampled_from(sorted(KINDS)))
    count = draw(st.integers(1, 4))
    kinds = tuple(draw(st.sampled_from(KINDS[family])) for _ in range(count))
    units = tuple(draw(st.integers(1, 4)) for _ in range(count))
    named = draw(st.booleans())
    layer_names: tuple[str | None, ...] = (None,) * count
    if named:
        chosen = draw(st.lists(names, min_size=count, max_size=count, unique=True))
        layer_names = tuple(
            draw(st.sampled_from([name, None])) for name in chosen
        )
    form = draw(st.sampled_from(["sequential", "functional", "nested", "shared"]))
    model_name = draw(st.none() | names.filter(lambda n: n not in layer_names))
    return Spec(family, kinds, units, layer_names, form, model_name)


def _layer(kind: str, units: int, name: str | None) -> Any:
    import keras

    L = keras.layers  # noqa: N806
    kw = {"name": name} if name else {}
    if kind == "dense":
        return L.Dense(units, activation="relu", **kw)
    if kind == "dropout":
        return L.Dropout(0.25, **kw)
    if kind == "batch_norm":
        return L.BatchNormalization(**kw)
    if kind == "layer_norm":
        return L.LayerNormalization(**kw)
    if kind == "lstm":
        return L.LSTM(units, return_sequences=True, **kw)
    if kind == "gru":
        return L.GRU(units, return_sequences=True, **kw)
    if kind == "simple_rnn":
        return L.SimpleRNN(units, return_sequences=True, **kw)
    if kind == "conv1d":
        return L.Conv1D(units, 2, padding="same", **kw)
    if kind == "conv2d":
        return L.Conv2D(units, 3, padding="same", **kw)
    if kind == "depthwise":
        return L.DepthwiseConv2D(3, padding="same", **kw)
    if kind == "separable":
        return L.SeparableConv2D(units, 3, padding="same", **kw)
    raise AssertionError(kind)


def _head(family: str) -> Any:
    import keras

    if family == "image":
        return keras.layers.GlobalAveragePooling2D()
    if family == "sequence":
        return keras.layers.GlobalMaxPooling1D()
    return keras.layers.Dense(1)


def build(spec: Spec) -> Any:
    import keras

    layers = [_layer(k, u, n) for k, u, n in zip(spec.kinds, spec.units, spec.names)]
    kw = {"name": spec.model_name} if spec.model_name else {}
    if spec.form == "sequential":
        return keras.Sequential([keras.Input(INPUTS[spec.family]), *layers, _head(spec.family)], **kw)
    inputs = keras.Input(INPUTS[spec.family])
    if spec.form == "nested":
        inner = keras.Sequential(layers)
        x = inner(inputs)
    else:
        x = inputs
        for layer in layers:
            x = layer(x)
    if spec.form == "shared":
        # one layer called on two inputs: the input and a parallel branch of the same shape
        shared = keras.layers.Dense(3, name="shared" if spec.names[0] else None)
        branch = keras.layers.Dense(INPUTS[spec.family][-1])(inputs)
        x = keras.layers.Concatenate()([shared(inputs), shared(branch)])
    outputs = _head(spec.family)(x)
    return keras.Model(inputs, outputs, **kw)


@SETTINGS
@given(spec=specs())
def test_describe_invariants(spec: Spec) -> None:
    import keras

    model = build(spec)
    arch = describe(model)
    # totals agree with Keras, and with the per-layer counts
    assert arch.total_params == model.count_params()
    assert arch.trainable_params + arch.non_trainable_params == arch.total_params
    assert sum(layer.params for layer in arch.layers) == arch.total_params
    assert sum(layer.trainable_params for layer in arch.layers) == arch.trainable_params
    for layer in arch.layers:
        own = sum(w.size for w in layer.weights if w.borrowed_from is None)
        assert own == layer.params
    # rendering is a pure function of the architecture
    text = render(arch)
    assert render(describe(model)) == text
    for detail in ("shapes", "default", "compile"):
        assert render(arch, detail=detail) == render(describe(model), detail=detail)
    # a clone describes equal
    clone = keras.models.clone_model(model)
    assert describe(clone) == arch
    assert render(describe(clone)) == text


@SETTINGS
@given(spec=specs(), unrelated=st.lists(specs(), min_size=1, max_size=2))
def test_text_does_not_depend_on_what_was_built_before(spec: Spec, unrelated: list[Spec]) -> None:
    first = render(describe(build(spec)), detail="compile")
    for other in unrelated:
        build(other)
    again = build(spec)
    assert render(describe(again), detail="compile") == first


@pytest.mark.parametrize("family", sorted(KINDS))
def test_every_kind_is_generated_and_described(family: str) -> None:
    """Each layer kind once, so a kind hypothesis happens not to draw is still covered."""
    kinds = KINDS[family]
    spec = Spec(family, kinds, (2,) * len(kinds), (None,) * len(kinds), "functional", None)
    arch = describe(build(spec))
    assert sum(layer.params for layer in arch.layers) == arch.total_params
