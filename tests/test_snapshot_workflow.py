"""The snapshot workflow end to end: first run, --snapshot-update, an intended change."""

from __future__ import annotations

import pytest

# Import the heavy stack in the outer session: pytester's in-process runs drop the
# modules they import when they end, and numpy/TensorFlow cannot load twice.
import keras  # noqa: F401
from pytest_keras_arch import describe, render
from pytest_keras_arch.snapshot import FORMAT_HEADER
from snapshot_support import _no_bytecode, make_project, project_build, set_units, snapshot_file  # noqa: F401

TESTS = """
from models import build


def test_classifier(arch_snapshot):
    assert arch_snapshot == build()


def test_other(arch_snapshot):
    assert arch_snapshot == build(units=2)
"""


def test_first_run_update_intended_change_update_again(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS, units=4)
    classifier = snapshot_file(pytester, "test_classifier")
    other = snapshot_file(pytester, "test_other")

    # 1. No snapshot yet: the run fails, says where and how to write it, writes nothing.
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "E         Snapshot 'test_classifier' does not exist!",
            "E         No architecture snapshot stored at "
            "__snapshots__/test_arch/test_classifier.arch yet: run `pytest "
            "--snapshot-update` to write it.",
            "*2 snapshots failed.*",
        ]
    )
    assert not classifier.exists()

    # ... --snapshot-update writes one file per test, and the tests pass.
    result = pytester.runpytest("-p", "no:randomly", "--snapshot-update")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*2 snapshots generated.*"])
    expected = f"{FORMAT_HEADER}\n# detail: default\n{render(describe(project_build(pytester)()))}"
    assert classifier.read_text(encoding="utf-8") == expected
    assert expected.splitlines()[2:5] == [
        "model: Sequential sequential",
        "input: input_layer (None, 5, 2) float32",
        "output: dense (None, 1) float32",
    ]
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2)

    # 2. An intended change: more LSTM units. The run fails with the summary, then the diff.
    other_before = other.read_bytes(), other.stat().st_mtime_ns
    set_units(pytester, 8)
    result = pytester.runpytest("-p", "no:randomly", "-vv")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: assert [- snapshot] == [+ received]",
            "E         Architecture changes (snapshot → received):",
            "E           layer 0 'lstm': units 4 → 8, output (None, 4) → (None, 8), "
            "params 112 → 352",
            "E           layer 1 'dense': params 5 → 9",
            "E           total params 117 → 361",
            "E         If they are intended, run `pytest --snapshot-update` to accept them "
            "(__snapshots__/test_arch/test_classifier.arch).",
            "E         - params: 117 total, 117 trainable, 0 non-trainable",
            "E         + params: 361 total, 361 trainable, 0 non-trainable",
            "*",
            "E         -     weight: kernel (2, 16) float32",
            "E         +     weight: kernel (2, 32) float32",
            "*1 snapshot failed. 1 snapshot passed.*",
        ]
    )
    assert classifier.read_text(encoding="utf-8") == expected  # not rewritten

    # ... --snapshot-update rewrites only that file; the next run passes.
    result = pytester.runpytest("-p", "no:randomly", "--snapshot-update")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*1 snapshot passed. 1 snapshot updated.*"])
    assert "units=8" in classifier.read_text(encoding="utf-8")
    assert (other.read_bytes(), other.stat().st_mtime_ns) == other_before
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2)
    assert result.ret == 0
