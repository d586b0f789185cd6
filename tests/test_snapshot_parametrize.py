"""Parametrized tests over several models keep one file each, with stable names."""

from __future__ import annotations

import pytest

import keras  # noqa: F401  (outer session: TensorFlow cannot load twice)
from snapshot_support import _no_bytecode, make_project, snapshot_files  # noqa: F401

TESTS = """
import keras
import pytest
from models import build


def dense():
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(1)])


@pytest.mark.parametrize("make", [build, dense], ids=["lstm", "dense"])
def test_named(arch_snapshot, make):
    assert arch_snapshot == make()


@pytest.mark.parametrize("units", [1, 2, 10])
def test_units(arch_snapshot, units):
    assert arch_snapshot == build(units=units)
"""


def test_one_stable_file_per_parameter(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS)
    result = pytester.runpytest("-p", "no:randomly", "--snapshot-update")
    result.assert_outcomes(passed=5)
    files = [
        "test_arch/test_named[dense].arch",
        "test_arch/test_named[lstm].arch",
        "test_arch/test_units[10].arch",
        "test_arch/test_units[1].arch",
        "test_arch/test_units[2].arch",
    ]
    assert snapshot_files(pytester) == files
    text = (pytester.path / "__snapshots__" / files[3]).read_text(encoding="utf-8")
    assert ", units=1, " in text and "output: (None, 1)" in text

    # Another order, with --snapshot-update: each parameter still finds its own file, nothing is added.
    result = pytester.runpytest("-p", "randomly", "--randomly-seed=5", "--snapshot-update")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*5 snapshots passed.*"])
    assert snapshot_files(pytester) == files
