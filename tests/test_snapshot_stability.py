"""The same snapshot passes whatever ran before, in any order, under xdist, in another
process, and after pickling the fitted estimator."""

from __future__ import annotations

import shutil

import pytest

# Import the heavy stack in the outer session: pytester's in-process runs drop the
# modules they import when they end, and numpy/TensorFlow cannot load twice.
import keras  # noqa: F401
import numpy  # noqa: F401
import scikeras.wrappers  # noqa: F401
from snapshot_support import _no_bytecode, make_project, snapshot_files  # noqa: F401

TESTS = """
import pathlib
import pickle

import keras
import numpy as np
import pytest
from models import build

MODE = pathlib.Path(__file__).with_name("mode.txt").read_text().strip()

if MODE == "noisy":
    # Unrelated models first: Keras' process-wide name counters move on.
    for _ in range(3):
        keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        keras.layers.LSTM(2)


def test_built_last(arch_snapshot):
    model = build()
    names = " ".join(layer.name for layer in model.layers)
    pathlib.Path(__file__).with_name(f"names-{MODE}.txt").write_text(names)
    assert arch_snapshot == model


@pytest.mark.parametrize("units", [2, 3])
def test_order(arch_snapshot, units):
    assert arch_snapshot == build(units=units)


@pytest.fixture(scope="module")
def fitted():
    from scikeras.wrappers import KerasClassifier

    X = np.random.default_rng(0).normal(size=(16, 5, 2)).astype("float32")
    y = (X[:, 0, 0] > 0).astype("int64")
    # run_eagerly: one tiny batch does not pay for tracing a training graph.
    return KerasClassifier(model=build, epochs=1, verbose=0, run_eagerly=True).fit(X, y)


def test_fitted_estimator(arch_snapshot, fitted):
    if MODE == "noisy":
        fitted = pickle.loads(pickle.dumps(fitted))
    assert arch_snapshot == fitted
"""
FILES = [
    "test_arch/test_built_last.arch",
    "test_arch/test_fitted_estimator.arch",
    "test_arch/test_order[2].arch",
    "test_arch/test_order[3].arch",
]


@pytest.mark.primary_backend_only  # naming and processes, not the backend (test_backends compares those)
def test_stable_across_history_order_processes_xdist_and_pickling(
    pytester: pytest.Pytester,
) -> None:
    make_project(pytester, TESTS)
    mode = pytester.path / "mode.txt"
    mode.write_text("fresh")
    pytester.runpytest("-p", "no:randomly", "--snapshot-update").assert_outcomes(passed=4)
    assert snapshot_files(pytester) == FILES
    stored = {name: (pytester.path / "__snapshots__" / name).read_bytes() for name in FILES}

    # Built after other models, in random order (several seeds), the fitted estimator
    # pickled and unpickled: the same snapshots pass.
    mode.write_text("noisy")
    result = pytester.runpytest("-p", "randomly", "--randomly-seed=1")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["Using --randomly-seed=1", "*4 snapshots passed.*"])
    for seed in ("2", "3"):  # more orders; the fitted estimator once is enough
        result = pytester.runpytest("-p", "randomly", f"--randomly-seed={seed}", "-k", "not fitted")
        result.assert_outcomes(passed=3, deselected=1)
        result.stdout.fnmatch_lines([f"Using --randomly-seed={seed}", "*3 snapshots passed.*"])
    fresh = (pytester.path / "names-fresh.txt").read_text()
    noisy = (pytester.path / "names-noisy.txt").read_text()
    assert fresh != noisy, "Keras gave the same names: the test proves nothing"

    # A second process with two xdist workers (fresh Keras name counters in each); the
    # controller still finds a snapshot no test uses.
    stale = pytester.path / "__snapshots__" / "test_arch" / "test_removed.arch"
    shutil.copy(pytester.path / "__snapshots__" / FILES[0], stale)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "randomly", "--randomly-seed=4")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*4 snapshots passed. 1 snapshot unused.*"])
    assert result.ret == 1
    assert stale.exists()
    assert {name: (pytester.path / "__snapshots__" / name).read_bytes() for name in FILES} == stored
