"""describe(): exact shapes, weights and counts for models that are hard to describe."""

from __future__ import annotations

import dataclasses
import pickle

import keras
import numpy as np
import pytest
from builders import two_headed

from pytest_keras_arch import DescribeError, describe, render
from pytest_keras_arch.architecture import Architecture, ConfigMap, Layer, Port, Weight

layers = keras.layers


def lstm_classifier() -> keras.Model:
    return keras.Sequential(
        [keras.Input((20, 1)), layers.LSTM(50), layers.Dense(1, activation="sigmoid")]
    )


# -- the basics ----------------------------------------------------------------


def test_lstm_classifier_exact_description() -> None:
    arch = describe(lstm_classifier())
    assert arch.model_type == "Sequential"
    assert arch.name == "sequential"
    assert arch.inputs == (Port("input_layer", (None, 20, 1), "float32"),)
    assert arch.outputs == (Port("dense", (None, 1), "float32"),)
    assert arch.layer_types == ("LSTM", "Dense")
    assert arch.layer_names == ("lstm", "dense")
    assert arch.output_shapes == ((None, 50), (None, 1))
    assert arch.weight_shapes == (((1, 200), (50, 200), (200,)), ((50, 1), (1,)))
    assert [w.name for w in arch["lstm"].weights] == ["kernel", "recurrent_kernel", "bias"]
    assert (arch.total_params, arch.trainable_params, arch.non_trainable_params) == (10451, 10451, 0)
    assert [layer.params for layer in arch] == [10400, 51]
    assert arch["dense"].config == {"activation": "sigmoid", "units": 1, "use_bias": True}
    assert arch["lstm"].config["units"] == 50
    assert arch["lstm"].config["return_sequences"] is False
    assert arch["dense"].inbound == ("lstm",)
    assert arch.input_shape == (None, 20, 1)


def test_result_is_frozen_hashable_plain_data() -> None:
    arch = describe(lstm_classifier())
    assert isinstance(hash(arch), int)
    with pytest.raises(dataclasses.FrozenInstanceError):
        arch.total_params = 1  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(arch)) == arch
    assert describe(arch) is arch

    def plain(value: object) -> bool:
        if dataclasses.is_dataclass(value):
            return all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
        if isinstance(value, (tuple, list)):
            return all(plain(v) for v in value)
        if isinstance(value, ConfigMap):
            return all(plain(v) for v in value.values())
        return value is None or isinstance(value, (str, int, float, bool))

    assert plain(arch)


def test_lookup_by_name_index_and_path_and_clear_errors() -> None:
    arch = describe(lstm_classifier())
    assert arch[1] is arch["dense"] is arch.layer(-1)
    assert arch.index_of("dense") == 1
    assert arch["lstm"].weight("bias").shape == (200,)
    with pytest.raises(KeyError, match=r"no layer named 'dense_3'; its layers: lstm, dense"):
        arch["dense_3"]
    with pytest.raises(IndexError, match=r"layer index 5 is out of range: the model has 2 layers \(0 to 1\)"):
        arch[5]
    with pytest.raises(KeyError, match=r"layer 'lstm' has no weight 'gamma'; its weights: kernel, recurrent_kernel, bias"):
        arch["lstm"].weight("gamma")


def test_two_headed_functional_model_keyed_by_output_name() -> None:
    arch = describe(two_headed())
    assert arch.output_names == ("price", "ratio")
    assert [port.shape for port in arch.outputs] == [(None, 1), (None, 1)]
    assert arch.total_params == 18562
    assert arch.layer_names == ("input_layer", "dense", "dense_1", "price", "ratio")
    assert arch["ratio"].inbound == ("dense_1",)
    assert arch["price"].inbound == ("dense",)


def test_dict_outputs_are_keyed_by_dict_key() -> None:
    inputs = keras.Input((6,), name="features")
    outputs = {"score": layers.Dense(1)(inputs), "label": layers.Dense(3, activation="softmax")(inputs)}
    arch = describe(keras.Model(inputs, outputs))
    # in model.output_names order (keras.tree sorts dict keys)
    assert [(p.name, p.shape) for p in arch.outputs] == [("label", (None, 3)), ("score", (None, 1))]
    assert arch.inputs == (Port("features", (None, 6), "float32"),)
    assert arch.total_params == 7 + 21


# -- canonical names -------------------------------------------------------------


def test_names_do_not_depend_on_what_ran_before() -> None:
    first = describe(lstm_classifier())
    for _ in range(3):  # bump every counter involved
        layers.Dense(2)
        layers.LSTM(2)
        keras.Sequential()
        keras.Input((3,))
    second_model = lstm_classifier()
    assert second_model.layers[1].name != "dense"  # Keras' own name moved on
    second = describe(second_model)
    assert second == first
    assert render(second) == render(first)


def test_user_names_are_kept_and_auto_names_renumbered_around_them() -> None:
    layers.Dense(1)  # make Keras' counter non-zero
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3), layers.Dense(2, name="head"), layers.Dense(1)]
    )
    assert describe(model).layer_names == ("dense", "head", "dense_1")
    # a user name that another class's auto-names would produce is kept, and
    # the auto-named InputLayer steps around it
    inputs = keras.Input((4,))
    functional = keras.Model(inputs, layers.Dense(2, name="input_layer")(inputs))
    assert describe(functional).layer_names == ("input_layer_1", "input_layer")


def test_user_name_that_looks_auto_generated_is_renumbered() -> None:
    # documented limitation: 'dense_7' cannot be told from Keras' own names
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2, name="dense_7")])
    assert describe(model).layer_names == ("dense",)


def test_bidirectional_and_weight_names_are_canonical() -> None:
    def build() -> keras.Model:
        return keras.Sequential([keras.Input((10, 5)), layers.Bidirectional(layers.LSTM(8)), layers.Dense(1)])

    arch = describe(build())
    layers.LSTM(1)
    layers.Bidirectional(layers.LSTM(1))
    again = describe(build())
    assert again == arch
    bidi = arch["bidirectional"]
    assert bidi.output_shape == (None, 16)
    assert [w.name for w in bidi.weights] == [
        "forward_lstm/lstm_cell/kernel",
        "forward_lstm/lstm_cell/recurrent_kernel",
        "forward_lstm/lstm_cell/bias",
        "backward_lstm/lstm_cell/kernel",
        "backward_lstm/lstm_cell/recurrent_kernel",
        "backward_lstm/lstm_cell/bias",
    ]
    assert bidi.weight_shapes == ((5, 32), (8, 32), (32,)) * 2
    assert bidi.params == 2 * (5 * 32 + 8 * 32 + 32) == 896
    assert bidi.config["merge_mode"] == "concat"
    assert bidi.config["layer"]["type"] == "LSTM"
    assert bidi.config["layer"]["units"] == 8


@pytest.mark.parametrize(
    ("merge_mode", "output"),
    [("concat", (None, 16)), ("sum", (None, 8)), ("mul", (None, 8)), ("ave", (None, 8)), (None, ((None, 8), (None, 8)))],
)
def test_bidirectional_merge_modes(merge_mode: str | None, output: object) -> None:
    model = keras.Sequential([keras.Input((10, 5)), layers.Bidirectional(layers.LSTM(8), merge_mode=merge_mode)])
    arch = describe(model)
    assert arch[0].output_shape == output
    assert arch[0].config["merge_mode"] == merge_mode
    assert arch.total_params == 896


def test_unnamed_custom_variables_are_renumbered_per_layer() -> None:
    class Scale(layers.Layer):
        def build(self, input_shape: tuple[int, ...]) -> None:
            self.a = self.add_weight(shape=(input_shape[-1],))
            self.b = self.add_weight(shape=())

        def call(self, x: object) -> object:
            return x * self.a + self.b

    def build() -> keras.Model:
        return keras.Sequential([keras.Input((3,)), Scale()])

    first = describe(build())
    second = describe(build())
    assert [w.name for w in first[0].weights] == ["variable", "variable_1"]
    assert first[0].weight_shapes == ((3,), ())
    assert first[0].params == 4
    assert first == second
    assert first[0].type == f"{__name__}.Scale"


# -- layers that are hard to describe ---------------------------------------------


def test_lstm_return_sequences_and_cases_14_15() -> None:
    arch = describe(keras.Sequential([keras.Input((10, 5)), layers.LSTM(120)]))
    assert arch[0].weight_shapes == ((5, 480), (120, 480), (480,))
    assert arch.total_params == 60480
    seq = describe(keras.Sequential([keras.Input((10, 5)), layers.LSTM(8, return_sequences=True)]))
    assert seq[0].output_shape == (None, 10, 8)
    assert seq.total_params == 448
    gru = describe(keras.Sequential([keras.Input((7, 4)), layers.GRU(5)]))
    assert gru[0].weight_shapes == ((4, 15), (5, 15), (2, 15))
    assert gru.total_params == 165
    gru_v1 = describe(keras.Sequential([keras.Input((7, 4)), layers.GRU(5, reset_after=False)]))
    assert gru_v1[0].weight_shapes == ((4, 15), (5, 15), (15,))
    assert gru_v1.total_params == 150
    assert gru_v1[0].config["reset_after"] is False


def test_return_state_gives_a_tuple_of_shapes_with_one_call() -> None:
    inputs = keras.Input((10, 5))
    outputs, state_h, state_c = layers.LSTM(8, return_state=True)(inputs)
    arch = describe(keras.Model(inputs, [outputs, state_h, state_c]))
    lstm = arch["lstm"]
    assert lstm.calls == 1
    assert lstm.output_shape == ((None, 8), (None, 8), (None, 8))


def test_shared_layer_has_one_entry_per_call_site_counted_once() -> None:
    left, right = keras.Input((4,)), keras.Input((6, 4))
    shared = layers.Dense(3, name="shared")
    merged = layers.Concatenate(axis=1)([layers.Reshape((1, 3))(shared(left)), shared(right)])
    arch = describe(keras.Model([left, right], merged))
    row = arch["shared"]
    assert row.calls == 2
    assert row.output_shape == ((None, 3), (None, 6, 3))
    assert row.params == 15
    assert arch.total_params == 15
    assert row.inbound == ("input_layer", "input_layer_1")
    assert arch.input_shape == [(None, 4), (None, 6, 4)]


def test_nested_models_are_expanded_and_counted_once() -> None:
    encoder = keras.Sequential(
        [keras.Input((10,)), layers.Dense(4), layers.BatchNormalization()], name="encoder"
    )
    inputs = keras.Input((10,))
    model = keras.Model(inputs, layers.Dense(1)(encoder(inputs)))
    arch = describe(model)
    assert [layer.path for layer in arch] == [
        "input_layer",
        "encoder",
        "encoder/dense",
        "encoder/batch_normalization",
        "dense_1",
    ]
    assert arch["encoder"].is_model and arch["encoder"].params == 0
    assert arch["encoder"].output_shape == (None, 4)
    assert arch["encoder/dense"].depth == 1
    assert sum(layer.params for layer in arch) == arch.total_params == model.count_params() == 65
    assert (arch.trainable_params, arch.non_trainable_params) == (57, 8)


def test_batch_norm_and_frozen_layers_count_as_non_trainable() -> None:
    model = keras.Sequential([keras.Input((10,)), layers.Dense(4), layers.BatchNormalization()])
    arch = describe(model)
    assert (arch.total_params, arch.trainable_params, arch.non_trainable_params) == (60, 52, 8)
    bn = arch["batch_normalization"]
    assert bn.config["axis"] == 1  # -1 resolved against the output rank, as tf_keras stores it
    assert [(w.name, w.trainable) for w in bn.weights] == [
        ("gamma", True), ("beta", True), ("moving_mean", False), ("moving_variance", False)
    ]
    model.layers[0].trainable = False
    frozen = describe(model)
    assert frozen["dense"].trainable is False
    assert frozen["dense"].trainable_params == 0
    assert (frozen.trainable_params, frozen.non_trainable_params) == (8, 52)
    assert frozen != arch


def test_frozen_nested_model() -> None:
    base = keras.Sequential([keras.Input((8,)), layers.Dense(4)], name="base")
    base.trainable = False
    inputs = keras.Input((8,))
    arch = describe(keras.Model(inputs, layers.Dense(2)(base(inputs))))
    assert arch["base"].trainable is False
    assert arch["base/dense"].trainable_params == 0
    assert (arch.trainable_params, arch.non_trainable_params) == (10, 36)


def test_time_distributed_and_conv_lstm() -> None:
    model = keras.Sequential(
        [keras.Input((5, 8, 8, 3)), layers.TimeDistributed(layers.Conv2D(4, 3)), layers.ConvLSTM2D(2, 3)]
    )
    arch = describe(model)
    td = arch["time_distributed"]
    assert td.output_shape == (None, 5, 6, 6, 4)
    assert td.config["layer"] == {
        "type": "Conv2D", "activation": "linear", "data_format": "channels_last",
        "dilation_rate": (1, 1), "filters": 4, "groups": 1, "kernel_size": (3, 3),
        "padding": "valid", "strides": (1, 1), "use_bias": True,
    }
    assert td.weight_shapes == ((3, 3, 3, 4), (4,))
    conv_lstm = arch["conv_lstm2d"]
    assert conv_lstm.output_shape == (None, 4, 4, 2)
    assert conv_lstm.weight_shapes == ((3, 3, 4, 8), (3, 3, 2, 8), (8,))
    assert arch.total_params == 112 + (288 + 144 + 8) == model.count_params()


def test_depthwise_separable_grouped_convolutions() -> None:
    model = keras.Sequential(
        [
            keras.Input((16, 16, 8)),
            layers.DepthwiseConv2D(3, depth_multiplier=2),
            layers.SeparableConv2D(4, 3),
            layers.Conv2D(8, 1, groups=2),
        ]
    )
    arch = describe(model)
    assert arch.weight_shapes == (
        ((3, 3, 8, 2), (16,)),
        ((3, 3, 16, 1), (1, 1, 16, 4), (4,)),
        ((1, 1, 2, 8), (8,)),
    )
    assert arch.output_shapes == ((None, 14, 14, 16), (None, 12, 12, 4), (None, 12, 12, 8))
    assert arch[0].config["depth_multiplier"] == 2
    assert arch[2].config["groups"] == 2
    assert arch.total_params == 160 + 212 + 24


def test_attention_projections_have_unique_weight_names() -> None:
    inputs = keras.Input((5, 16))
    arch = describe(keras.Model(inputs, layers.MultiHeadAttention(2, 8)(inputs, inputs)))
    mha = arch["multi_head_attention"]
    assert [w.name for w in mha.weights] == [
        "query/kernel", "query/bias", "key/kernel", "key/bias",
        "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias",
    ]
    assert mha.params == 1088


def test_rnn_over_a_list_of_cells_and_stateful_batch_size() -> None:
    model = keras.Sequential(
        [keras.Input((6, 3)), layers.RNN([layers.LSTMCell(4), layers.GRUCell(2)])]
    )
    arch = describe(model)
    assert arch[0].output_shape == (None, 2)
    assert [cell["type"] for cell in arch[0].config["cells"]] == ["LSTMCell", "GRUCell"]
    assert arch.total_params == (3 * 16 + 4 * 16 + 16) + (4 * 6 + 2 * 6 + 12) == 176
    stateful = keras.Sequential([keras.Input(batch_shape=(8, 6, 3)), layers.LSTM(4, stateful=True)])
    described = describe(stateful)
    assert described.inputs[0].shape == (8, 6, 3)
    assert described[0].output_shape == (8, 4)
    assert described[0].config["stateful"] is True


def test_embedding_ignored_arguments_and_preprocessing_state() -> None:
    arch = describe(keras.Sequential([keras.Input((10,)), layers.Embedding(100, 8)]))
    assert arch[0].weight_shapes == ((100, 8),)
    assert arch[0].output_shape == (None, 10, 8)
    norm = layers.Normalization()
    norm.adapt(np.arange(12, dtype="float32").reshape(4, 3))
    adapted = describe(keras.Sequential([keras.Input((3,)), norm]))
    assert [(w.name, w.shape, w.dtype, w.trainable) for w in adapted[0].weights] == [
        ("mean", (3,), "float32", False),
        ("variance", (3,), "float32", False),
        # stored dtype: JAX runs without 64-bit types unless jax_enable_x64 is set
        ("count", (), "int32" if keras.backend.backend() == "jax" else "int64", False),
    ]
    assert adapted.total_params == 7 == adapted.non_trainable_params


def test_mixed_precision_policy_per_layer() -> None:
    dense = layers.Dense(4, dtype="mixed_float16")
    arch = describe(keras.Sequential([keras.Input((3,)), dense, layers.Dense(1)]))
    assert arch[0].dtype_policy == "mixed_float16"
    assert arch[0].weights[0].dtype == "float32"  # variables stay float32
    assert arch[1].dtype_policy == "float32"
    assert "dtype policy: mixed_float16" in render(arch)


def test_int8_quantized_weights_report_stored_dtype() -> None:
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    model.quantize("int8")
    arch = describe(model)
    kernel = arch[0].weight("kernel")
    assert (kernel.shape, kernel.dtype) == ((4, 3), "int8")
    assert arch[0].dtype_policy == "int8_from_float32"
    assert sum(layer.params for layer in arch) == arch.total_params == model.count_params()


def test_lora_adds_weights_and_changes_trainable_counts() -> None:
    model = keras.Sequential([keras.Input((6,)), layers.Dense(5)])
    model.layers[0].enable_lora(2)
    arch = describe(model)
    names = {w.name: (w.shape, w.trainable) for w in arch[0].weights}
    assert names["lora_kernel_a"] == ((6, 2), True)
    assert names["lora_kernel_b"] == ((2, 5), True)
    assert names["kernel"] == ((6, 5), False)
    assert arch.total_params == 35 + 12 + 10 == model.count_params()
    assert arch.trainable_params == 5 + 12 + 10


def test_tied_weights_are_counted_once_and_shown_as_borrowed() -> None:
    class TiedOutput(layers.Layer):
        def __init__(self, embedding: layers.Embedding, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.embedding = embedding

        def call(self, x: object) -> object:
            return keras.ops.matmul(x, keras.ops.transpose(self.embedding.embeddings))

    inputs = keras.Input((4,), dtype="int32")
    embedding = layers.Embedding(20, 8)
    hidden = embedding(inputs)
    logits = TiedOutput(embedding)(hidden)
    model = keras.Model(inputs, logits)
    arch = describe(model)
    assert arch["embedding"].params == 160
    tied = arch["tied_output"]
    assert tied.params == 0
    assert [(w.name, w.borrowed_from) for w in tied.weights] == [("embeddings", "embedding")]
    assert arch.total_params == 160 == model.count_params()
    assert arch.outputs[0].shape == (None, 4, 20)


# -- unbuilt and subclassed models -------------------------------------------------


def test_unbuilt_sequential_without_input_shape_is_a_clear_error() -> None:
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    with pytest.raises(DescribeError, match=r"is not built: its layer '\w+' \(Dense\) is not built.*Pass input_shape="):
        describe(model)


def test_unbuilt_sequential_with_input_shape_case_9() -> None:
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    arch = describe(model, input_shape=(8,))
    assert arch.output_shapes == ((None, 4), (None, 2))
    assert arch.total_params == 46
    assert arch["dense_1"].inbound == ("dense",)


class _Encoder(keras.Model):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.hidden = layers.Dense(4, activation="relu")
        self.head = layers.Dense(2)
        self.spare = layers.Dense(9)  # never called

    def call(self, x: object) -> object:
        return self.head(self.hidden(x))


def test_subclassed_model_shapes_are_recorded_and_unused_layers_reported() -> None:
    model = _Encoder()
    arch = describe(model, input_shape=(8,))
    assert arch.model_type == f"{__name__}._Encoder"
    assert arch.name == "__encoder"  # TensorFlow rejects this as a root name scope
    assert arch.output_shapes == ((None, 4), (None, 2), None)
    assert [layer.calls for layer in arch] == [1, 1, 0]
    assert arch["dense_2"].built is False
    assert arch.total_params == 46
    assert "[2] dense_2: Dense\n    output: not built" in render(arch)


def test_subclassed_model_built_on_data_is_described_without_input_shape() -> None:
    model = _Encoder()
    model(np.zeros((3, 8), "float32"))
    nodes_before = len(model._inbound_nodes)
    arch = describe(model)
    assert arch.output_shapes[:2] == ((None, 4), (None, 2))
    assert arch.inputs == (Port("input_layer", (None, 8), "float32"),)
    assert len(model._inbound_nodes) == nodes_before  # no graph nodes left behind


def test_unbuilt_subclassed_model_without_input_shape_is_a_clear_error() -> None:
    with pytest.raises(DescribeError, match=r"_Encoder model '__encoder\w*' is not built.*input_shape="):
        describe(_Encoder())


def test_wrong_input_shape_for_a_built_model() -> None:
    with pytest.raises(
        DescribeError,
        match=r"input_shape=\(21, 1\) does not match the Sequential model .* built for inputs of shape \(20, 1\)",
    ):
        describe(lstm_classifier(), input_shape=(21, 1))
    assert describe(lstm_classifier(), input_shape=(20, 1)).total_params == 10451


@pytest.mark.parametrize(
    ("input_shape", "message"),
    [
        ("20", r"input_shape must be a tuple of dimensions"),
        ((20, -1), r"has the dimension -1"),
        ((20, 1.5), r"has the dimension 1.5"),
    ],
)
def test_malformed_input_shape(input_shape: object, message: str) -> None:
    with pytest.raises(DescribeError, match=message):
        describe(keras.Sequential([layers.Dense(2)]), input_shape=input_shape)  # type: ignore[arg-type]


def test_input_shape_incompatible_with_layers_chains_the_keras_error() -> None:
    model = keras.Sequential([layers.Conv2D(2, 3)])
    with pytest.raises(DescribeError, match=r"symbolic input of shape \(8,\).*failed with ValueError") as info:
        describe(model, input_shape=(8,))
    assert info.value.__cause__ is not None


def test_describe_leaves_name_counters_as_they_were() -> None:
    from keras.src.backend.common import global_state

    model = _Encoder()
    before = dict(global_state.get_global_attribute("object_name_uids"))
    describe(model, input_shape=(8,))
    assert dict(global_state.get_global_attribute("object_name_uids")) == before


def test_nested_subclassed_model_inside_functional() -> None:
    inputs = keras.Input((8,))
    inner = _Encoder(name="inner")
    model = keras.Model(inputs, layers.Dense(1)(inner(inputs)))
    arch = describe(model)
    assert [layer.path for layer in arch] == [
        "input_layer", "inner", "inner/dense", "inner/dense_1", "inner/dense_2", "dense_3",
    ]
    assert arch["inner/dense"].output_shape == (None, 4)
    assert arch["inner/dense_1"].output_shape == (None, 2)
    assert arch["inner"].output_shape == (None, 2)
    assert sum(layer.params for layer in arch) == arch.total_params == 49


def test_layer_dataclass_defaults_are_consistent() -> None:
    layer = Layer(name="d", path="d", type="Dense", output_shape=(None, 1), weights=(Weight("kernel", (2, 1), "float32", True),), params=2, trainable_params=2)
    assert layer.non_trainable_params == 0
    assert layer.weights[0].size == 2
    assert isinstance(Architecture, type)


def test_keras_file_round_trip_gives_the_same_description(tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "model.keras"
    model = keras.Sequential([keras.Input((10, 5)), layers.Bidirectional(layers.LSTM(8)), layers.Dense(1)])
    model.save(path)
    original = describe(model)
    loaded = describe(str(path))  # variable paths lose the model prefix on load
    assert loaded == original
    assert render(loaded) == render(original)


def test_text_vectorization_and_lookup_state() -> None:
    vectorize = layers.TextVectorization(max_tokens=10, output_sequence_length=4)
    vectorize.adapt(["a b c", "b c d"])
    model = keras.Sequential([keras.Input((1,), dtype="string"), vectorize, layers.Embedding(10, 3)])
    arch = describe(model)
    assert arch.inputs[0].dtype == "string"
    assert arch.output_shapes == ((None, 4), (None, 4, 3))
    assert arch[0].config == {"max_tokens": 10, "output_mode": "int", "output_sequence_length": 4}
    assert arch.total_params == 30


def test_global_mixed_precision_policy_is_reported_and_left_alone() -> None:
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
        arch = describe(model)
        assert keras.mixed_precision.global_policy().name == "mixed_float16"
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert arch[0].dtype_policy == "mixed_float16"
    assert arch.outputs[0].dtype == "float16"
    assert arch[0].weights[0].dtype == "float32"
