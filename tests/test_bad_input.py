"""The bad-input catalogue: every way a user can hand the plugin the wrong thing.

Each :class:`Case` is one mistake, the exception it must raise and a fragment
of the message (matched literally, so the catalogue doubles as documentation:
the README section "Errors you may see" is checked against it). Every message
is short (a few lines), names what was given and says how to fix it; where the
plugin wraps a Keras, scikit-learn or scikeras error, the original is chained
(``__cause__``), never the only explanation. A pytester run shows a few of the
cases end as ordinary test failures, with no INTERNALERROR.
"""

from __future__ import annotations

import functools
import pathlib
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from builders import build

from pytest_keras_arch import DescribeError, KerasArchError, UnwrapError, describe, unwrap_model

MAX_LINES = 6
MAX_CHARS = 700


# --------------------------------------------------------------------------
# what the cases need, built once per module and only when asked for


class Env:
    """Lazily built inputs of the cases (files, samples, estimators)."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root

    @functools.cached_property
    def X(self) -> Any:  # noqa: N802
        import numpy as np

        return np.random.default_rng(0).normal(size=(40, 6)).astype("float32")

    @functools.cached_property
    def y(self) -> Any:
        return (self.X[:, 0] > 0).astype("int64")

    @functools.cached_property
    def model(self) -> Any:
        return build()

    def file(self, name: str, content: bytes) -> pathlib.Path:
        path = self.root / name
        path.write_bytes(content)
        return path

    @functools.cached_property
    def saved(self) -> pathlib.Path:
        path = self.root / "good.keras"
        self.model.save(path)
        return path

    @functools.cached_property
    def truncated(self) -> pathlib.Path:
        data = self.saved.read_bytes()
        return self.file("truncated.keras", data[: len(data) // 2])

    @functools.cached_property
    def with_lambda(self) -> pathlib.Path:
        import keras

        model = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda t: t * 2)])
        path = self.root / "lambda.keras"
        model.save(path)
        return path

    def classifier(self, **params: Any) -> Any:
        from scikeras.wrappers import KerasClassifier

        return KerasClassifier(**{"model": build, "epochs": 1, "verbose": 0, **params})

    @functools.cached_property
    def search_no_refit(self) -> Any:
        from sklearn.model_selection import GridSearchCV

        search = GridSearchCV(self.classifier(), {"model__hidden": [3]}, refit=False, cv=2)
        return search.fit(self.X, self.y)

    @functools.cached_property
    def bagging(self) -> Any:
        from sklearn.ensemble import BaggingClassifier

        return BaggingClassifier(self.classifier(), n_estimators=2, random_state=0).fit(
            self.X, self.y
        )


def _unbuilt() -> Any:
    import keras

    return keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])


def _conv_unbuilt() -> Any:
    import keras

    return keras.Sequential([keras.layers.Conv2D(2, 3)])


def broken_builder() -> Any:
    raise RuntimeError("boom")


def builder_without_input() -> Any:
    import keras

    return keras.Sequential([keras.layers.Dense(5), keras.layers.Dense(1)])


def tf_keras_builder() -> Any:
    import tf_keras

    return tf_keras.Sequential([tf_keras.Input((6,)), tf_keras.layers.Dense(1)])


class LegacyWrapper:
    """Shaped like keras.wrappers.scikit_learn.KerasClassifier (gone from Keras 3)."""

    def __init__(self) -> None:
        self.build_fn = build
        self.sk_params: dict[str, Any] = {}


def _assertion(name: str) -> Callable[..., Any]:
    from pytest_keras_arch import assertions

    return getattr(assertions, name)


# --------------------------------------------------------------------------
# the catalogue


@dataclass(frozen=True)
class Case:
    id: str
    call: Callable[[Env], Any]
    error: type[BaseException]
    message: str  # a literal fragment of the message
    chained: bool = False  # wraps a library error, which must be the __cause__


def _sklearn_plain(env: Env) -> Any:
    from sklearn.linear_model import LogisticRegression

    return unwrap_model(LogisticRegression())


def _pipeline_without_keras(env: Env) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return unwrap_model(make_pipeline(StandardScaler(), LogisticRegression()))


def _unfitted_search(env: Env) -> Any:
    from sklearn.model_selection import GridSearchCV

    return unwrap_model(GridSearchCV(env.classifier(), {"model__hidden": [3, 4]}))


def _unfitted_ensemble(env: Env) -> Any:
    from sklearn.ensemble import BaggingClassifier

    return unwrap_model(BaggingClassifier(env.classifier()))


CASES: list[Case] = [
    # -- not a model at all
    Case("none", lambda env: unwrap_model(None), UnwrapError,
         "unwrap_model got None and could not reach a Keras model: builtins.NoneType is "
         "not a Keras model nor anything known to hold one"),
    Case("int", lambda env: unwrap_model(3), UnwrapError,
         "unwrap_model got an int and could not reach a Keras model"),
    Case("float", lambda env: unwrap_model(0.5), UnwrapError,
         "builtins.float is not a Keras model nor anything known to hold one"),
    Case("list-of-models", lambda env: unwrap_model([env.model]), UnwrapError,
         "builtins.list is not a Keras model nor anything known to hold one"),
    Case("the-class", lambda env: unwrap_model(env.model.__class__), UnwrapError,
         "received the class Sequential, not an instance"),
    Case("a-single-layer", lambda env: unwrap_model(env.model.layers[0]), UnwrapError,
         "received a single Dense layer, not a model"),
    # -- strings and files
    Case("string-not-a-path", lambda env: unwrap_model("my model"), UnwrapError,
         "the string 'my model' is neither an existing file nor a path to a model"),
    Case("missing-file", lambda env: unwrap_model(env.root / "nope" / "model.keras"),
         UnwrapError, "no such file: "),
    Case("directory", lambda env: unwrap_model(env.root), UnwrapError,
         "is a directory (a TensorFlow SavedModel?), not a model file"),
    Case("text-named-keras", lambda env: unwrap_model(env.file("notes.keras", b"hello")),
         UnwrapError, "is not a .keras file: it is not a zip archive"),
    Case("wrong-suffix", lambda env: unwrap_model(env.file("model.txt", b"hello")),
         UnwrapError, "has the suffix '.txt'; Keras 3 loads .keras and .h5 model files only"),
    Case("text-named-h5", lambda env: unwrap_model(env.file("weights.h5", b"hello")),
         UnwrapError, "is not an HDF5 file, as a .h5 model must be"),
    Case("truncated-keras-file", lambda env: unwrap_model(env.truncated), UnwrapError,
         "Keras could not load", chained=True),
    Case("empty-zip-keras-file",
         lambda env: unwrap_model(_empty_zip(env.root / "empty.keras")), UnwrapError,
         "Keras could not load", chained=True),
    Case("lambda-layer-safe-mode", lambda env: unwrap_model(env.with_lambda), UnwrapError,
         "which Keras' safe mode refuses", chained=True),
    # -- scikit-learn, scikeras
    Case("plain-sklearn-estimator", _sklearn_plain, UnwrapError,
         "is a scikit-learn estimator that holds no Keras model"),
    Case("unfitted-scikeras-without-X", lambda env: unwrap_model(env.classifier()),
         UnwrapError,
         "the KerasClassifier is not fitted and no sample was given (path: KerasClassifier "
         "(not fitted)). Fit it first (clf.fit(X, y)), or pass a sample X="),
    Case("X-wrong-width", lambda env: unwrap_model(env.classifier(), env.X[:, :4], env.y),
         UnwrapError, "the model expects inputs of shape (None, 6) but X has shape (40, 4)"),
    Case("X-wrong-rank", lambda env: unwrap_model(env.classifier(), env.X[:, :, None], env.y),
         UnwrapError, "the model expects inputs of shape (None, 6) but X has shape (40, 6, 1)"),
    Case("X-one-dimensional", lambda env: unwrap_model(env.classifier(), env.X[:, 0], env.y),
         UnwrapError, "the sample X has shape (40,), but X must have one row per sample"),
    Case("y-missing-for-classifier", lambda env: unwrap_model(env.classifier(), env.X),
         UnwrapError, "needs y as well as X to build its model (the classes decide the "
         "output layer), but y was not given"),
    Case("y-wrong-length", lambda env: unwrap_model(env.classifier(), env.X, env.y[:5]),
         UnwrapError, "initialize(X, y) raised ValueError: Found input variables with "
         "inconsistent numbers of samples: [40, 5]", chained=True),
    Case("scikeras-builder-without-Input",
         lambda env: unwrap_model(env.classifier(model=builder_without_input), env.X, env.y),
         UnwrapError, "Start the model with keras.Input(shape=(6,)) for this X"),
    Case("scikeras-builder-raises",
         lambda env: unwrap_model(env.classifier(model=broken_builder), env.X, env.y),
         UnwrapError, "initialize(X, y) raised RuntimeError: boom", chained=True),
    Case("scikeras-builder-returns-int",
         lambda env: unwrap_model(env.classifier(model=lambda: 3), env.X, env.y),
         UnwrapError, "the model builder returned a builtins.int, not a Keras model"),
    Case("scikeras-builder-returns-tf-keras",
         lambda env: unwrap_model(env.classifier(model=tf_keras_builder), env.X, env.y),
         UnwrapError, "the builder returned a tf_keras (Keras 2) model, but scikeras >= 0.13 "
         "needs Keras 3 models"),
    Case("legacy-wrapper-unfitted", lambda env: unwrap_model(LegacyWrapper()), UnwrapError,
         "the legacy keras.wrappers.scikit_learn LegacyWrapper is not fitted"),
    Case("pipeline-without-keras-step", _pipeline_without_keras, UnwrapError,
         "none of the pipeline's steps holds a Keras model (steps: 'standardscaler': "
         "StandardScaler, 'logisticregression': LogisticRegression)"),
    Case("search-refit-false", lambda env: unwrap_model(env.search_no_refit), UnwrapError,
         "the GridSearchCV was fitted with refit=False, so it has no best_estimator_"),
    Case("search-unfitted", _unfitted_search, UnwrapError,
         "the GridSearchCV is not fitted, so it has no best_estimator_"),
    Case("meta-estimator-many-models", lambda env: unwrap_model(env.bagging), UnwrapError,
         "the BaggingClassifier holds 2 fitted models in estimators_, and which one to "
         "test is ambiguous"),
    Case("meta-estimator-unfitted", _unfitted_ensemble, UnwrapError,
         "holds one model per member, fold or output once fitted, and is not fitted yet"),
    # -- build functions
    Case("build-function-needs-arguments",
         lambda env: unwrap_model(lambda hidden: build(hidden)), UnwrapError,
         "needs the argument(s) hidden"),
    Case("build-function-raises", lambda env: unwrap_model(broken_builder), UnwrapError,
         "the build function broken_builder() raised RuntimeError: boom", chained=True),
    Case("build-function-returns-int", lambda env: unwrap_model(lambda: 42), UnwrapError,
         "returned a builtins.int, not a Keras model"),
    # -- describe: unbuilt models and input_shape
    Case("unbuilt-without-input_shape", lambda env: describe(_unbuilt()), DescribeError,
         "is not built: its layer"),
    Case("input_shape-wrong-for-built", lambda env: describe(build(), input_shape=(5,)),
         DescribeError, "input_shape=(5,) does not match the Sequential model"),
    Case("input_shape-wrong-for-unbuilt",
         lambda env: describe(_conv_unbuilt(), input_shape=(5,)), DescribeError,
         "on a symbolic input of shape (5,) (batch dimension left out) failed with "
         "ValueError", chained=True),
    Case("input_shape-negative", lambda env: describe(_unbuilt(), input_shape=(-1,)),
         DescribeError, "has the dimension -1; each dimension must be a non-negative int"),
    Case("input_shape-int", lambda env: describe(_unbuilt(), input_shape=8), DescribeError,
         "input_shape must be a tuple of dimensions such as (20, 1)"),
    Case("input_shape-str", lambda env: describe(_unbuilt(), input_shape="8"), DescribeError,
         "got str '8'"),
    # -- assertion helpers: wrong expected arguments
    Case("layer_types-bare-string",
         lambda env: _assertion("assert_layer_types")(env.model, "Dense"), TypeError,
         "wrap it in a list: ['Dense']"),
    Case("layer_types-not-a-type",
         lambda env: _assertion("assert_layer_types")(env.model, ["Dense", 3]), TypeError,
         "expected[1] must be a layer class such as keras.layers.LSTM"),
    Case("layer_types-exact-not-bool",
         lambda env: _assertion("assert_layer_types")(env.model, ["Dense"], exact="yes"),
         TypeError, "exact must be True or False, got 'yes'"),
    Case("output_shapes-negative-dim",
         lambda env: _assertion("assert_output_shapes")(env.model, [(None, -5), (None, 1)]),
         ValueError, "the shape (None, -5) has the negative dimension -5"),
    Case("output_shapes-float-dim",
         lambda env: _assertion("assert_output_shapes")(env.model, [(None, 5.0), (None, 1)]),
         TypeError, "has the dimension float 5.0"),
    Case("output_shapes-not-a-shape",
         lambda env: _assertion("assert_output_shapes")(env.model, {0: 5}), TypeError,
         "a shape must be a tuple such as (None, 50)"),
    Case("output_shapes-unknown-layer",
         lambda env: _assertion("assert_output_shapes")(env.model, {"dense_9": (None, 5)}),
         KeyError, "the model has no layer named 'dense_9'; its layers: dense, dense_1"),
    Case("output_shapes-index-out-of-range",
         lambda env: _assertion("assert_output_shapes")(env.model, {7: (None, 5)}),
         IndexError, "layer index 7 is out of range: the model has 2 layers"),
    Case("weight_shapes-unknown-weight",
         lambda env: _assertion("assert_weight_shapes")(env.model, {0: {"kernal": (6, 5)}}),
         KeyError, "layer 'dense' (Dense) has no weight 'kernal'; its weights: kernel, bias"),
    Case("weight_shapes-negative-dim",
         lambda env: _assertion("assert_weight_shapes")(env.model, {0: [(6, -5), (5,)]}),
         ValueError, "the shape (6, -5) has the negative dimension -5"),
    Case("weight_shapes-not-a-mapping",
         lambda env: _assertion("assert_weight_shapes")(env.model, 3), TypeError,
         "expected must be a sequence with one entry per layer or a mapping"),
    Case("param_count-string",
         lambda env: _assertion("assert_param_count")(env.model, total="41"), TypeError,
         "total= must be an int, got str '41'"),
    Case("param_count-negative",
         lambda env: _assertion("assert_param_count")(env.model, total=-1), ValueError,
         "total= must be a non-negative number of parameters, got -1"),
    Case("param_count-nothing",
         lambda env: _assertion("assert_param_count")(env.model), TypeError,
         "nothing to check; pass at least one of total=, trainable=, non_trainable="),
    Case("param_count-of-None",
         lambda env: _assertion("assert_param_count")(None, total=3), UnwrapError,
         "unwrap_model got None"),
    Case("trainable-not-bool",
         lambda env: _assertion("assert_trainable")(env.model, {0: "yes"}), TypeError,
         "must be True (trainable) or False (frozen), got str 'yes'"),
    Case("trainable-unknown-layer",
         lambda env: _assertion("assert_trainable")(env.model, {"foo": True}), KeyError,
         "the model has no layer named 'foo'"),
]


def _empty_zip(path: pathlib.Path) -> pathlib.Path:
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def message_of(exc: BaseException) -> str:
    """What the user reads (KeyError's str() adds quotes around its message)."""
    if isinstance(exc, KeyError) and len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


# --------------------------------------------------------------------------
# the tests


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    return Env(tmp_path_factory.mktemp("bad-input"))


def test_catalogue_is_large_and_unique() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, env: Env) -> None:
    with pytest.raises(case.error, match=re.escape(case.message)) as info:
        case.call(env)
    text = message_of(info.value)
    assert len(text.splitlines()) <= MAX_LINES, text
    assert len(text) <= MAX_CHARS, text
    if case.chained:
        assert info.value.__cause__ is not None, "the library's own error must be chained"
    if case.error in (UnwrapError, DescribeError):
        assert isinstance(info.value, KerasArchError)
        assert "Traceback" not in text


PLUGIN_SUITE = """
import keras
import pytest
from pytest_keras_arch import describe
from pytest_keras_arch.assertions import assert_param_count


def test_none(keras_model):
    keras_model(None)


def test_not_a_model_file(keras_model, tmp_path):
    path = tmp_path / "notes.keras"
    path.write_text("hello")
    keras_model(path)


def test_unbuilt():
    describe(keras.Sequential([keras.layers.Dense(4)]))


def test_wrong_expected():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    assert_param_count(model, total="8")


def test_wrong_count():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    assert_param_count(model, total=9)
"""


def test_bad_input_ends_as_ordinary_failures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=PLUGIN_SUITE)
    result = pytester.runpytest("-p", "no:randomly", "--tb=short")
    result.assert_outcomes(failed=5)
    text = result.stdout.str()
    assert "INTERNALERROR" not in text
    result.stdout.fnmatch_lines(
        [
            "*UnwrapError: unwrap_model got None and could not reach a Keras model*",
            "*UnwrapError: *notes.keras' is not a .keras file: it is not a zip archive*",
            "*DescribeError: the Sequential model * is not built*",
            "*TypeError: assert_param_count: total= must be an int, got str '8'*",
            "*AssertionError*",
        ]
    )
    # the plugin's message, not a Keras traceback, is what each failure ends with
    errors = [line for line in result.stdout.lines if line.startswith("E   ")]
    assert len(errors) <= 5 * MAX_LINES + 10, "\n".join(errors)
    assert not [line for line in result.stdout.lines if "site-packages/keras/" in line]


def test_readme_errors_section_matches_the_catalogue() -> None:
    readme = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Errors you may see", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE)
    assert len(listed) >= 10
    missing = [text for text in listed if not any(text in case.message for case in CASES)]
    assert not missing, f"README lists messages the catalogue does not test: {missing}"
