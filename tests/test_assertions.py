"""The assert_* helpers: pass, fail with the exact message, reject a malformed ``expected``."""

from __future__ import annotations

from typing import Any, Callable

import keras
import pytest
from builders import two_headed

from pytest_keras_arch import (
    assert_layer_types,
    assert_output_shapes,
    assert_param_count,
    assert_trainable,
    assert_weight_shapes,
    describe,
)
from pytest_keras_arch import table as table_module
from pytest_keras_arch.architecture import Architecture
from pytest_keras_arch.assertions import explain_difference
from pytest_keras_arch.table import Row, format_table

layers = keras.layers


@pytest.fixture(autouse=True)
def compact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compact tables whatever -v the outer run uses (the -v tests set it back)."""
    monkeypatch.setattr(table_module, "verbosity", lambda: 0)


def lstm_classifier(units: int = 50) -> keras.Model:
    return keras.Sequential(
        [keras.Input((20, 1)), layers.LSTM(units), layers.Dense(1, activation="sigmoid")]
    )


def transfer() -> keras.Model:
    base = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.BatchNormalization()], name="base")
    base.trainable = False
    inputs = keras.Input((8,))
    return keras.Model(inputs, layers.Dense(2, name="head")(base(inputs)))


def failure(helper: Callable[..., None], *args: Any, **kwargs: Any) -> str:
    with pytest.raises(AssertionError) as info:
        helper(*args, **kwargs)
    return str(info.value)


@pytest.fixture(scope="module")
def lstm() -> Architecture:
    return describe(lstm_classifier())


@pytest.fixture(scope="module")
def mobilenet() -> Architecture:
    """MobileNetV2 (alpha 0.35, 96 x 96, no weights): 156 layers, built once."""
    model = keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35)
    return describe(model)


# -- assert_layer_types -----------------------------------------------------------


def test_layer_types_pass_with_classes_names_and_models(lstm: Architecture) -> None:
    model = lstm_classifier()
    assert_layer_types(model, [layers.LSTM, "Dense"])
    assert_layer_types(lstm, ("LSTM", layers.Dense))
    assert_layer_types(two_headed(), ["InputLayer", "Dense", "Dense", "Dense", "Dense"])
    assert_layer_types(two_headed(), ["Dense"] * 4, ignore=("InputLayer",))
    assert_layer_types(two_headed(), ["Dense"] * 4, ignore="InputLayer")


def test_layer_types_failure_at_one_position(lstm: Architecture) -> None:
    assert failure(assert_layer_types, lstm, ["GRU", "Dense"]) == "\n".join(
        [
            "layer types differ at 1 of 2 positions",
            "  index  name   expected  actual",
            ">     0  lstm   GRU       LSTM",
            "      1  dense  Dense     Dense",
        ]
    )


def test_layer_types_counting_the_input_layer_of_a_sequential(lstm: Architecture) -> None:
    assert failure(assert_layer_types, lstm, ["InputLayer", "LSTM", "Dense"]) == "\n".join(
        [
            "expected 3 layers, model has 2",
            "  index  name   expected    actual",
            ">     -  -      InputLayer  -",
            "      0  lstm   LSTM        LSTM",
            "      1  dense  Dense       Dense",
            "hint: a Sequential model does not list its InputLayer among its layers "
            "(keras.Input only sets the input shape); leave 'InputLayer' out of expected, "
            'or pass ignore=("InputLayer",) to skip it on both sides',
        ]
    )
    assert_layer_types(lstm, ["InputLayer", "LSTM", "Dense"], ignore=["InputLayer"])


def test_layer_types_forgetting_the_input_layer_of_a_functional_model() -> None:
    message = failure(assert_layer_types, two_headed(), ["Dense", "Dense", "Dense", "Dense"])
    assert message == "\n".join(
        [
            "expected 4 layers, model has 5",
            "  index  name         expected  actual",
            ">     0  input_layer  -         InputLayer",
            "      1  dense        Dense     Dense",
            "      2  dense_1      Dense     Dense",
            "      3  price        Dense     Dense",
            "      4  ratio        Dense     Dense",
            "hint: this Functional model lists its InputLayer 'input_layer' as layer 0; "
            "add 'InputLayer' to expected, or pass ignore=(\"InputLayer\",) to skip it "
            "on both sides",
        ]
    )


def test_layer_types_ignore_applies_to_both_sides_and_keeps_model_indices() -> None:
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3), layers.Dropout(0.1), layers.Dense(2), layers.Dropout(0.1)]
    )
    assert_layer_types(model, ["Dense", "Dense"], ignore=("Dropout",))
    assert_layer_types(model, ["Dense", "Dropout", "Dense"], ignore=(layers.Dropout,))
    message = failure(assert_layer_types, model, ["Dense", "Conv1D"], ignore=("Dropout",))
    assert message == "\n".join(
        [
            "layer types differ at 1 of 2 positions",
            "  index  name     expected  actual",
            "      0  dense    Dense     Dense",
            ">     2  dense_1  Conv1D    Dense",
        ]
    )
    message = failure(assert_layer_types, model, ["Dense"], ignore=("Dropout",))
    assert message.splitlines()[0] == "expected 1 layers, model has 2 (ignoring Dropout)"


def test_layer_types_exact_false_matches_subclasses(lstm: Architecture) -> None:
    assert_layer_types(lstm, [layers.RNN, layers.Layer], exact=False)
    assert_layer_types(lstm, ["RNN", "Dense"], exact=False)
    assert failure(assert_layer_types, lstm, [layers.RNN, "Dense"]) == "\n".join(
        [
            "layer types differ at 1 of 2 positions",
            "  index  name   expected  actual",
            ">     0  lstm   RNN       LSTM",
            "      1  dense  Dense     Dense",
        ]
    )
    message = failure(assert_layer_types, lstm, [layers.Dense, layers.Dense], exact=False)
    assert message.splitlines()[:3] == [
        "layer types differ at 1 of 2 positions",
        "  index  name   expected  actual",
        ">     0  lstm   Dense     LSTM",
    ]


class Scale(layers.Layer):
    def call(self, x: Any) -> Any:
        return x * 2.0


class Double(Scale):
    pass


def test_layer_types_custom_classes_match_by_module_and_name() -> None:
    model = keras.Sequential([keras.Input((3,)), Double(), layers.Dense(1)])
    assert describe(model).layer_types == (f"{__name__}.Double", "Dense")
    assert_layer_types(model, [Double, layers.Dense])
    assert_layer_types(model, ["Double", "Dense"])
    assert_layer_types(model, [f"{__name__}.Double", "Dense"])
    assert_layer_types(model, [Scale, layers.Dense], exact=False)
    assert failure(assert_layer_types, model, [Scale, layers.Dense]).splitlines()[2] == (
        f">     0  double  {__name__}.Scale  {__name__}.Double"
    )


@pytest.mark.parametrize(
    ("expected", "kwargs", "error", "message"),
    [
        ("LSTM", {}, TypeError, "assert_layer_types: expected must be a sequence of layer classes or class names, got str 'LSTM'; wrap it in a list: ['LSTM']"),
        (layers.LSTM, {}, TypeError, "got type <class 'keras.src.layers.rnn.lstm.LSTM'>; wrap it in a list"),
        (["LSTM", 3], {}, TypeError, "assert_layer_types: expected[1] must be a layer class such as keras.layers.LSTM or a class name such as 'LSTM', got int 3"),
        (["LSTM", ""], {}, TypeError, "expected[1] must be a layer class"),
        ([layers.LSTM(2)], {}, TypeError, "pass the class (keras.layers.Dense), not a layer instance"),
        (["LSTM"], {"ignore": [None]}, TypeError, "assert_layer_types: ignore[0] must be a layer class"),
        (["LSTM"], {"exact": "no"}, TypeError, "assert_layer_types: exact must be True or False, got 'no'"),
    ],
)
def test_layer_types_usage_errors(lstm: Architecture, expected: Any, kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    import re

    with pytest.raises(error, match=re.escape(message)):
        assert_layer_types(lstm, expected, **kwargs)


def test_layer_types_big_model_elides_matching_rows(mobilenet: Architecture) -> None:
    expected = list(mobilenet.layer_types)
    expected[60] = "Conv2D"
    assert len(mobilenet) == 156
    assert failure(assert_layer_types, mobilenet, expected) == "\n".join(
        [
            "layer types differ at 1 of 156 positions",
            "  index  name                          expected                actual",
            "  ... 58 matching rows ...",
            "     58  block_6_depthwise             DepthwiseConv2D         DepthwiseConv2D",
            "     59  block_6_depthwise_BN          BatchNormalization      BatchNormalization",
            ">    60  block_6_depthwise_relu        Conv2D                  ReLU",
            "     61  block_6_project               Conv2D                  Conv2D",
            "     62  block_6_project_BN            BatchNormalization      BatchNormalization",
            "  ... 93 matching rows ...",
            "(151 matching rows elided; use -v for the full table)",
        ]
    )


def test_layer_types_big_model_shows_the_whole_table_under_verbose(
    mobilenet: Architecture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_module, "verbosity", lambda: 1)
    expected = list(mobilenet.layer_types)
    expected[60] = "Conv2D"
    lines = failure(assert_layer_types, mobilenet, expected).splitlines()
    assert len(lines) == 2 + 156
    assert lines[2] == "      0  input_layer                   InputLayer              InputLayer"
    assert lines[62] == ">    60  block_6_depthwise_relu        Conv2D                  ReLU"
    assert lines[-1] == "    155  predictions                   Dense                   Dense"
    assert not any("elided" in line for line in lines)


# -- assert_output_shapes -----------------------------------------------------------


def test_output_shapes_pass_as_sequence_mapping_and_wildcards(lstm: Architecture) -> None:
    assert_output_shapes(lstm_classifier(), [(None, 50), (None, 1)])
    assert_output_shapes(lstm, [[None, 50], (None, ...)])
    assert_output_shapes(lstm, {"dense": (None, 1), 0: (None, 50)})
    assert_output_shapes(lstm, {-1: (None, 1)})
    assert_output_shapes(lstm, [..., (None, 1)])


def test_output_shapes_multi_output_layers_and_models() -> None:
    inputs = keras.Input((10, 4))
    sequence, state_h, state_c = layers.LSTM(8, return_sequences=True, return_state=True)(inputs)
    model = keras.Model(inputs, [sequence, state_h])
    assert_output_shapes(model, {"lstm": ((None, 10, 8), (None, 8), (None, 8))})
    assert_output_shapes(two_headed(), {"price": (None, 1), "ratio": (None, 1)})
    dict_model = keras.Model(inputs, {"score": layers.Dense(1)(state_c)})
    assert_output_shapes(dict_model, {"score": (None, 1)})  # an output name, not a layer name
    message = failure(assert_output_shapes, dict_model, {"score": (None, 2)})
    assert message == "\n".join(
        [
            "output shapes differ at 1 of 1 layers",
            "  index  name   type          expected   actual",
            ">     -  score  model output  (None, 2)  (None, 1)",
        ]
    )
    message = failure(assert_output_shapes, model, {"lstm": ((None, 10, 8), (None, 8))})
    assert message == "\n".join(
        [
            "output shapes differ at 1 of 1 layers",
            "  index  name  type  expected                    actual",
            ">     1  lstm  LSTM  [(None, 10, 8), (None, 8)]  [(None, 10, 8), (None, 8), (None, 8)]",
        ]
    )


def test_output_shapes_shared_layer_takes_one_entry_per_call() -> None:
    shared = layers.Dense(3)
    a, b = keras.Input((4,)), keras.Input((6, 4))
    model = keras.Model([a, b], [shared(a), shared(b)])
    assert_output_shapes(model, {"dense": ((None, 3), (None, 6, 3))})
    assert failure(assert_output_shapes, model, {"dense": (None, 3)}).splitlines()[2] == (
        ">     2  dense  Dense  (None, 3)  [(None, 3), (None, 6, 3)]"
    )


def test_output_shapes_failure_with_a_concrete_batch_size(lstm: Architecture) -> None:
    assert failure(assert_output_shapes, lstm, [(32, 50), (32, 1)]) == "\n".join(
        [
            "output shapes differ at 2 of 2 layers",
            "  index  name   type   expected  actual",
            ">     0  lstm   LSTM   (32, 50)  (None, 50)",
            ">     1  dense  Dense  (32, 1)   (None, 1)",
            "hint: Keras gives the batch dimension as None (any batch size fits): write "
            "(None, 50), not (32, 50); use ... for a dimension whose value does not matter",
            "hint: Keras gives the batch dimension as None (any batch size fits): write "
            "(None, 1), not (32, 1); use ... for a dimension whose value does not matter",
        ]
    )


def test_output_shapes_failure_without_the_batch_dimension(lstm: Architecture) -> None:
    assert failure(assert_output_shapes, lstm, {"dense": (1,)}) == "\n".join(
        [
            "output shapes differ at 1 of 1 layers",
            "  index  name   type   expected  actual",
            ">     1  dense  Dense  (1,)      (None, 1)",
            "hint: output shapes start with the batch dimension: write (None, 1), not (1,)",
        ]
    )


def test_output_shapes_count_mismatch_names_the_input_layer() -> None:
    message = failure(assert_output_shapes, two_headed(), [(None, 128), (None, 128), (None, 1), (None, 1)])
    assert message == "\n".join(
        [
            "expected 4 output shapes, model has 5 layers",
            "  index  name         type        expected     actual",
            ">     0  input_layer  InputLayer  (None, 128)  (None, 13)",
            "      1  dense        Dense       (None, 128)  (None, 128)",
            ">     2  dense_1      Dense       (None, 1)    (None, 128)",
            "      3  price        Dense       (None, 1)    (None, 1)",
            ">     4  ratio        Dense       -            (None, 1)",
            "hint: this Functional model lists its InputLayer 'input_layer' as layer 0; "
            "give its shape first, or pass a mapping {name: shape}",
        ]
    )


@pytest.mark.parametrize(
    ("expected", "error", "message"),
    [
        ([50, (None, 1)], TypeError, "assert_output_shapes: expected[0]: a shape must be a tuple such as (None, 50) (a tuple of shapes for several outputs), got int 50"),
        ("(None, 50)", TypeError, "assert_output_shapes: expected must be a sequence with one entry per layer or a mapping from layer name/index to entry (e.g. {'dense': (None, 1)}), got str '(None, 50)'"),
        ({"lstm": (None, -50)}, ValueError, "assert_output_shapes: expected['lstm']: the shape (None, -50) has the negative dimension -50; use None for the batch or an unknown dimension, ... for any"),
        ({"lstm": (None, 50.0)}, TypeError, "assert_output_shapes: expected['lstm']: the shape (None, 50.0) has the dimension float 50.0; a dimension is a non-negative int, None (batch or unknown) or ... (any)"),
        ({"lstm": (None, True)}, TypeError, "has the dimension bool True"),
        ({"dense_2": (None, 1)}, KeyError, "assert_output_shapes: the model has no layer named 'dense_2'; its layers: lstm, dense. Use a canonical name (describe(model).layer_names), a path such as 'encoder/dense', or a 0-based index"),
        ({2: (None, 1)}, IndexError, "assert_output_shapes: layer index 2 is out of range: the model has 2 layers, indices 0 to 1 (0-based, as in describe(model).layers)"),
        ({1.0: (None, 1)}, TypeError, "assert_output_shapes: a layer is given by its name (str) or its 0-based index in describe(model).layers (int), got float 1.0"),
        ({"dense": (None, 1), 1: (None, 1)}, ValueError, "assert_output_shapes: the layer 'dense' (index 1) is given twice, as 'dense' and as 1; keep one"),
    ],
)
def test_output_shapes_usage_errors(lstm: Architecture, expected: Any, error: type[Exception], message: str) -> None:
    import re

    with pytest.raises(error, match=re.escape(message)):
        assert_output_shapes(lstm, expected)


# -- assert_weight_shapes ------------------------------------------------------------


def test_weight_shapes_pass_as_lists_and_by_weight_name(lstm: Architecture) -> None:
    assert_weight_shapes(lstm_classifier(), {"lstm": [(1, 200), (50, 200), (200,)], "dense": [(50, 1), (1,)]})
    assert_weight_shapes(lstm, [[(1, 200), (50, 200), (200,)], [(50, 1), (1,)]])
    assert_weight_shapes(lstm, {0: {"recurrent_kernel": (50, 200)}, -1: {"bias": (1,), "kernel": (..., 1)}})


def test_weight_shapes_two_arrays_for_an_lstm(lstm: Architecture) -> None:
    assert failure(assert_weight_shapes, lstm, {"lstm": [(1, 200), (50, 200)]}) == "\n".join(
        [
            "layer 'lstm' (LSTM) has 3 weight arrays, expected 2",
            "  index  name  type  weight            expected   actual",
            "      0  lstm  LSTM  kernel            (1, 200)   (1, 200)",
            "      0  lstm  LSTM  recurrent_kernel  (50, 200)  (50, 200)",
            ">     0  lstm  LSTM  bias              -          (200,)",
            "hint: an LSTM layer has three weight arrays, not two: kernel (1, 200) for the "
            "inputs, recurrent_kernel (50, 200) for the previous state and bias (200,); its "
            "four gates (input, forget, cell, output) are packed along the last axis, "
            "4 x 50 units = 200",
        ]
    )


@pytest.mark.parametrize(
    ("reset_after", "bias", "why"),
    [
        (True, "(2, 15)", "the bias is (2, 15) because reset_after=True (the default) keeps separate input and recurrent biases"),
        (False, "(15,)", "with reset_after=False there is a single bias"),
    ],
)
def test_weight_shapes_two_arrays_for_a_gru(reset_after: bool, bias: str, why: str) -> None:
    model = keras.Sequential([keras.Input((10, 4)), layers.GRU(5, reset_after=reset_after)])
    assert failure(assert_weight_shapes, model, {"gru": [(4, 15), (5, 15)]}) == "\n".join(
        [
            "layer 'gru' (GRU) has 3 weight arrays, expected 2",
            "  index  name  type  weight            expected  actual",
            "      0  gru   GRU   kernel            (4, 15)   (4, 15)",
            "      0  gru   GRU   recurrent_kernel  (5, 15)   (5, 15)",
            f">     0  gru   GRU   bias              -         {bias}",
            f"hint: a GRU layer has three weight arrays, not two: kernel (4, 15) for the "
            f"inputs, recurrent_kernel (5, 15) for the previous state and bias {bias}; its "
            f"three gates (update, reset, candidate) are packed along the last axis, "
            f"3 x 5 units = 15; {why}",
        ]
    )


def test_weight_shapes_differ_in_several_layers(lstm: Architecture) -> None:
    message = failure(
        assert_weight_shapes, lstm, {"lstm": {"kernel": (1, 50)}, "dense": [(50, 2), (2,)]}
    )
    assert message == "\n".join(
        [
            "weight shapes differ in 2 of 2 layers",
            "  index  name   type   weight  expected  actual",
            ">     0  lstm   LSTM   kernel  (1, 50)   (1, 200)",
            ">     1  dense  Dense  kernel  (50, 2)   (50, 1)",
            ">     1  dense  Dense  bias    (2,)      (1,)",
        ]
    )
    message = failure(assert_weight_shapes, lstm, [[(1, 200), (50, 200), (200,)]])
    assert message.splitlines()[0] == "expected weights for 1 layers, model has 2"
    assert message.splitlines()[-2:] == [
        ">     1  dense  Dense  kernel            -          (50, 1)",
        ">     1  dense  Dense  bias              -          (1,)",
    ]


@pytest.mark.parametrize(
    ("expected", "error", "message"),
    [
        ({"lstm": {"gamma": (4,)}}, KeyError, "assert_weight_shapes: expected['lstm']: layer 'lstm' (LSTM) has no weight 'gamma'; its weights: kernel, recurrent_kernel, bias"),
        ({"lstm": {0: (4,)}}, TypeError, "assert_weight_shapes: expected['lstm']: weight names are str such as 'kernel', got int 0"),
        ({"lstm": (1, 200)}, TypeError, "assert_weight_shapes: expected['lstm'][0]: a shape must be a tuple such as (None, 50), got int 1"),
        ({"lstm": "kernel"}, TypeError, "assert_weight_shapes: expected['lstm']: give a list of weight shapes in Keras' order or a mapping from weight name to shape, got str 'kernel'"),
        ({"lstm": [(1, -200)]}, ValueError, "expected['lstm'][0]: the shape (1, -200) has the negative dimension -200"),
        ({"lstm_1": []}, KeyError, "the model has no layer named 'lstm_1'; its layers: lstm, dense"),
        (42, TypeError, "assert_weight_shapes: expected must be a sequence with one entry per layer or a mapping from layer name/index to entry (e.g. {'lstm': [(1, 200), (50, 200), (200,)]}), got int 42"),
    ],
)
def test_weight_shapes_usage_errors(lstm: Architecture, expected: Any, error: type[Exception], message: str) -> None:
    import re

    with pytest.raises(error, match=re.escape(message)):
        assert_weight_shapes(lstm, expected)


# -- assert_param_count -----------------------------------------------------------


def test_param_count_pass(lstm: Architecture) -> None:
    assert_param_count(lstm_classifier(), total=10451)
    assert_param_count(lstm, total=10451, trainable=10451, non_trainable=0, at_most=10451)
    assert sum(layer.params for layer in lstm) == lstm.total_params
    assert lstm.trainable_params + lstm.non_trainable_params == lstm.total_params


def test_param_count_total_differs(lstm: Architecture) -> None:
    assert failure(assert_param_count, lstm, total=10000) == "\n".join(
        [
            "expected 10,000 parameters in total, model has 10,451",
            "  count          expected  actual",
            "> total            10,000  10,451",
            "  trainable             -  10,451",
            "  non-trainable         -       0",
            "parameters per layer:",
            "  index  name   type   params  trainable",
            "      0  lstm   LSTM   10,400     10,400",
            "      1  dense  Dense      51         51",
        ]
    )


def test_param_count_over_budget_and_several_checks(lstm: Architecture) -> None:
    assert failure(assert_param_count, lstm, at_most=10000).splitlines()[:2] == [
        "model has 10,451 parameters, 451 over the budget of at most 10,000",
        "  count           expected  actual",
    ]
    message = failure(assert_param_count, lstm, trainable=5, at_most=10000)
    assert message.splitlines()[:6] == [
        "parameter counts differ in 2 checks: trainable, at most",
        "  count           expected  actual",
        "  total                  -  10,451",
        "> trainable              5  10,451",
        "  non-trainable          -       0",
        "> total, at most    10,000  10,451",
    ]


def test_param_count_hint_for_non_trainable_batch_norm_statistics() -> None:
    model = keras.Sequential([keras.Input((10,)), layers.Dense(4), layers.BatchNormalization()])
    assert_param_count(model, total=60, trainable=52, non_trainable=8)
    assert failure(assert_param_count, model, trainable=60) == "\n".join(
        [
            "expected 60 trainable parameters, model has 52",
            "  count          expected  actual",
            "  total                 -      60",
            "> trainable            60      52",
            "  non-trainable         -       8",
            "parameters per layer:",
            "  index  name                 type                params  trainable",
            "      0  dense                Dense                   44         44",
            "      1  batch_normalization  BatchNormalization      16          8",
            "hint: 8 of the model's parameters are not trainable (e.g. BatchNormalization "
            "moving statistics, frozen layers); check trainable= and non_trainable= "
            "separately, or total=",
        ]
    )


def test_param_count_big_model_lists_the_largest_layers(mobilenet: Architecture) -> None:
    assert failure(assert_param_count, mobilenet, at_most=100_000) == "\n".join(
        [
            "model has 1,691,208 parameters, 1,591,208 over the budget of at most 100,000",
            "  count           expected     actual",
            "  total                  -  1,691,208",
            "  trainable              -  1,677,128",
            "  non-trainable          -     14,080",
            "> total, at most   100,000  1,691,208",
            "layers with the most parameters:",
            "  index  name              type       params  trainable",
            "    125  block_14_expand   Conv2D     18,816     18,816",
            "    131  block_14_project  Conv2D     18,816     18,816",
            "    149  block_16_project  Conv2D     37,632     37,632",
            "    151  Conv_1            Conv2D    143,360    143,360",
            "    155  predictions       Dense   1,281,000  1,281,000",
            "(100 more layers with parameters; use -v for the full table)",
        ]
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, TypeError, "assert_param_count: nothing to check; pass at least one of total=, trainable=, non_trainable= or at_most= (e.g. total=10451)"),
        ({"total": -1}, ValueError, "assert_param_count: total= must be a non-negative number of parameters, got -1"),
        ({"at_most": "10k"}, TypeError, "assert_param_count: at_most= must be an int, got str '10k'"),
        ({"trainable": True}, TypeError, "assert_param_count: trainable= must be an int, got bool True"),
        ({"non_trainable": 1.5}, TypeError, "assert_param_count: non_trainable= must be an int, got float 1.5"),
    ],
)
def test_param_count_usage_errors(lstm: Architecture, kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    import re

    with pytest.raises(error, match=re.escape(message)):
        assert_param_count(lstm, **kwargs)


# -- assert_trainable ---------------------------------------------------------------


def test_trainable_pass_for_a_frozen_base() -> None:
    model = transfer()
    assert describe(model).layer_names == ("input_layer", "base", "dense", "batch_normalization", "head")
    assert_trainable(model, {"base": False, "base/dense": False, "head": True})
    assert_trainable(model, [True, False, False, False, True])


def test_trainable_failure() -> None:
    assert failure(assert_trainable, transfer(), {"base": True, "head": True}) == "\n".join(
        [
            "trainable flags differ at 1 of 2 layers",
            "  index  name  type        expected   actual",
            ">     1  base  Sequential  trainable  frozen",
            "      4  head  Dense       trainable  trainable",
        ]
    )
    message = failure(assert_trainable, transfer(), [True, False])
    assert message.splitlines()[0] == "expected 2 trainable flags, model has 5 layers"
    assert message.splitlines()[-1] == ">     4  head                      Dense               -          trainable"


@pytest.mark.parametrize(
    ("expected", "error", "message"),
    [
        ({"head": 1}, TypeError, "assert_trainable: expected['head'] must be True (trainable) or False (frozen), got int 1"),
        ({"tail": True}, KeyError, "the model has no layer named 'tail'; its layers: input_layer, base, base/dense, base/batch_normalization, head"),
        (False, TypeError, "assert_trainable: expected must be a sequence with one entry per layer or a mapping from layer name/index to entry (e.g. {'base': False, 'dense': True}), got bool False"),
    ],
)
def test_trainable_usage_errors(expected: Any, error: type[Exception], message: str) -> None:
    import re

    with pytest.raises(error, match=re.escape(message)):
        assert_trainable(transfer(), expected)


# -- estimators through describe: X= / y= ---------------------------------------------


def test_helpers_take_a_sample_for_an_unfitted_estimator(builder: Any, X: Any, y: Any) -> None:  # noqa: N803
    from scikeras.wrappers import KerasClassifier

    clf = KerasClassifier(model=builder, verbose=0)
    assert_layer_types(clf, ["Dense", "Dense"], X=X, y=y)
    assert_weight_shapes(clf, [[(6, 5), (5,)], [(5, 1), (1,)]], X=X, y=y)
    assert_param_count(clf, total=41, X=X, y=y)
    assert_output_shapes(clf, [(None, 5), (None, 1)], X=X, y=y)
    assert_trainable(clf, [True, True], X=X, y=y)


def test_helpers_pass_input_shape_to_describe() -> None:
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    assert_param_count(model, total=46, input_shape=(8,))
    assert_output_shapes(model, [(None, 4), (None, 2)])


# -- the table and the Architecture == Architecture explanation -------------------------


def test_table_elides_long_runs_only_and_keeps_one_row_gaps() -> None:
    rows = [Row((str(i), "x"), differs=i in (3, 9)) for i in range(20)]
    kept = [f"{'>' if i in (3, 9) else ' '} {i:>2}  x" for i in range(12)]
    assert format_table(("i", "v"), rows, verbose=False, right=(0,)) == [
        "   i  v",
        *kept,
        "  ... 8 matching rows ...",
        "(8 matching rows elided; use -v for the full table)",
    ]
    assert len(format_table(("i", "v"), rows, verbose=True)) == 21
    assert len(format_table(("i", "v"), rows[:12], verbose=False)) == 13  # small: never elided


def test_explain_difference_layer_by_layer() -> None:
    left, right = describe(lstm_classifier(50)), describe(lstm_classifier(51))
    assert explain_difference(left, right) == [
        "Architecture(Sequential 'sequential', 2 layers, 10,451 params) == "
        "Architecture(Sequential 'sequential', 2 layers, 10,864 params)",
        "2 of 2 layers differ (left != right):",
        "total_params: 10,451 != 10,864",
        "trainable_params: 10,451 != 10,864",
        "[0] lstm: LSTM",
        "    output_shape: (None, 50) != (None, 51)",
        "    weights: kernel (1, 200), recurrent_kernel (50, 200), bias (200,) != "
        "kernel (1, 204), recurrent_kernel (51, 204), bias (204,)",
        "    params: 10,400 != 10,812",
        "    trainable_params: 10,400 != 10,812",
        "    config['units']: 50 != 51",
        "[1] dense: Dense",
        "    weights: kernel (50, 1), bias (1,) != kernel (51, 1), bias (1,)",
        "    params: 51 != 52",
        "    trainable_params: 51 != 52",
    ]
    longer = describe(keras.Sequential([keras.Input((20, 1)), layers.LSTM(50), layers.Dense(1, activation="sigmoid"), layers.Dense(1)]))
    assert explain_difference(left, longer)[1:] == [
        "1 of 3 layers differ (left != right):",
        "outputs: (Port(name='dense', shape=(None, 1), dtype='float32'),) != "
        "(Port(name='dense_1', shape=(None, 1), dtype='float32'),)",
        "total_params: 10,451 != 10,453",
        "trainable_params: 10,451 != 10,453",
        "layers: 2 != 3",
        "[2] only on the right: dense_1: Dense",
    ]


def test_python_O_still_checks() -> None:
    import subprocess
    import sys

    code = (
        "from pytest_keras_arch import assert_param_count\n"
        "from pytest_keras_arch.architecture import Architecture\n"
        "arch = Architecture('Sequential', 's', (), (), (), 5, 5, 0)\n"
        "try:\n    assert_param_count(arch, total=4)\nexcept AssertionError as e:\n    print(str(e).splitlines()[0])\n"
    )
    result = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "expected 4 parameters in total, model has 5\n"


def test_layer_types_exact_false_works_for_classes_defined_in_a_function() -> None:
    class Local(layers.Dense):
        pass

    model = keras.Sequential([keras.Input((3,)), Local(2)])
    assert describe(model)[0].bases[:2] == ("Dense", "Layer")
    assert_layer_types(model, [layers.Dense], exact=False)
    assert_layer_types(model, ["Dense"], exact=False)
    message = failure(assert_layer_types, model, ["Lstm"], exact=False)
    assert message.splitlines()[0] == "layer types differ at 1 of 1 positions"


def test_more_entries_than_layers_is_a_failure_not_a_crash(lstm: Architecture) -> None:
    message = failure(assert_trainable, lstm, [True, True, True])
    assert message.splitlines()[0] == "expected 3 trainable flags, model has 2 layers"
    assert message.splitlines()[-1].startswith(">     -  -")
    message = failure(
        assert_weight_shapes, lstm, [[(1, 200), (50, 200), (200,)], [(50, 1), (1,)], [(1, 1)]]
    )
    assert message.splitlines()[0] == "expected weights for 3 layers, model has 2"
    assert message.splitlines()[-1].split() == [">", "-", "-", "-", "-", "(1,", "1)", "-"]
