"""2. Unwrapping without training: the example LSTM classifier, unfitted, 100 samples.

Three sides, interleaved: ``keras_model(clf, X, y)`` (the fixture is a thin
wrapper over :func:`pytest_keras_arch.unwrap_model`, called here directly);
the example's builder called directly (the floor: nothing can build the
network for less); and what people do today to print a summary, fitting a
clone with the estimator's own ``epochs=10`` and reading ``model_``.

Unwrapping and the builder are single-threaded Python and are compared in the
CPU time of the calling thread (``time.thread_time``: TensorFlow's pools keep
spinning for a while after a fit, which the process's CPU time would count);
their wall time is given beside it. Fitting runs those pools, so it is
compared in wall time.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

from benchmarks.harness import EXAMPLES, Row, interleave, log, main, median, timed

ROUNDS = 7
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

    cpu: dict[str, list[float]] = {"unwrap": [], "builder": []}

    def both_clocks(name: str, action: Callable[[], None]) -> Callable[[], float]:
        def side() -> float:
            gc.collect()
            cpu_start, wall_start = time.thread_time(), time.perf_counter()
            action()
            wall = time.perf_counter() - wall_start
            cpu[name].append(time.thread_time() - cpu_start)
            return wall

        return side

    sides = {
        "keras_model(clf, X, y)": both_clocks("unwrap", unwrap),
        "builder (floor)": both_clocks("builder", build_model),
        "fit(epochs=10) + model_": timed(fit_workaround, setup=lambda: clone(clf)),
    }
    n = rounds or ROUNDS
    samples = interleave(sides, n, warmup=1, between=keras.backend.clear_session)
    assert not hasattr(clf, "model_"), "unwrapping fitted the user's estimator"
    cpu = {name: values[1:] for name, values in cpu.items()}  # drop the warm-up round
    medians = {name: median(values) for name, values in samples.items()}
    log(f"unwrapping: wall medians {medians}; CPU {cpu}")
    unwrap_s, floor_s, fit_s = medians.values()
    case = f"unwrap the unfitted example LSTM classifier ({SAMPLES} samples)"
    return [
        Row("2", case + " vs the builder", "keras_model", median(cpu["unwrap"]), "builder",
            median(cpu["builder"]), limit=1.5, target="≤ 1.5× floor", runs=n, note="CPU time of the thread",
            samples=cpu),
        Row("2", case + " vs the builder, wall time (context)", "keras_model", unwrap_s, "builder",
            floor_s, runs=n, samples=samples),
        Row("2", case + " vs fit + model_", "keras_model", unwrap_s, "fit epochs=10", fit_s, limit=0.1,
            target="≤ 0.1× fit", runs=n, note="wall time (fitting is multi-threaded)"),
    ]


if __name__ == "__main__":
    main(run)
