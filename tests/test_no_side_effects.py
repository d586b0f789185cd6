"""Nothing lost, nothing changed: unwrapping, describing, asserting and
snapshotting leave the user's objects and Keras' global state as they were.

Checked after every operation: an estimator's ``get_params()`` and fitted
state, weight values (bitwise), compile state, model and layer names and
trainable flags, Keras' name counters, global dtype policy and ``floatx``;
and that a run writes no file outside syrupy's snapshot directory.

One documented exception: ``describe(model, input_shape=...)`` on an unbuilt
model builds that model in place (its weights are created, as its first real
call would), because an unbuilt model has nothing to describe.
"""

from __future__ import annotations

import copy
import os
from typing import Any, Callable

import pytest
from builders import build

from pytest_keras_arch import describe, render, unwrap_model
from pytest_keras_arch.assertions import (
    assert_layer_types,
    assert_output_shapes,
    assert_param_count,
    assert_trainable,
    assert_weight_shapes,
)


def keras_globals() -> dict[str, Any]:
    import keras
    from keras.src.backend.common import global_state

    uids = global_state.get_global_attribute("object_name_uids")
    return {
        "object_name_uids": dict(uids) if uids is not None else None,
        "dtype_policy": keras.config.dtype_policy().name,
        "floatx": keras.config.floatx(),
    }


def model_state(model: Any) -> dict[str, Any]:
    """Everything of a model the plugin must not change, as plain comparable data."""
    layers = list(model._flatten_layers(include_self=True, recursive=True))
    state: dict[str, Any] = {
        "names": [layer.name for layer in layers],
        "trainable": [bool(layer.trainable) for layer in layers],
        "built": [bool(layer.built) for layer in layers],
        "weights": [(v.path, bytes(v.numpy().tobytes())) for v in model.weights],
        "trainable_weights": [v.path for v in model.trainable_weights],
        "compiled": bool(getattr(model, "compiled", False)),
        "optimizer": id(getattr(model, "optimizer", None)),
        "inbound_nodes": [len(layer._inbound_nodes) for layer in layers],
        "outbound_nodes": [len(layer._outbound_nodes) for layer in layers],
    }
    if state["compiled"]:
        state["compile_config"] = repr(model.get_compile_config())
        state["iterations"] = int(model.optimizer.iterations.numpy())
        state["optimizer_variables"] = [
            bytes(v.numpy().tobytes()) for v in model.optimizer.variables
        ]
    return state


def estimator_state(est: Any) -> dict[str, Any]:
    fitted = {k: v for k, v in vars(est).items() if k.endswith("_") and not k.startswith("_")}
    state: dict[str, Any] = {
        "params": {k: repr(v) for k, v in est.get_params(deep=False).items()},
        "fitted_attributes": sorted(fitted),
    }
    if hasattr(est, "model_"):
        state["model"] = model_state(est.model_)
    return state


def operations(obj: Any, **kwargs: Any) -> list[tuple[str, Callable[[], Any]]]:
    """Every read-only use of ``obj`` the plugin offers (snapshots: see below)."""
    return [
        ("unwrap", lambda: unwrap_model(obj, **kwargs)),
        ("describe", lambda: describe(obj, **kwargs)),
        ("render", lambda: render(describe(obj, **kwargs), detail="compile")),
        ("layer_types", lambda: assert_layer_types(obj, ["Dense", "Dense"], **kwargs)),
        ("output_shapes", lambda: assert_output_shapes(obj, [(None, 5), (None, 1)], **kwargs)),
        ("weight_shapes", lambda: assert_weight_shapes(obj, {0: [(6, 5), (5,)]}, **kwargs)),
        ("param_count", lambda: assert_param_count(obj, total=41, trainable=41, **kwargs)),
        ("trainable", lambda: assert_trainable(obj, [True, True], **kwargs)),
        ("failing_assertion", lambda: _fails(lambda: assert_param_count(obj, total=1, **kwargs))),
    ]


def _fails(call: Callable[[], Any]) -> None:
    with pytest.raises(AssertionError):
        call()


OPERATION_IDS = [name for name, _ in operations(None)]


@pytest.fixture(scope="module")
def trained() -> Any:
    """A model that has been fitted once, so its optimizer has state too."""
    import numpy as np

    model = build()
    X = np.random.default_rng(1).normal(size=(16, 6)).astype("float32")  # noqa: N806
    model.fit(X, (X[:, 0] > 0).astype("float32"), epochs=1, verbose=0)
    return model


@pytest.mark.parametrize("operation", OPERATION_IDS)
def test_model_unchanged(operation: str, trained: Any) -> None:
    before, globals_before = model_state(trained), keras_globals()
    dict(operations(trained))[operation]()
    assert model_state(trained) == before
    assert keras_globals() == globals_before


@pytest.mark.parametrize("operation", OPERATION_IDS)
def test_fitted_estimator_unchanged(operation: str, fitted_classifier: Any, X: Any) -> None:  # noqa: N803
    before, globals_before = estimator_state(fitted_classifier), keras_globals()
    dict(operations(fitted_classifier))[operation]()
    assert estimator_state(fitted_classifier) == before
    assert keras_globals() == globals_before


@pytest.mark.parametrize("operation", ["unwrap", "describe", "param_count", "failing_assertion"])
def test_unfitted_estimator_stays_unfitted(operation: str, X: Any, y: Any) -> None:  # noqa: N803
    from scikeras.wrappers import KerasClassifier

    clf = KerasClassifier(model=build, model__hidden=5, epochs=1, verbose=0)
    params = copy.deepcopy(clf.get_params())
    before, globals_before = estimator_state(clf), keras_globals()
    dict(operations(clf, X=X, y=y))[operation]()
    assert estimator_state(clf) == before
    assert keras_globals() == globals_before
    assert not hasattr(clf, "model_")
    assert set(clf.get_params()) == set(params)
    assert {k: repr(v) for k, v in clf.get_params().items()} == {
        k: repr(v) for k, v in params.items()
    }


def test_describe_leaves_name_counters_when_building_a_copy(X: Any, y: Any) -> None:  # noqa: N803
    """Building an unfitted estimator's model on a clone names no model of the user's."""
    from scikeras.wrappers import KerasClassifier

    before = keras_globals()
    describe(KerasClassifier(model=build, verbose=0), X, y)
    assert keras_globals() == before


def test_unbuilt_model_is_built_in_place_and_nothing_else() -> None:
    """The documented exception: input_shape= builds an unbuilt model, as a call would."""
    import keras

    model = keras.Sequential([keras.layers.Dense(4, name="hidden"), keras.layers.Dense(2)])
    names = [layer.name for layer in model.layers] + [model.name]
    before = keras_globals()
    arch = describe(model, input_shape=(8,))
    assert arch.total_params == 46
    assert model.built and model.count_params() == 46
    assert [layer.name for layer in model.layers] + [model.name] == names
    assert keras_globals() == before  # the keras.Input(s) it made are forgotten
    state = model_state(model)
    describe(model, input_shape=(8,))
    assert model_state(model) == state  # a second describe changes nothing more


def test_global_policy_and_floatx_survive(trained: Any) -> None:
    import keras

    policy, floatx = keras.config.dtype_policy(), keras.config.floatx()
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        model = build()
        describe(model)
        render(describe(model))
        assert keras.config.dtype_policy().name == "mixed_bfloat16"
        assert keras.config.floatx() == floatx
    finally:
        keras.config.set_dtype_policy(policy)


def test_saved_file_is_not_touched(tmp_path: Any, trained: Any) -> None:
    path = tmp_path / "model.keras"
    trained.save(path)
    stat, data = os.stat(path), path.read_bytes()
    describe(path)
    assert path.read_bytes() == data
    assert os.stat(path).st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.keras"]
