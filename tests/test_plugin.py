"""The keras_model fixture and the unwrap hook, end to end through pytester (in-process)."""

from __future__ import annotations

import pytest

# Import the heavy stack here, in the outer session: pytester's in-process runs drop
# the modules they import when they end, and numpy/TensorFlow cannot load twice.
import keras  # noqa: F401
import numpy  # noqa: F401
import scikeras.wrappers  # noqa: F401
import sklearn.pipeline  # noqa: F401
import sklearn.preprocessing  # noqa: F401
from pytest_keras_arch import KerasModelFactory, UnwrapError, hooks, unwrap_model

SAMPLE = """
import numpy as np
import keras
import pytest

X = np.random.default_rng(0).normal(size=(40, 6)).astype("float32")
y = (X[:, 0] > 0).astype("int64")


def build(hidden=5):
    model = keras.Sequential([
        keras.Input(shape=(6,)),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    return model
"""


def test_fixture_end_to_end(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        SAMPLE
        + """
from scikeras.wrappers import KerasClassifier
from pytest_keras_arch import KerasModelFactory, UnwrapError


def test_unfitted_classifier(keras_model: KerasModelFactory):
    clf = KerasClassifier(model=build, model__hidden=7)
    model = keras_model(clf, X, y)
    assert model.count_params() == 57
    assert not hasattr(clf, "model_")


def test_model_as_is(keras_model):
    model = build()
    assert keras_model(model) is model


def test_error(keras_model):
    with pytest.raises(UnwrapError, match=r"KerasClassifier \\(not fitted\\)"):
        keras_model(KerasClassifier(model=build))
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_fixture_failure_shows_the_test_line_and_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
def test_bad(keras_model):
    keras_model("not a model")
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    # The plugin's errors are shown short, at the user's line (plugin internals cut).
    result.stdout.fnmatch_lines(
        [
            "test_fixture_failure_shows_the_test_line_and_message.py:2: in test_bad",
            "    keras_model(\"not a model\")",
            "E   pytest_keras_arch.errors.UnwrapError: unwrap_model got a str and could not "
            "reach a Keras model: the string 'not a model' is neither an existing file nor "
            "a path to a model (path: str). Pass a keras.Model or the path of a saved .keras "
            "or .h5 file.",
        ],
        consecutive=True,
    )
    assert "unwrap.py" not in result.stdout.str()


def test_fixtures_listing_shows_keras_model(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures", "-p", "no:randomly")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "keras_model -- *plugin.py:*",
            "    Factory: keras_model(obj, X=None, y=None, *, safe_mode=True) -> keras.Model.",
        ]
    )


def test_hook_in_conftest_is_consulted_and_its_result_unwrapped(
    pytester: pytest.Pytester,
) -> None:
    pytester.syspathinsert()
    pytester.makepyfile(
        boxes="""
class Box:
    def __init__(self, inner):
        self.inner = inner
"""
    )
    pytester.makeconftest(
        """
from boxes import Box


def pytest_keras_arch_unwrap(obj):
    if isinstance(obj, Box):
        return obj.inner
    return None
"""
    )
    pytester.makepyfile(
        test_boxes=SAMPLE
        + """
from scikeras.wrappers import KerasClassifier
from boxes import Box
from pytest_keras_arch import UnwrapError, unwrap_model


def test_box_of_build_function(keras_model):
    assert keras_model(Box(build)).count_params() == 41


def test_box_of_unfitted_wrapper_uses_sample():
    clf = KerasClassifier(model=build, model__hidden=7)
    assert unwrap_model(Box(Box(clf)), X, y).count_params() == 57


def test_box_in_pipeline(keras_model):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = Pipeline([("scale", StandardScaler()), ("box", Box(build))])
    assert keras_model(pipe).count_params() == 41


def test_chain_names_the_hook(keras_model):
    with pytest.raises(UnwrapError) as info:
        keras_model(Box(3))
    assert info.value.chain == ("Box", "pytest_keras_arch_unwrap", "int")
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=4)


def test_hook_error_is_chained(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
def pytest_keras_arch_unwrap(obj, X, y):
    if obj == "boom":
        raise RuntimeError("hook broke")
"""
    )
    pytester.makepyfile(
        """
import pytest
from pytest_keras_arch import UnwrapError


def test_it(keras_model):
    with pytest.raises(UnwrapError, match=r"hook raised RuntimeError: hook broke") as info:
        keras_model("boom")
    assert str(info.value.__cause__) == "hook broke"
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)


def test_hook_is_skipped_outside_a_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_configs", [])
    assert hooks.current_unwrap_hook() is None
    with pytest.raises(UnwrapError, match=r"builtins\.object is not a Keras model"):
        unwrap_model(object())


def test_factory_type_is_exported(keras_model: KerasModelFactory) -> None:
    assert keras_model.__name__ == "keras_model"  # as errors name it: keras_model() got ...
    assert KerasModelFactory.__module__ == "pytest_keras_arch.unwrap"
