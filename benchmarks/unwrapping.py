"""2. Unwrapping without training: the example LSTM classifier, unfitted, 100 samples.

Three sides, interleaved: ``keras_model(clf, X, y)`` (the fixture is a thin
wrapper over :func:`pytest_keras_arch.unwrap_model`, called here directly);
the example's builder called directly (the floor: nothing can build the
network for less); and what people do today to print a summary, fitting a
clone with the estimator's own ``epochs=10`` and reading ``model_``.
"""

from __future__ import annotations

import sys

from benchmarks.harness import EXAMPLES, Row, interleave, log, main, median, timed

ROUNDS = 5
SAMPLES = 100


def run(rounds: int | None) -> list[Row]:
    sys.path.insert(0, str(EXAMPLES))
    import keras
    from lstm_classifier import build_model, make_classifier, make_windows
    from sklearn.base import clone

    from pytest_keras_arch import unwrap_model

    X, y = make_windows(SAMPLES, seed=0)  # noqa: N806
    clf = make_classifier()
    assert clf.get_params()["epochs"] == 10

    def fit_workaround(estimator: object) -> None:
        model = estimator.fit(X, y).model_  # type: ignore[attr-defined]
        assert model.count_params() == 10_451

    def unwrap() -> None:
        assert unwrap_model(clf, X, y).count_params() == 10_451

    sides = {
        "keras_model(clf, X, y)": timed(unwrap),
        "builder (floor)": timed(build_model),
        "fit(epochs=10) + model_": timed(fit_workaround, setup=lambda: clone(clf)),
    }
    n = rounds or ROUNDS
    samples = interleave(sides, n, warmup=1, between=keras.backend.clear_session)
    assert not hasattr(clf, "model_"), "unwrapping fitted the user's estimator"
    medians = {name: median(values) for name, values in samples.items()}
    log(f"unwrapping: medians {medians}")
    unwrap_s, floor_s, fit_s = medians.values()
    case = f"unwrap the unfitted example LSTM classifier ({SAMPLES} samples)"
    return [
        Row("2", case + " vs the builder", "keras_model", unwrap_s, "builder", floor_s, limit=1.5,
            target="≤ 1.5× floor", runs=n, samples=samples),
        Row("2", case + " vs fit + model_", "keras_model", unwrap_s, "fit epochs=10", fit_s, limit=0.1,
            target="≤ 0.1× fit", runs=n),
    ]


if __name__ == "__main__":
    main(run)
