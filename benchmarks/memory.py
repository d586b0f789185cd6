"""5. Memory: the peak RSS increase while describing VGG16 (138 M parameters).

Each round is a fresh interpreter that builds VGG16 (``weights=None``), lets
the allocator settle, resets the kernel's peak-RSS mark (``echo 5 >
/proc/self/clear_refs``, Linux) and reads ``VmRSS`` just before and ``VmHWM``
(the peak since the reset) just after ``describe(model)``. The first describe
in the process is the one measured, lazy imports included. tracemalloc's peak
over the same call is reported beside it (numpy registers its buffers with
tracemalloc; TensorFlow's allocator does not, hence the native measure). A
control, ``model.get_weights()`` (a full copy), shows the method sees a copy.
"""

from __future__ import annotations

import json
import sys

from benchmarks.harness import Row, fresh_env, log, main, median, run_child

ROUNDS = 3
LIMIT = 0.05

CHILD = r'''
import gc, json, math, sys, tracemalloc

def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024

def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

def measure(action, trace=False):
    gc.collect()
    reset_peak()
    before = status("VmRSS")
    if trace:
        tracemalloc.start()
    result = action()
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    peak = status("VmHWM")
    return result, max(peak - before, 0), traced

import keras
import numpy
from pytest_keras_arch import describe

model = keras.applications.VGG16(weights=None)
weight_bytes = sum(math.prod(v.shape) * numpy.dtype(v.dtype).itemsize for v in model.weights)
arch, first, _ = measure(lambda: describe(model))
_, second, traced = measure(lambda: describe(model), trace=True)
_, control, _ = measure(lambda: model.get_weights())
print("RESULT=" + json.dumps({
    "params": arch.total_params, "weight_bytes": weight_bytes,
    "first": first, "second": second, "traced": traced, "control": control,
}))
'''


def one_round() -> dict[str, float]:
    done = run_child([sys.executable, "-c", CHILD], env=fresh_env())
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT="))
    return json.loads(line[len("RESULT="):])


def run(rounds: int | None) -> list[Row]:
    n = rounds or ROUNDS
    results = []
    for _ in range(n):
        results.append(one_round())
        log(f"memory: {results[-1]}")
    weights = results[0]["weight_bytes"]
    assert results[0]["params"] == 138_357_544, results[0]["params"]

    def series(key: str) -> list[float]:
        return [float(r[key]) for r in results]

    case = f"VGG16 ({results[0]['params']:,} params) peak memory increase while describing"
    return [
        Row("5", case + ", first call (RSS peak)", "peak RSS increase", median(series("first")),
            "weights", weights, unit="B", limit=LIMIT, target="≤ 0.05× weights", runs=n,
            samples={"first": series("first")}),
        Row("5", "VGG16, second call: RSS peak / tracemalloc peak", "peak RSS increase",
            median(series("second")), "tracemalloc peak", median(series("traced")), unit="B",
            ratio=median(series("second")) / weights, runs=n, note="ratio is RSS peak / weights",
            samples={"second": series("second"), "traced": series("traced")}),
        Row("5", "control: model.get_weights() (one full copy)", "peak RSS increase",
            median(series("control")), "weights", weights, unit="B", runs=n,
            note="shows the method sees a copy", samples={"control": series("control")}),
    ]


if __name__ == "__main__":
    main(run)
