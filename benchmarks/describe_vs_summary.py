"""3. ``render(describe(model))`` vs ``model.summary()`` printed to a string.

The same built model on both sides (``keras.applications``, ``weights=None``);
each model is built once, then the two sides alternate. Both sides are
single-threaded Python, timed in the process's CPU time (see
:mod:`benchmarks.scaling`).
"""

from __future__ import annotations

import time

from benchmarks.harness import Row, interleave, log, main, median, timed

MODELS = ("ResNet50", "DenseNet121", "EfficientNetB0")
ROUNDS = 7


def run(rounds: int | None) -> list[Row]:
    import keras

    from pytest_keras_arch import describe, render

    n = rounds or ROUNDS
    rows = []
    for name in MODELS:
        model = getattr(keras.applications, name)(weights=None)

        def ours(model: keras.Model = model) -> None:
            assert render(describe(model))

        def summary(model: keras.Model = model) -> None:
            lines: list[str] = []
            model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
            assert lines

        samples = interleave({"describe+render": timed(ours, clock=time.process_time),
                              "summary": timed(summary, clock=time.process_time)}, n, warmup=1)
        log(f"describe vs summary: {name} {samples}")
        rows.append(
            Row("3", f"{name} ({len(model.layers)} layers): render(describe(model)) vs summary()",
                "describe+render", median(samples["describe+render"]), "summary()",
                median(samples["summary"]), limit=0.5, target="≤ 0.5× summary", runs=n, note="CPU time",
                samples=samples)
        )
        del model
        keras.backend.clear_session()
    return rows


if __name__ == "__main__":
    main(run)
