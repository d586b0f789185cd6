"""4. Scaling: ``render(describe(model))`` on Dense/BatchNormalization stacks of 500 to 4,000 layers.

Each model is built once (building is not timed and is itself slow at 4,000
layers); the sizes then alternate round by round. Times are the process's CPU
time (single-threaded Python work; on a shared machine, wall time also counts
the waits for a core, which swing more than the 12% between linear and the
target).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from benchmarks.harness import Row, interleave, log, main, median, timed

SIZES = (500, 1_000, 2_000, 4_000)
ROUNDS = 7
UNITS = 8


def stack(layers: int) -> Any:
    """``Input(8)`` then ``layers`` alternating ``Dense(8)`` / ``BatchNormalization`` layers.

    Keras maps a functional graph recursively (a few frames per layer), so the
    deep models are built on a thread with a large stack and a high recursion
    limit.
    """
    import keras

    inputs = keras.Input(shape=(UNITS,))
    x = inputs
    for index in range(layers):
        x = keras.layers.Dense(UNITS)(x) if index % 2 == 0 else keras.layers.BatchNormalization()(x)
    return keras.Model(inputs, x)


def deep_stack_call(function: Any, *args: Any) -> Any:
    """``function(*args)`` on a thread with a 512 MiB stack and a recursion limit of 50,000."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(function(*args))
        except BaseException as exc:  # re-raised on the calling thread
            errors.append(exc)

    limit = sys.getrecursionlimit()
    size = threading.stack_size(512 * 2**20)
    sys.setrecursionlimit(50_000)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    if errors:
        raise errors[0]
    return result[0]


def run(rounds: int | None) -> list[Row]:
    from pytest_keras_arch import describe, render

    models = {size: deep_stack_call(stack, size) for size in SIZES}
    for size, model in models.items():
        assert len(model.layers) == size + 1, (size, len(model.layers))

    def side(model: Any) -> Any:
        return timed(lambda: render(describe(model)), clock=time.process_time)

    n = rounds or ROUNDS
    samples = interleave({str(size): side(model) for size, model in models.items()}, n, warmup=1)
    medians = {size: median(samples[str(size)]) for size in SIZES}
    log(f"scaling: medians {medians}")
    small, large = SIZES[0], SIZES[-1]
    rows = [
        Row("4", f"describe+render, {size:,} layers", "describe+render", medians[size], unit="s", runs=n,
            note=f"CPU time, {medians[size] / size * 1e6:.0f} µs per layer", samples={str(size): samples[str(size)]},
            extra={"layers": size})
        for size in SIZES
    ]
    rows.append(
        Row("4", f"scaling: time({large:,}) / time({small:,}) (linear = {large // small})",
            f"{large:,} layers", medians[large], f"{small:,} layers", medians[small], limit=9.0,
            target="≤ 9", runs=n, note="CPU time", extra={"sizes": list(SIZES), "medians": [medians[s] for s in SIZES],
                                         "samples": [samples[str(s)] for s in SIZES]})
    )
    return rows


if __name__ == "__main__":
    main(run)
