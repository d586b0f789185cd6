"""unwrap_model on real Keras, tf_keras, scikeras and scikit-learn objects."""

from __future__ import annotations

import functools
import pathlib
import warnings
from typing import Any

import keras
import numpy as np
import pytest
import tf_keras
from builders import build, keras_sklearn_build
from keras.wrappers import SKLearnClassifier, SKLearnRegressor
from scikeras.wrappers import BaseWrapper, KerasClassifier, KerasRegressor
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import TransformedTargetRegressor
from sklearn.decomposition import PCA
from sklearn.ensemble import BaggingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from pytest_keras_arch import UnwrapError, unwrap_model

SHAPES_5 = [(6, 5), (5,), (5, 1), (1,)]


def shapes(model: Any) -> list[tuple[int, ...]]:
    return [tuple(w.shape) for w in model.weights]


def regressor_build(hidden: int = 5) -> keras.Model:
    model = keras.Sequential(
        [
            keras.Input(shape=(6,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(loss="mse", optimizer="adam")
    return model


@pytest.fixture(scope="module")
def y_float(y: np.ndarray) -> np.ndarray:
    return y.astype("float32")


# ------------------------------------------------------------------ 1. models


def test_sequential_is_returned_as_is() -> None:
    model = build()
    assert unwrap_model(model) is model


def test_functional_is_returned_as_is() -> None:
    inputs = keras.Input(shape=(6,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    assert unwrap_model(model) is model
    assert model.count_params() == 14


def test_subclassed_model_is_returned_as_is() -> None:
    class Tiny(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.dense = keras.layers.Dense(3)

        def call(self, inputs: Any) -> Any:
            return self.dense(inputs)

    model = Tiny()
    assert unwrap_model(model) is model


def test_tf_keras_model_is_returned_as_is() -> None:
    model = tf_keras.Sequential([tf_keras.Input((6,)), tf_keras.layers.Dense(1)])
    assert unwrap_model(model) is model
    assert model.count_params() == 7


# ---------------------------------------------------------------- 2. scikeras


def test_fitted_scikeras_gives_model_(fitted_classifier: KerasClassifier) -> None:
    model = unwrap_model(fitted_classifier)
    assert model is fitted_classifier.model_
    assert model.count_params() == 41
    assert shapes(model) == SHAPES_5


def test_fitted_scikeras_ignores_sample(
    fitted_classifier: KerasClassifier, X: np.ndarray, y: np.ndarray  # noqa: N803
) -> None:
    assert unwrap_model(fitted_classifier, X, y) is fitted_classifier.model_


def test_unfitted_scikeras_is_built_on_a_clone_without_training(
    X: np.ndarray, y: np.ndarray  # noqa: N803
) -> None:
    clf = KerasClassifier(model=build, verbose=0)
    model = unwrap_model(clf, X, y)
    assert model.count_params() == 41
    assert shapes(model) == SHAPES_5
    assert hasattr(clf, "model_") is False
    assert clf.model is build
    assert model.optimizer.iterations.numpy() == 0  # never trained


def test_model_params_are_routed(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    model = unwrap_model(KerasClassifier(model=build, model__hidden=7), X, y)
    assert model.count_params() == 57
    assert shapes(model) == [(6, 7), (7,), (7, 1), (1,)]


def test_plugin_adds_no_warning(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unwrap_model(KerasClassifier(model=build), X, y)
    assert [str(w.message) for w in caught] == []


def test_build_fn_is_honoured_and_its_warning_passes(
    X: np.ndarray, y: np.ndarray  # noqa: N803
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = unwrap_model(KerasClassifier(build_fn=build), X, y)
    assert model.count_params() == 41
    assert [(w.category, str(w.message)) for w in caught] == [
        (
            UserWarning,
            "``build_fn`` will be renamed to ``model`` in a future release, at which "
            "point use of ``build_fn`` will raise an Error instead.",
        )
    ]


def test_unfitted_regressor(X: np.ndarray, y_float: np.ndarray) -> None:  # noqa: N803
    reg = KerasRegressor(model=regressor_build, model__hidden=3)
    model = unwrap_model(reg, X, y_float)
    assert shapes(model) == [(6, 3), (3,), (3, 1), (1,)]
    assert hasattr(reg, "model_") is False


def test_base_wrapper_subclass(X: np.ndarray, y_float: np.ndarray) -> None:  # noqa: N803
    class MyWrapper(BaseWrapper):
        def _keras_build_fn(self) -> keras.Model:
            return regressor_build(hidden=2)

    model = unwrap_model(MyWrapper(), X, y_float)
    assert model.count_params() == 17


def test_unfitted_scikeras_without_sample() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"got a KerasClassifier .* not fitted and no sample was given "
        r"\(path: KerasClassifier \(not fitted\)\)\. Fit it first \(clf\.fit\(X, y\)\), "
        r"or pass a sample X= and y=",
    ) as info:
        unwrap_model(KerasClassifier(model=build))
    assert info.value.chain == ("KerasClassifier (not fitted)",)


def test_unfitted_classifier_without_y(X: np.ndarray) -> None:  # noqa: N803
    with pytest.raises(
        UnwrapError, match=r"needs y as well as X .*the classes decide the output layer"
    ):
        unwrap_model(KerasClassifier(model=build), X)


def test_builder_without_input_says_add_input(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    def no_input() -> keras.Model:
        model = keras.Sequential([keras.layers.Dense(5), keras.layers.Dense(1)])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        return model

    with pytest.raises(
        UnwrapError,
        match=r"unbuilt Sequential with no Input.*keras\.Input\(shape=\(6,\)\)",
    ):
        unwrap_model(KerasClassifier(model=no_input), X, y)


def test_sample_of_wrong_width(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    with pytest.raises(
        UnwrapError,
        match=r"expects inputs of shape \(None, 6\) but X has shape \(40, 5\)",
    ):
        unwrap_model(KerasClassifier(model=build), X[:, :5], y)


def test_sample_of_wrong_rank(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    with pytest.raises(
        UnwrapError,
        match=r"expects inputs of shape \(None, 6\) but X has shape \(40, 6, 1\)",
    ):
        unwrap_model(KerasClassifier(model=build), X[..., None], y)


def test_scikeras_with_tf_keras_model(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    def tf_keras_build() -> Any:
        model = tf_keras.Sequential([tf_keras.Input((6,)), tf_keras.layers.Dense(1)])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        return model

    with pytest.raises(UnwrapError, match=r"scikeras >= 0\.13 needs Keras 3 models"):
        unwrap_model(KerasClassifier(model=tf_keras_build), X, y)


def test_scikeras_builder_that_raises(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    def broken() -> keras.Model:
        raise RuntimeError("no GPU today")

    with pytest.raises(
        UnwrapError, match=r"initialize\(X, y\) raised RuntimeError: no GPU today"
    ) as info:
        unwrap_model(KerasClassifier(model=broken), X, y)
    assert str(info.value.__cause__) == "no GPU today"


# ----------------------------------------------------- 3. Keras' own wrappers


def test_keras_sklearn_classifier_unfitted(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    est = SKLearnClassifier(model=keras_sklearn_build)
    model = unwrap_model(est, X, y)
    # fit() one-hot encodes the targets, so the output layer has one unit per class.
    assert shapes(model) == [(6, 5), (5,), (5, 2), (2,)]
    assert model.count_params() == 47
    assert hasattr(est, "model_") is False


def test_keras_sklearn_model_kwargs(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    est = SKLearnClassifier(model=keras_sklearn_build, model_kwargs={"hidden": 7})
    assert unwrap_model(est, X, y).count_params() == 65


def test_keras_sklearn_regressor_unfitted(X: np.ndarray, y_float: np.ndarray) -> None:  # noqa: N803
    est = SKLearnRegressor(model=keras_sklearn_build)
    model = unwrap_model(est, X, y_float)
    assert shapes(model) == SHAPES_5
    assert hasattr(est, "model_") is False


def test_keras_sklearn_fitted(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    est = SKLearnClassifier(
        model=keras_sklearn_build, fit_kwargs={"epochs": 1, "verbose": 0}
    ).fit(X, y)
    assert unwrap_model(est) is est.model_


def test_keras_sklearn_unfitted_without_sample() -> None:
    with pytest.raises(
        UnwrapError, match=r"path: SKLearnRegressor \(not fitted\).*est\.fit\(X, y\)"
    ):
        unwrap_model(SKLearnRegressor(model=keras_sklearn_build))


# ---------------------------------------------------------------- 4. Pipeline


def test_fitted_pipeline_gives_keras_step(fitted_classifier: KerasClassifier) -> None:
    pipe = Pipeline([("scale", StandardScaler()), ("clf", fitted_classifier)])
    model = unwrap_model(pipe)
    assert model is fitted_classifier.model_
    assert model.count_params() == 41


def test_unfitted_pipeline_builds_on_transformed_sample(
    X: np.ndarray, y: np.ndarray  # noqa: N803
) -> None:
    def three_features(meta: dict[str, Any]) -> keras.Model:
        model = keras.Sequential(
            [
                keras.Input(shape=(meta["n_features_in_"],)),
                keras.layers.Dense(5, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(loss="binary_crossentropy", optimizer="adam")
        return model

    pipe = Pipeline([("pca", PCA(n_components=3)), ("clf", KerasClassifier(three_features))])
    model = unwrap_model(pipe, X, y)
    assert shapes(model) == [(3, 5), (5,), (5, 1), (1,)]
    assert model.count_params() == 26
    assert hasattr(pipe["pca"], "components_") is False
    assert hasattr(pipe["clf"], "model_") is False


def test_pipeline_unfitted_without_sample() -> None:
    pipe = Pipeline([("scale", StandardScaler()), ("clf", KerasClassifier(build))])
    with pytest.raises(
        UnwrapError, match=r"path: Pipeline\['clf'\] → KerasClassifier \(not fitted\)"
    ) as info:
        unwrap_model(pipe)
    assert info.value.chain == ("Pipeline['clf']", "KerasClassifier (not fitted)")


def test_pipeline_without_keras_step() -> None:
    pipe = Pipeline([("scale", StandardScaler()), ("lr", LogisticRegression())])
    with pytest.raises(
        UnwrapError,
        match=r"none of the pipeline's steps holds a Keras model "
        r"\(steps: 'scale': StandardScaler, 'lr': LogisticRegression\)",
    ):
        unwrap_model(pipe)


# ---------------------------------------------------------------- 5. searches


@pytest.fixture(scope="module")
def fitted_search(X: np.ndarray, y: np.ndarray) -> GridSearchCV:  # noqa: N803
    pipe = Pipeline(
        [("scale", StandardScaler()), ("clf", KerasClassifier(build, epochs=1, verbose=0))]
    )
    return GridSearchCV(pipe, {"clf__model__hidden": [4]}, cv=2).fit(X, y)


def test_search_over_pipeline_gives_best_estimator(fitted_search: GridSearchCV) -> None:
    model = unwrap_model(fitted_search)
    assert model is fitted_search.best_estimator_["clf"].model_
    assert model.count_params() == 33
    assert shapes(model) == [(6, 4), (4,), (4, 1), (1,)]


def test_search_with_refit_false(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    search = RandomizedSearchCV(
        KerasClassifier(build, epochs=1, verbose=0),
        {"model__hidden": [4]},
        n_iter=1,
        cv=2,
        refit=False,
        random_state=0,
    ).fit(X, y)
    with pytest.raises(
        UnwrapError,
        match=r"fitted with refit=False, so it has no best_estimator_ "
        r"\(path: RandomizedSearchCV \(refit=False\)\).*search\.estimator",
    ):
        unwrap_model(search)


def test_unfitted_search() -> None:
    search = GridSearchCV(KerasClassifier(build), {"model__hidden": [4]})
    with pytest.raises(
        UnwrapError,
        match=r"GridSearchCV is not fitted.*keras_model\(search\.estimator, X, y\)",
    ):
        unwrap_model(search)


# -------------------------------------------------------- 6. meta-estimators


def test_transformed_target_regressor_fitted(
    X: np.ndarray, y_float: np.ndarray  # noqa: N803
) -> None:
    ttr = TransformedTargetRegressor(
        regressor=KerasRegressor(regressor_build, epochs=1, verbose=0),
        func=np.log1p,
        inverse_func=np.expm1,
    ).fit(X, y_float)
    model = unwrap_model(ttr)
    assert model is ttr.regressor_.model_
    assert model.count_params() == 41


def test_transformed_target_regressor_unfitted_builds_template(
    X: np.ndarray, y_float: np.ndarray  # noqa: N803
) -> None:
    ttr = TransformedTargetRegressor(regressor=KerasRegressor(regressor_build, model__hidden=2))
    assert unwrap_model(ttr, X, y_float).count_params() == 17
    assert hasattr(ttr.regressor, "model_") is False


def test_transformed_target_regressor_chain_in_error() -> None:
    ttr = TransformedTargetRegressor(regressor=KerasRegressor(regressor_build))
    with pytest.raises(UnwrapError) as info:
        unwrap_model(ttr)
    assert info.value.chain == (
        "TransformedTargetRegressor",
        "regressor",
        "KerasRegressor (not fitted)",
    )


def three_classes() -> keras.Model:
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    return model


@pytest.fixture(scope="module")
def y3(X: np.ndarray) -> np.ndarray:  # noqa: N803
    return (X[:, 0] > 0).astype("int64") + (X[:, 1] > 0.5)


@pytest.fixture(scope="module")
def two_outputs(y: np.ndarray) -> np.ndarray:
    return np.stack([y, 1 - y], axis=1)


@pytest.mark.parametrize(
    ("make", "targets", "match"),
    [
        (
            lambda: BaggingClassifier(
                KerasClassifier(build, epochs=1, verbose=0), n_estimators=2, random_state=0
            ),
            "y",
            r"BaggingClassifier holds 2 fitted models in estimators_.*"
            r"keras_model\(obj\.estimators_\[0\]\)",
        ),
        (
            lambda: MultiOutputClassifier(KerasClassifier(build, epochs=1, verbose=0)),
            "two_outputs",
            r"MultiOutputClassifier holds 2 fitted models in estimators_.*"
            r"keras_model\(obj\.estimators_\[0\]\)",
        ),
        (
            # Three classes: with scikit-learn 1.9 binary calibration of a scikeras
            # classifier fails inside sklearn (is_classifier() is False for it).
            lambda: CalibratedClassifierCV(
                KerasClassifier(three_classes, epochs=1, verbose=0), cv=2
            ),
            "y3",
            r"CalibratedClassifierCV holds 2 fitted models in calibrated_classifiers_.*"
            r"keras_model\(obj\.calibrated_classifiers_\[0\]\.estimator\)",
        ),
    ],
    ids=["bagging", "multioutput", "calibrated"],
)
def test_many_model_meta_estimators(
    make: Any, targets: str, match: str, X: np.ndarray, request: pytest.FixtureRequest  # noqa: N803
) -> None:
    try:
        meta = make().fit(X, request.getfixturevalue(targets))
    finally:
        # Bagging hands each scikeras member an integer random_state, and fitting it
        # leaves TensorFlow's op determinism on for the whole process (scikeras 0.13,
        # TF 2.21): later unseeded fits then fail. Nothing else here turns it on.
        # TensorFlow has no public switch-off; scikeras itself uses this one.
        from tensorflow.python.framework import config as tf_config

        tf_config.disable_op_determinism()
    with pytest.raises(UnwrapError, match=match):
        unwrap_model(meta)


def test_unfitted_many_model_meta_estimator() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"BaggingClassifier holds one model per member, fold or output once fitted, "
        r"and is not fitted yet.*keras_model\(obj\.estimator, X, y\)",
    ):
        unwrap_model(BaggingClassifier(KerasClassifier(build)))


def test_sklearn_estimator_without_keras() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"LogisticRegression is a scikit-learn estimator that holds no Keras model",
    ):
        unwrap_model(LogisticRegression())


# --------------------------------------------------------- 7. build functions


def test_zero_argument_build_function_is_called_once() -> None:
    calls: list[int] = []

    def make() -> keras.Model:
        calls.append(1)
        return build()

    model = unwrap_model(make)
    assert model.count_params() == 41
    assert calls == [1]


def test_partial_build_function() -> None:
    assert unwrap_model(functools.partial(build, hidden=7)).count_params() == 57


def test_build_function_needing_arguments() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"build function keras_sklearn_build\(\) needs the argument\(s\) X, y.*"
        r"functools\.partial\(keras_sklearn_build, X=\.\.\.\)",
    ):
        unwrap_model(keras_sklearn_build)


def test_build_function_that_raises() -> None:
    def broken() -> keras.Model:
        raise ValueError("bad config")

    with pytest.raises(UnwrapError, match=r"broken\(\) raised ValueError: bad config") as info:
        unwrap_model(broken)
    assert isinstance(info.value.__cause__, ValueError)


def test_build_function_returning_non_model() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"<lambda>\(\) returned a builtins\.int, not a Keras model "
        r"\(path: function → .*<lambda>\(\) → int\)",
    ):
        unwrap_model(lambda: 42)


def test_class_instead_of_instance() -> None:
    with pytest.raises(UnwrapError, match=r"received the class KerasClassifier, not an instance"):
        unwrap_model(KerasClassifier)


def test_unsupported_object() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"got a list .*builtins\.list is not a Keras model.*"
        r"pytest_keras_arch_unwrap\(obj\) hook",
    ):
        unwrap_model([1, 2])


# ------------------------------------------------------------------- 8. paths


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("saved")
    build().save(folder / "model.keras")
    build(hidden=7).save(folder / "model.h5")
    lam = keras.Sequential([keras.Input((6,)), keras.layers.Lambda(lambda t: t * 2)])
    lam.save(folder / "lambda.keras")
    (folder / "notes.keras").write_text("not a model")
    return folder


def test_keras_file(saved: pathlib.Path) -> None:
    model = unwrap_model(str(saved / "model.keras"))
    assert model.count_params() == 41
    assert shapes(model) == SHAPES_5
    assert model.compiled is False


def test_h5_file_as_pathlike(saved: pathlib.Path) -> None:
    model = unwrap_model(saved / "model.h5")
    assert model.count_params() == 57


def test_lambda_file_refused_in_safe_mode(saved: pathlib.Path) -> None:
    with pytest.raises(
        UnwrapError,
        match=r"contains code \(e\.g\. a Lambda layer\).*opt in with safe_mode=False",
    ) as info:
        unwrap_model(saved / "lambda.keras")
    assert isinstance(info.value.__cause__, ValueError)


def test_lambda_file_with_safe_mode_off(saved: pathlib.Path) -> None:
    model = unwrap_model(saved / "lambda.keras", safe_mode=False)
    assert [type(layer).__name__ for layer in model.layers] == ["Lambda"]


def test_missing_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(UnwrapError, match=r"no such file: '.*missing\.keras'"):
        unwrap_model(tmp_path / "missing.keras")


def test_file_that_is_not_a_model(saved: pathlib.Path) -> None:
    with pytest.raises(
        UnwrapError, match=r"'.*notes\.keras' is not a \.keras file: it is not a zip archive"
    ):
        unwrap_model(saved / "notes.keras")


def test_zip_that_keras_cannot_load(tmp_path: pathlib.Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "other.keras", "w") as archive:
        archive.writestr("readme.txt", "not a model")
    with pytest.raises(
        UnwrapError, match=r"Keras could not load '.*other\.keras' as a model"
    ) as info:
        unwrap_model(tmp_path / "other.keras")
    assert info.value.__cause__ is not None


def test_string_that_is_not_a_path() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"the string 'my model' is neither an existing file nor a path to a model",
    ):
        unwrap_model("my model")


def test_directory(tmp_path: pathlib.Path) -> None:
    with pytest.raises(UnwrapError, match=r"is a directory \(a TensorFlow SavedModel\?\)"):
        unwrap_model(tmp_path)


# ------------------------------------------- legacy keras.wrappers.scikit_learn


class LegacyKerasClassifier:
    """Stand-in with the shape of Keras 2's ``keras.wrappers.scikit_learn`` wrapper.

    That module no longer exists on current stacks; the plugin recognises it by its
    attributes (``build_fn``, ``sk_params``, fitted network in ``.model``).
    """

    def __init__(self, build_fn: Any = None, **sk_params: Any) -> None:
        self.build_fn = build_fn
        self.sk_params = sk_params

    def fit(self, X: Any, y: Any) -> LegacyKerasClassifier:  # noqa: N803
        self.model = self.build_fn(**self.sk_params)
        return self


def test_legacy_wrapper_fitted(X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803
    legacy = LegacyKerasClassifier(build_fn=build, hidden=7).fit(X, y)
    assert unwrap_model(legacy) is legacy.model


def test_legacy_wrapper_unfitted() -> None:
    with pytest.raises(
        UnwrapError,
        match=r"legacy keras\.wrappers\.scikit_learn LegacyKerasClassifier is not fitted"
        r".*\(path: LegacyKerasClassifier \(not fitted\)\)",
    ):
        unwrap_model(LegacyKerasClassifier(build_fn=build))


def test_calibrated_with_one_model(fitted_classifier: KerasClassifier, X: np.ndarray, y: np.ndarray) -> None:  # noqa: N803, E501
    from sklearn.frozen import FrozenEstimator

    calibrated = CalibratedClassifierCV(FrozenEstimator(fitted_classifier)).fit(X, y)
    assert unwrap_model(calibrated) is fitted_classifier.model_
