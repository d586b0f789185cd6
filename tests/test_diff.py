"""summarize_changes: what changed between two rendered architectures (no Keras needed)."""

from __future__ import annotations

import re
from typing import Callable

import pytest

from pytest_keras_arch import summarize_changes
from pytest_keras_arch.architecture import Architecture, ConfigMap, Layer, Port, Weight
from pytest_keras_arch.diff import RenderedTextError, parse
from pytest_keras_arch.render import render


def dense(name: str, inputs: int, units: int, inbound: str = "", **extra: object) -> Layer:
    weights = (
        Weight("kernel", (inputs, units), "float32", True),
        Weight("bias", (units,), "float32", True),
    )
    params = inputs * units + units
    fields: dict[str, object] = {
        "output_shape": (None, units),
        "weights": weights,
        "params": params,
        "trainable_params": params,
        "config": ConfigMap({"activation": "linear", "units": units, "use_bias": True}),
        "inbound": (inbound,) if inbound else (),
    }
    fields.update(extra)
    return Layer(name=name, path=name, type="Dense", **fields)  # type: ignore[arg-type]


def batch_norm(name: str, features: int, inbound: str) -> Layer:
    weights = tuple(
        Weight(weight, (features,), "float32", weight in ("gamma", "beta"))
        for weight in ("gamma", "beta", "moving_mean", "moving_variance")
    )
    return Layer(
        name=name, path=name, type="BatchNormalization", output_shape=(None, features),
        weights=weights, params=4 * features, trainable_params=2 * features,
        config=ConfigMap({"axis": -1}), inbound=(inbound,),
    )


def text(*layers: Layer, features: int = 207, detail: str = "default") -> str:
    total = sum(layer.params for layer in layers)
    trainable = sum(layer.trainable_params for layer in layers)
    arch = Architecture(
        model_type="Sequential", name="sequential",
        inputs=(Port("input_layer", (None, features), "float32"),),
        outputs=(Port(layers[-1].name, layers[-1].output_shape, "float32"),),  # type: ignore[arg-type]
        layers=layers, total_params=total, trainable_params=trainable,
        non_trainable_params=total - trainable,
    )
    return render(arch, detail=detail)


BASE = text(dense("dense", 207, 50, "input_layer"), dense("dense_1", 50, 1, "dense"))


def test_equal_texts_have_no_changes() -> None:
    assert summarize_changes(BASE, BASE) == []


def test_units_change_names_the_layer_units_output_params_and_total() -> None:
    wider = text(dense("dense", 207, 50, "input_layer"), dense("dense_1", 50, 3, "dense"))
    assert summarize_changes(BASE, wider) == [
        "output 'dense_1': (None, 1) float32 → (None, 3) float32",
        "layer 1 'dense_1': units 1 → 3, output (None, 1) → (None, 3), params 51 → 153",
        "total params 10,451 → 10,553",
    ]


def test_a_layer_inserted_between_is_added_not_every_later_layer_changed() -> None:
    # The inserted Dense renumbers the auto name of the last one (dense_1 -> dense_2).
    deeper = text(
        dense("dense", 207, 50, "input_layer"),
        dense("dense_1", 50, 8, "dense"),
        dense("dense_2", 8, 1, "dense_1"),
    )
    assert summarize_changes(BASE, deeper) == [
        "layer 1 'dense_1' (Dense) added",
        "layer 2 'dense_2' (was 'dense_1'): params 51 → 9, inbound dense → dense_1",
        "total params 10,451 → 10,817",
    ]
    assert summarize_changes(deeper, BASE)[:2] == [
        "layer 1 'dense_1' (Dense) removed",
        "layer 1 'dense_1' (was 'dense_2'): params 9 → 51, inbound dense_1 → dense",
    ]


def test_non_trainable_parameters_are_reported_with_the_trainable_ones() -> None:
    normed = text(
        dense("dense", 207, 50, "input_layer"),
        batch_norm("batch_normalization", 50, "dense"),
        dense("dense_1", 50, 1, "batch_normalization"),
    )
    assert summarize_changes(BASE, normed) == [
        "layer 1 'batch_normalization' (BatchNormalization) added",
        "layer 2 'dense_1': inbound dense → batch_normalization",
        "total params 10,451 → 10,651",
        "trainable params 10,451 → 10,551, non-trainable params 0 → 100",
    ]


def test_reordered_renamed_and_replaced_layers_are_named_as_such() -> None:
    a, b, c = (dense(name, 4, 4) for name in ("a", "b", "c"))
    moved = summarize_changes(text(a, b, c, features=4), text(b, c, a, features=4))
    assert moved == [
        "output c (None, 4) float32 → a (None, 4) float32",
        "layer 'a' (Dense) moved from 0 to 2",
    ]
    renamed = summarize_changes(text(a, b, features=4), text(a, dense("hidden", 4, 4), features=4))
    assert renamed == ["layer 1 'hidden' (was 'b'): renamed"]
    dropout = Layer(name="dropout", path="dropout", type="Dropout", output_shape=(None, 4),
                    config=ConfigMap({"rate": 0.5}))
    replaced = summarize_changes(text(a, b, features=4), text(a, dropout, features=4))
    assert replaced == [
        "output b (None, 4) float32 → dropout (None, 4) float32",
        "layer 1 'b' (Dense) replaced by 'dropout' (Dropout)",
        "total params 40 → 20",
    ]


def test_trainable_flag_dtype_policy_and_weights_changes() -> None:
    frozen = dense("dense_1", 50, 1, "dense", trainable=False, trainable_params=0,
                   dtype_policy="mixed_float16",
                   weights=(Weight("kernel", (50, 1), "float32", False),
                            Weight("bias", (1,), "float32", False)))
    changes = summarize_changes(BASE, text(dense("dense", 207, 50, "input_layer"), frozen))
    assert changes == [
        "layer 1 'dense_1': kernel float32 → float32 non-trainable, "
        "bias float32 → float32 non-trainable, params 51 → 51 (51 non-trainable), "
        "trainable True → False, dtype policy float32 → mixed_float16",
        "trainable params 10,451 → 10,400, non-trainable params 0 → 51",
    ]


def test_shapes_detail_and_comment_lines() -> None:
    old = "# a header line\n" + text(dense("dense", 6, 5), detail="shapes")
    new = text(dense("dense", 6, 7), detail="shapes")
    assert summarize_changes(old, new) == [
        "output 'dense': (None, 5) float32 → (None, 7) float32",
        "layer 0 'dense': output (None, 5) → (None, 7)",
    ]


def test_layer_params_add_up_to_the_total_in_every_rendering() -> None:
    parsed = parse(BASE)
    assert [layer.param_count for layer in parsed.layers] == [10_400, 51]
    assert parsed.totals() == (10_451, 10_451, 0)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("params: 51\n", "params: 52\n"),
         "line 13: layer [1] 'dense_1': its weights add up to 51, not its params 52"),
        (lambda t: t.replace("params: 51\n", "params: 52\n").replace("bias (1,)", "bias (2,)"),
         "line 4: the layers' params add up to 10,452, not the total 10,451"),
        (lambda t: t.replace("[1] dense_1", "[2] dense_1"),
         "line 13: layer record [2] where [1] was expected"),
        (lambda t: t.replace("    inbound: dense\n", "    inbound dense\n"),
         "line 19: not a layer field: 'inbound dense'"),
        (lambda t: t.replace("layers: 2", "layers: 3"),
         "line 5: 'layers: 3' but 2 layer records follow"),
        (lambda t: t + "\n", "line 20: unexpected empty line"),
        (lambda t: "<<<<<<< HEAD\n" + t, "line 1: not a model line: '<<<<<<< HEAD'"),
    ],
)
def test_texts_that_render_cannot_produce_are_rejected_with_the_line(
    edit: Callable[[str], str], message: str
) -> None:
    with pytest.raises(RenderedTextError, match=f"^{re.escape(message)}$"):
        parse(edit(BASE))


def test_non_text_is_a_usage_error() -> None:
    with pytest.raises(TypeError, match=r"summarize_changes: old_text must be the str that render\(\) returns, got NoneType"):
        summarize_changes(None, "model: Sequential sequential\n")  # type: ignore[arg-type]


def test_a_weight_line_removed_by_hand_no_longer_adds_up() -> None:
    from pytest_keras_arch import render
    from pytest_keras_arch.diff import RenderedTextError, parse

    layer = Layer(
        name="dense", path="dense", type="Dense", output_shape=(None, 2),
        weights=(Weight("kernel", (3, 2), "float32", True), Weight("bias", (2,), "float32", True)),
        params=8, trainable_params=8,
    )
    arch = Architecture("Sequential", "sequential", (Port("input_layer", (None, 3), "float32"),),
                        (Port("dense", (None, 2), "float32"),), (layer,), 8, 8, 0)
    text = render(arch)
    assert parse(text).layers[0].weight_size() == 8
    edited = text.replace("    weight: bias (2,) float32\n", "")
    with pytest.raises(RenderedTextError, match=r"layer \[0\] 'dense': its weights add up to 6, not its params 8"):
        parse(edited)
