"""Anything under test -> ``keras.Model``.

The only module that knows scikit-learn, scikeras and the Keras wrappers. Classes
are recognised by duck typing on their MRO (top-level package and class name),
so nothing is imported to *recognise* an object: if an object is a scikeras
wrapper, scikeras is already imported. Heavy modules are imported inside the
functions that need them, never at import time.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Protocol

from pytest_keras_arch.errors import UnwrapError, user_facing

if TYPE_CHECKING:
    import keras

__all__ = ["KerasModelFactory", "unwrap_model"]

_MAX_DEPTH = 32
_MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")

# Fitted attributes of meta-estimators that hold exactly one estimator.
_SINGLE_FITTED = ("regressor_", "estimator_", "classifier_", "base_estimator_")
# Constructor parameters holding the (unfitted) template of that one estimator.
_SINGLE_TEMPLATE = ("regressor", "estimator", "classifier", "base_estimator")
# Fitted attributes of meta-estimators that hold one estimator per fold/output/member.
_MANY_FITTED = ("estimators_", "calibrated_classifiers_")
# sklearn base classes whose instances hold many fitted estimators.
_MANY_BASES = frozenset(
    {
        "BaseEnsemble",
        "_BaseHeterogeneousEnsemble",
        "_BaseVoting",
        "_BaseStacking",
        "_MultiOutputEstimator",
        "_BaseChain",
        "CalibratedClassifierCV",
        "OneVsRestClassifier",
        "OneVsOneClassifier",
        "OutputCodeClassifier",
    }
)


class KerasModelFactory(Protocol):
    """Type of the ``keras_model`` fixture: ``keras_model(obj, X=None, y=None)``."""

    def __call__(
        self,
        obj: Any,
        X: Any = None,  # noqa: N803
        y: Any = None,
        *,
        safe_mode: bool = True,
    ) -> keras.Model: ...


@user_facing
def unwrap_model(
    obj: Any,
    X: Any = None,  # noqa: N803
    y: Any = None,
    *,
    safe_mode: bool = True,
) -> keras.Model:
    """Return the Keras model behind ``obj``, without training it or changing it.

    ``obj`` may be a Keras 3 or tf_keras model, a scikeras or Keras scikit-learn
    wrapper (fitted, or unfitted with a sample ``X``/``y``), a ``Pipeline``, a
    search CV, a single-model meta-estimator, a zero-argument build function or
    a path to a ``.keras``/``.h5`` file (loaded with ``compile=False``; set
    ``safe_mode=False`` only for files you trust, e.g. with a ``Lambda``).
    Inside a pytest session the ``pytest_keras_arch_unwrap`` hook is asked first.

    Raises:
        UnwrapError: naming the type received, the path walked and the fix.
    """
    root = _type_name(obj)
    sample = _Sample(X, y) if X is not None or y is not None else None
    return _Unwrapper(root=root, safe_mode=safe_mode).unwrap(obj, (), sample)


# --------------------------------------------------------------------- sample


@dataclass
class _Sample:
    """The user's sample, possibly routed through the preceding pipeline steps."""

    X: Any
    y: Any
    steps: tuple[tuple[str, Any], ...] = ()
    _cache: tuple[Any, Any] | None = field(default=None, repr=False)

    def through(self, steps: tuple[tuple[str, Any], ...]) -> _Sample:
        return _Sample(self.X, self.y, self.steps + steps)

    def get(self) -> tuple[Any, Any]:
        """(X, y) after fitting clones of the pending steps on X (user's steps untouched)."""
        if self._cache is None:
            Xt = self.X
            if self.steps:
                from sklearn.base import clone

                for _name, step in self.steps:
                    if step is None or step == "passthrough":
                        continue
                    fitted = clone(step)
                    if self.y is None:
                        Xt = fitted.fit_transform(Xt)
                    else:
                        Xt = fitted.fit_transform(Xt, self.y)
            self._cache = (Xt, self.y)
        return self._cache


# ------------------------------------------------------------------- helpers


def _type_name(obj: Any) -> str:
    return type(obj).__name__


def _a(type_name: str) -> str:
    """``None`` for NoneType, else the type name with its article (``an int``)."""
    if type_name == "NoneType":
        return "None"
    return f"{'an' if type_name[:1].lower() in 'aeiou' else 'a'} {type_name}"


def _brief(exc: BaseException) -> str:
    """``Type: first line`` of an exception, cut short; the whole of it is chained."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _qualified(obj: Any) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _bases(obj: Any) -> frozenset[tuple[str, str]]:
    """``(top-level package, class name)`` of every class in ``type(obj).__mro__``."""
    cls = type(obj)
    found = _CLASS_BASES.get(cls)
    if found is None:  # asked several times per layer by describe: once per class
        found = frozenset(
            (str(getattr(base, "__module__", "")).partition(".")[0], base.__name__)
            for base in cls.__mro__
        )
        _CLASS_BASES[cls] = found
    return found


_CLASS_BASES: weakref.WeakKeyDictionary[type, frozenset[tuple[str, str]]] = weakref.WeakKeyDictionary()


def _has_base(obj: Any, package: str, *names: str) -> bool:
    bases = _bases(obj)
    return any((package, name) in bases for name in names)


def model_flavour(obj: Any) -> str | None:
    """``"keras"`` for a Keras 3 model, ``"tf_keras"`` for a tf_keras model, else None."""
    if _has_base(obj, "keras", "Model"):
        return "keras"
    if _has_base(obj, "tf_keras", "Model"):
        return "tf_keras"
    return None


def _is_sklearn_estimator(obj: Any) -> bool:
    return _has_base(obj, "sklearn", "BaseEstimator") and not isinstance(obj, type)


def _is_classifier(obj: Any) -> bool:
    # Not sklearn.base.is_classifier alone: on scikit-learn 1.9 it says False for
    # scikeras' KerasClassifier (its tags come from BaseEstimator, earlier in the MRO).
    if _has_base(obj, "sklearn", "ClassifierMixin"):
        return True
    if getattr(obj, "_estimator_type", None) == "classifier":
        return True
    base = sys.modules.get("sklearn.base")
    try:
        return base is not None and bool(base.is_classifier(obj))
    except Exception:  # pragma: no cover - defensive against odd estimators
        return False


def _is_scikeras(obj: Any) -> bool:
    return _has_base(obj, "scikeras", "BaseWrapper") and not isinstance(obj, type)


def _is_keras_sklearn(obj: Any) -> bool:
    return _has_base(obj, "keras", "SKLBase") and not isinstance(obj, type)


def _is_legacy_keras_wrapper(obj: Any) -> bool:
    # keras.wrappers.scikit_learn.BaseWrapper (Keras 2 / tf.keras <= 2.11): never imported.
    return hasattr(obj, "build_fn") and hasattr(obj, "sk_params") and not isinstance(obj, type)


def _is_pipeline(obj: Any) -> bool:
    return _has_base(obj, "sklearn", "Pipeline") or (
        _is_sklearn_estimator(obj) and isinstance(getattr(obj, "steps", None), list)
    )


def _is_search(obj: Any) -> bool:
    return _has_base(obj, "sklearn", "BaseSearchCV")


def _is_build_function(obj: Any) -> bool:
    return (
        inspect.isfunction(obj)
        or inspect.ismethod(obj)
        or isinstance(obj, functools.partial)
        or (callable(obj) and not isinstance(obj, type) and not _is_sklearn_estimator(obj))
    )


def _shape_text(shape: tuple[Any, ...]) -> str:
    inner = ", ".join(str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _sample_shape(X: Any) -> tuple[int, ...] | None:
    shape = getattr(X, "shape", None)
    if shape is None:
        try:
            import numpy as np

            shape = np.shape(X)
        except (TypeError, ValueError):  # ragged nested lists: no shape to check
            return None
    return tuple(int(d) for d in shape)


# ----------------------------------------------------------------- unwrapper


@dataclass
class _Unwrapper:
    root: str
    safe_mode: bool

    # -- errors

    def error(self, chain: tuple[str, ...], problem: str, fix: str) -> UnwrapError:
        walked = " → ".join(chain) if chain else self.root
        return UnwrapError(
            f"unwrap_model got {_a(self.root)} and could not reach a Keras model: "
            f"{problem} (path: {walked}). {fix}",
            chain=chain,
        )

    # -- dispatch

    def unwrap(
        self, obj: Any, chain: tuple[str, ...], sample: _Sample | None
    ) -> keras.Model:
        if len(chain) > _MAX_DEPTH:
            raise self.error(
                chain,
                f"gave up after {_MAX_DEPTH} steps",
                "Check for wrappers or hooks that return each other in a cycle.",
            )
        here = (*chain, _type_name(obj))

        hooked = self.ask_hook(obj, here, sample)
        if hooked is not None:
            return self.unwrap(hooked, (*here, "pytest_keras_arch_unwrap"), sample)

        if model_flavour(obj) is not None:
            return obj
        if isinstance(obj, (str, os.PathLike)):
            return self.load(obj, here)
        if isinstance(obj, type):
            raise self.error(
                here,
                f"received the class {obj.__qualname__}, not an instance",
                "Pass an instance (or a fitted estimator), not the class itself.",
            )
        if _is_scikeras(obj):
            return self.scikeras(obj, here, sample)
        if _is_keras_sklearn(obj):
            return self.keras_sklearn(obj, here, sample)
        if _is_legacy_keras_wrapper(obj):
            return self.legacy_wrapper(obj, here)
        if _is_pipeline(obj):
            return self.pipeline(obj, chain, sample)
        if _is_search(obj):
            return self.search(obj, here, sample)
        if _is_sklearn_estimator(obj):
            return self.meta_estimator(obj, here, sample)
        if _has_base(obj, "keras", "Layer") or _has_base(obj, "tf_keras", "Layer"):
            raise self.error(
                here,
                f"received a single {type(obj).__name__} layer, not a model",
                "Wrap it in a model to describe it, e.g. "
                "keras.Sequential([keras.Input(shape=(n_features,)), layer]).",
            )
        if _is_build_function(obj):
            return self.build_function(obj, here, sample)
        raise self.error(
            here,
            f"{_qualified(obj)} is not a Keras model nor anything known to hold one",
            "Pass a keras.Model, a scikeras/Keras scikit-learn wrapper, a Pipeline, a "
            "search CV, a zero-argument build function or a path to a .keras/.h5 file; "
            "for your own wrapper implement the pytest_keras_arch_unwrap(obj) hook in "
            "conftest.py.",
        )

    def ask_hook(self, obj: Any, here: tuple[str, ...], sample: _Sample | None) -> Any:
        hooks = sys.modules.get("pytest_keras_arch.hooks")
        if hooks is None:  # the plugin was never loaded: no pytest session
            return None
        caller = hooks.current_unwrap_hook()
        if caller is None:
            return None
        X, y = (sample.X, sample.y) if sample is not None else (None, None)
        try:
            result = caller(obj=obj, X=X, y=y)
        except Exception as exc:
            raise self.error(
                here,
                f"the pytest_keras_arch_unwrap hook raised {_brief(exc)}",
                "Fix the hook implementation (see the chained exception).",
            ) from exc
        return None if result is obj else result

    # -- models from files and functions

    def load(self, path: str | os.PathLike[str], here: tuple[str, ...]) -> keras.Model:
        text = os.fspath(path)
        looks_like_path = (
            isinstance(path, os.PathLike)
            or text.lower().endswith(_MODEL_SUFFIXES)
            or os.sep in text
            or (os.altsep is not None and os.altsep in text)
        )
        if not os.path.exists(text):
            if looks_like_path:
                raise self.error(
                    here,
                    f"no such file: {text!r}",
                    "Pass the path of an existing .keras or .h5 model file.",
                )
            raise self.error(
                here,
                f"the string {text!r} is neither an existing file nor a path to a model",
                "Pass a keras.Model or the path of a saved .keras or .h5 file.",
            )
        if os.path.isdir(text):
            raise self.error(
                here,
                f"{text!r} is a directory (a TensorFlow SavedModel?), not a model file",
                "Save the model with model.save('model.keras') and pass that file; "
                "Keras 3 loads .keras and .h5 files only.",
            )
        problem = _not_a_model_file(text)
        if problem is not None:
            raise self.error(
                here,
                f"{text!r} {problem}",
                "Pass a file written by model.save('model.keras') (or .h5).",
            )
        import keras

        try:
            model = keras.saving.load_model(text, compile=False, safe_mode=self.safe_mode)
        except Exception as exc:
            if self.safe_mode and "safe_mode" in str(exc):
                raise self.error(
                    here,
                    f"{text!r} contains code (e.g. a Lambda layer) that loading would run, "
                    "which Keras' safe mode refuses",
                    "If you trust the file, opt in with safe_mode=False, e.g. "
                    "keras_model(path, safe_mode=False) or unwrap_model(path, safe_mode=False).",
                ) from exc
            raise self.error(
                here,
                f"Keras could not load {text!r} as a model ({_brief(exc)})",
                "Pass a file written by model.save() as .keras or .h5.",
            ) from exc
        if model_flavour(model) is None:
            raise self.error(
                (*here, _type_name(model)),
                f"loading {text!r} gave a {_qualified(model)}, not a Keras model",
                "Pass a file written by model.save().",
            )
        return model

    def build_function(
        self, func: Callable[..., Any], here: tuple[str, ...], sample: _Sample | None
    ) -> keras.Model:
        name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or repr(func)
        try:
            signature = inspect.signature(func)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            required = [
                p.name
                for p in signature.parameters.values()
                if p.default is inspect.Parameter.empty
                and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
            ]
            if required:
                raise self.error(
                    here,
                    f"the build function {name}() needs the argument(s) {', '.join(required)}",
                    "Pass a function that takes no arguments, e.g. "
                    f"functools.partial({name}, {required[0]}=...) or lambda: {name}(...); "
                    "or wrap it in scikeras' KerasClassifier(model=...) with a sample X=.",
                )
        try:
            result = func()
        except Exception as exc:
            raise self.error(
                here,
                f"the build function {name}() raised {_brief(exc)}",
                "Fix the build function (see the chained exception).",
            ) from exc
        step = (*here, f"{name}()")
        if (
            model_flavour(result) is None
            and not _is_sklearn_estimator(result)
            and not _is_legacy_keras_wrapper(result)
            and not isinstance(result, (str, os.PathLike))
        ):
            raise self.error(
                (*step, _type_name(result)),
                f"the build function {name}() returned a {_qualified(result)}, not a Keras model",
                "Make it return the keras.Model it builds.",
            )
        return self.unwrap(result, step, sample)

    # -- wrappers

    def fitted_model(self, model: Any, here: tuple[str, ...], attr: str) -> keras.Model:
        if model_flavour(model) is None:
            raise self.error(
                (*here, attr),
                f"{attr} is a {_qualified(model)}, not a Keras model",
                "Fit the estimator again, or pass the model itself.",
            )
        return model

    def need_sample(
        self, obj: Any, here: tuple[str, ...], sample: _Sample | None, *, fit: str
    ) -> tuple[Any, Any]:
        if sample is None or sample.X is None:
            raise self.error(
                (*here[:-1], f"{here[-1]} (not fitted)"),
                f"the {_type_name(obj)} is not fitted and no sample was given",
                f"Fit it first ({fit}), or pass a sample X= and y= so the model is built "
                "without training, e.g. keras_model(clf, X, y) / unwrap_model(clf, X, y).",
            )
        if sample.y is None:
            why = (
                "the classes decide the output layer"
                if _is_classifier(obj)
                else "its builder and target encoder see the targets"
            )
            raise self.error(
                (*here[:-1], f"{here[-1]} (not fitted)"),
                f"the {_type_name(obj)} needs y as well as X to build its model ({why}), "
                "but y was not given",
                "Pass the targets too: keras_model(clf, X, y) / unwrap_model(clf, X, y).",
            )
        shape = None if isinstance(sample.X, Mapping) else _sample_shape(sample.X)
        if shape is not None and len(shape) < 2:
            raise self.error(
                (*here[:-1], f"{here[-1]} (not fitted)"),
                f"the sample X has shape {_shape_text(shape)}, but X must have one row per "
                "sample: (n_samples, n_features, ...)",
                "Pass a 2-D (or higher) X, e.g. X.reshape(-1, 1) for a single feature.",
            )
        try:
            return sample.get()
        except Exception as exc:
            names = ", ".join(repr(n) for n, _ in sample.steps)
            raise self.error(
                here,
                f"fitting copies of the preceding pipeline steps ({names}) on X raised "
                f"{_brief(exc)}",
                "Pass an X that the pipeline's first step accepts.",
            ) from exc

    def scikeras(self, obj: Any, here: tuple[str, ...], sample: _Sample | None) -> keras.Model:
        if hasattr(obj, "model_"):
            model = self.fitted_model(obj.model_, here, "model_")
            self.reject_tf_keras(model, (*here, "model_"))
            return model
        X, y = self.need_sample(obj, here, sample, fit="clf.fit(X, y)")
        from sklearn.base import clone

        built = (*here[:-1], f"{here[-1]} (built with initialize)")
        try:
            with _name_counters_kept():
                copy = clone(obj)
                copy.initialize(X, y)
        except Exception as exc:
            raise self.error(
                built,
                f"building the model on a clone with initialize(X, y) raised "
                f"{_brief(exc)}",
                "Check the model builder and its model__ parameters (see the chained "
                "exception).",
            ) from exc
        model = copy.model_
        if model_flavour(model) is None:
            raise self.error(
                (*built, _type_name(model)),
                f"the model builder returned a {_qualified(model)}, not a Keras model",
                "Make the builder return the keras.Model it builds.",
            )
        self.reject_tf_keras(model, built)
        self.check_built(model, built, X)
        return model

    def reject_tf_keras(self, model: Any, here: tuple[str, ...]) -> None:
        if model_flavour(model) == "tf_keras":
            raise self.error(
                (*here, _type_name(model)),
                "the builder returned a tf_keras (Keras 2) model, but scikeras >= 0.13 "
                "needs Keras 3 models (fit() would fail with \"no attribute 'compiled'\")",
                "Build it with `import keras` (Keras 3) instead of tf_keras/tf.keras, or "
                "test the tf_keras model directly with keras_model(build_fn).",
            )

    def keras_sklearn(
        self, obj: Any, here: tuple[str, ...], sample: _Sample | None
    ) -> keras.Model:
        if hasattr(obj, "model_"):
            return self.fitted_model(obj.model_, here, "model_")
        X, y = self.need_sample(obj, here, sample, fit="est.fit(X, y)")
        # Keras' wrappers have no initialize(): build a clone exactly as fit() does
        # (target processing, then the wrapper's model builder), without fitting.
        import numpy as np
        from sklearn.base import clone

        built = (*here[:-1], f"{here[-1]} (built without fit)")
        try:
            with _name_counters_kept():
                copy = clone(obj)
                X = np.asarray(X)
                if y is not None:
                    y = copy._process_target(np.asarray(y), reset=True)
                model = copy._get_model(X, y)
        except Exception as exc:
            raise self.error(
                built,
                f"building the model on a clone raised {_brief(exc)}",
                "Check the model function and its model_kwargs (see the chained exception).",
            ) from exc
        if model_flavour(model) is None:
            raise self.error(
                (*built, _type_name(model)),
                f"the model function returned a {_qualified(model)}, not a Keras model",
                "Make it return the keras.Model it builds.",
            )
        self.check_built(model, built, X)
        return model

    def legacy_wrapper(self, obj: Any, here: tuple[str, ...]) -> keras.Model:
        model = getattr(obj, "model", None)
        if model is None:
            raise self.error(
                (*here[:-1], f"{here[-1]} (not fitted)"),
                f"the legacy keras.wrappers.scikit_learn {_type_name(obj)} is not fitted, "
                "and it cannot build a model without training",
                "Fit it first, pass its builder instead (keras_model(lambda: "
                "wrapper.build_fn(**params))), or move to scikeras' KerasClassifier("
                "model=...) and pass X=/y=.",
            )
        return self.fitted_model(model, here, "model")

    def check_built(self, model: Any, here: tuple[str, ...], X: Any) -> None:
        shape = _sample_shape(X)
        if shape is None:
            return
        features = _shape_text(shape[1:])
        try:
            inputs = list(model.inputs) if model.built else None
        except (AttributeError, ValueError):
            inputs = None
        if not inputs:
            if model.built:  # a built subclassed model has no symbolic inputs to compare
                return
            raise self.error(
                here,
                f"the builder returned an unbuilt {_type_name(model)} with no Input, so its "
                "layers have no weights yet (fit() would fail deep inside scikeras)",
                f"Start the model with keras.Input(shape={features}) for this X "
                f"(or call model.build((None, *{features})) in the builder).",
            )
        if len(inputs) != 1:
            return
        expected = tuple(inputs[0].shape)
        if len(expected) != len(shape) or any(
            e is not None and e != s for e, s in zip(expected[1:], shape[1:])
        ):
            raise self.error(
                here,
                f"the model expects inputs of shape {_shape_text(expected)} but X has shape "
                f"{_shape_text(shape)}",
                f"Pass an X that matches the model's Input, or build the model with "
                f"keras.Input(shape={features}).",
            )

    # -- scikit-learn containers

    def pipeline(self, obj: Any, chain: tuple[str, ...], sample: _Sample | None) -> keras.Model:
        steps: list[tuple[str, Any]] = list(obj.steps)
        index = next(
            (i for i in range(len(steps) - 1, -1, -1) if _holds_keras(steps[i][1])), None
        )
        if index is None:
            index = self.hooked_step(steps, sample)
        if index is None:
            listed = ", ".join(f"{name!r}: {_type_name(step)}" for name, step in steps)
            raise self.error(
                (*chain, _type_name(obj)),
                f"none of the pipeline's steps holds a Keras model (steps: {listed})",
                "Put the Keras estimator (e.g. scikeras' KerasClassifier) in the pipeline, "
                "or pass it directly.",
            )
        name, step = steps[index]
        if sample is not None:
            sample = sample.through(tuple(steps[:index]))
        return self.unwrap(step, (*chain, f"{_type_name(obj)}[{name!r}]"), sample)

    def hooked_step(self, steps: list[tuple[str, Any]], sample: _Sample | None) -> int | None:
        """The last step a pytest_keras_arch_unwrap hook claims, if any."""
        for i in range(len(steps) - 1, -1, -1):
            if self.ask_hook(steps[i][1], (_type_name(steps[i][1]),), sample) is not None:
                return i
        return None

    def search(self, obj: Any, here: tuple[str, ...], sample: _Sample | None) -> keras.Model:
        if hasattr(obj, "best_estimator_"):
            return self.unwrap(obj.best_estimator_, (*here, "best_estimator_"), sample)
        if hasattr(obj, "cv_results_"):
            raise self.error(
                (*here[:-1], f"{here[-1]} (refit=False)"),
                f"the {_type_name(obj)} was fitted with refit=False, so it has no "
                "best_estimator_",
                "Refit with refit=True, or build the best candidate from the template: "
                "keras_model(search.estimator.set_params(**search.best_params_), X, y).",
            )
        raise self.error(
            (*here[:-1], f"{here[-1]} (not fitted)"),
            f"the {_type_name(obj)} is not fitted, so it has no best_estimator_",
            "Fit it first, or test the template it searches over with a sample: "
            "keras_model(search.estimator, X, y).",
        )

    def meta_estimator(
        self, obj: Any, here: tuple[str, ...], sample: _Sample | None
    ) -> keras.Model:
        for attr in _MANY_FITTED:
            members = getattr(obj, attr, None)
            if isinstance(members, (list, tuple)) and members:
                if len(members) == 1:
                    if attr == "calibrated_classifiers_":
                        return self.unwrap(
                            members[0].estimator, (*here, f"{attr}[0].estimator"), sample
                        )
                    return self.unwrap(members[0], (*here, f"{attr}[0]"), sample)
                pick = (
                    f"obj.{attr}[0].estimator" if attr == "calibrated_classifiers_"
                    else f"obj.{attr}[0]"
                )
                raise self.error(
                    here,
                    f"the {_type_name(obj)} holds {len(members)} fitted models in {attr}, "
                    "and which one to test is ambiguous",
                    f"Pick one yourself, e.g. keras_model({pick}).",
                )
        many = bool(_bases(obj) & {("sklearn", n) for n in _MANY_BASES})
        for attr in _SINGLE_FITTED:
            inner = getattr(obj, attr, None)
            if inner is not None and not many:
                return self.unwrap(inner, (*here, attr), sample)
        template = next(
            (a for a in _SINGLE_TEMPLATE if getattr(obj, a, None) is not None), None
        )
        if many:
            hint = f"keras_model(obj.{template}, X, y)" if template else "obj.estimators_[0]"
            raise self.error(
                (*here[:-1], f"{here[-1]} (not fitted)"),
                f"the {_type_name(obj)} holds one model per member, fold or output once "
                "fitted, and is not fitted yet",
                f"Fit it and pick one (e.g. keras_model(obj.estimators_[0])), or test the "
                f"template: {hint}.",
            )
        if template is not None:
            return self.unwrap(getattr(obj, template), (*here, template), sample)
        raise self.error(
            here,
            f"{_qualified(obj)} is a scikit-learn estimator that holds no Keras model",
            "Pass the Keras estimator (e.g. scikeras' KerasClassifier) or the pipeline "
            "that contains it; for your own wrapper implement the "
            "pytest_keras_arch_unwrap(obj) hook in conftest.py.",
        )


def _name_counters_kept() -> contextlib.AbstractContextManager[None]:
    """Keras 3's auto-name counters as they were: a model built on a clone is the
    plugin's, and must not shift the names (``dense_2``) of the user's next models."""
    from pytest_keras_arch.keras_internals import Keras3Internals

    return Keras3Internals().name_counters_preserved()


def _not_a_model_file(path: str) -> str | None:
    """Why ``path`` cannot be a saved Keras model, checked before Keras reads it."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in _MODEL_SUFFIXES:
        given = f"has the suffix {suffix!r}" if suffix else "has no suffix"
        return f"{given}; Keras 3 loads .keras and .h5 model files only"
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"cannot be read ({_brief(exc)})"
    if suffix == ".keras" and not head.startswith(b"PK"):
        return "is not a .keras file: it is not a zip archive (truncated or not written by Keras?)"
    if suffix != ".keras" and head != b"\x89HDF\r\n\x1a\n":
        return f"is not an HDF5 file, as a {suffix} model must be (truncated or not written by Keras?)"
    return None


def _holds_keras(obj: Any, depth: int = 0) -> bool:
    """Whether ``obj`` is (or contains) something unwrappable to a Keras model."""
    if depth > _MAX_DEPTH or obj is None or isinstance(obj, str):
        return False
    if (
        model_flavour(obj) is not None
        or _is_scikeras(obj)
        or _is_keras_sklearn(obj)
        or _is_legacy_keras_wrapper(obj)
    ):
        return True
    if _is_pipeline(obj):
        return any(_holds_keras(step, depth + 1) for _, step in obj.steps)
    if _is_sklearn_estimator(obj):
        inner = [getattr(obj, a, None) for a in (*_SINGLE_FITTED, *_SINGLE_TEMPLATE)]
        inner.append(getattr(obj, "best_estimator_", None))
        return any(_holds_keras(i, depth + 1) for i in inner if i is not None)
    return False
