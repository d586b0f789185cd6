"""Snapshot detail: the ini option keras_arch_snapshot_detail, per test, and invalid values."""

from __future__ import annotations

import pytest

import keras  # noqa: F401  (outer session: TensorFlow cannot load twice)
from pytest_keras_arch import ArchitectureExtension
from snapshot_support import INI, _no_bytecode, make_project, snapshot_file  # noqa: F401

TESTS = """
from models import build
from pytest_keras_arch import ArchitectureExtension


def test_ini_detail(arch_snapshot):
    assert arch_snapshot == build()


def test_compile_detail(arch_snapshot):
    assert arch_snapshot.use_extension(ArchitectureExtension.with_detail("compile")) == build()
"""


def test_ini_and_per_test_detail(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS, ini=INI + "keras_arch_snapshot_detail = shapes\n")
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=2)
    assert snapshot_file(pytester, "test_ini_detail").read_text(encoding="utf-8") == (
        "# pytest-keras-arch architecture snapshot v1\n"
        "# detail: shapes\n"
        "model: Sequential sequential\n"
        "input: input_layer (None, 5, 2) float32\n"
        "output: dense (None, 1) float32\n"
        "layers: 2\n"
        "[0] lstm: LSTM\n"
        "    output: (None, 4)\n"
        "[1] dense: Dense\n"
        "    output: (None, 1)\n"
    )
    text = snapshot_file(pytester, "test_compile_detail").read_text(encoding="utf-8")
    assert text.splitlines()[1] == "# detail: compile"
    assert text.splitlines()[6:10] == [
        "compile: optimizer=Adam",
        "compile: loss=binary_crossentropy",
        "compile: metrics=()",
        "layers: 2",
    ]

    # The ini option changes: the stored file says which detail it has, the run which it wants.
    pytester.makefile(".ini", pytest=INI + "keras_arch_snapshot_detail = default\n")
    result = pytester.runpytest()
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(
        [
            "E         The snapshot __snapshots__/test_arch/test_ini_detail.arch was stored at "
            "detail 'shapes'; this test renders detail 'default'. If the new detail is "
            "intended, run `pytest --snapshot-update` to store it.",
        ]
    )


def test_invalid_ini_detail_is_a_usage_error(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS, ini=INI + "keras_arch_snapshot_detail = full\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: keras_arch_snapshot_detail must be one of 'shapes', 'default', 'compile', "
            f"got 'full' (in {pytester.path / 'pytest.ini'}). Set it to 'shapes' (types and "
            "shapes), 'default' (plus weights, parameters, config) or 'compile' (plus "
            "optimizer, loss and metrics).",
        ]
    )


def test_with_detail_returns_importable_classes_and_rejects_unknown_details() -> None:
    shapes = ArchitectureExtension.with_detail("shapes")
    assert shapes.detail == "shapes" and issubclass(shapes, ArchitectureExtension)
    assert ArchitectureExtension.with_detail("shapes") is shapes
    # pytest-xdist's controller re-imports extensions by module and qualified name.
    module = __import__(shapes.__module__, fromlist=[shapes.__qualname__])
    assert getattr(module, shapes.__qualname__) is shapes
    with pytest.raises(ValueError, match=r"^detail must be one of 'shapes', 'default', "
                       r"'compile', got 'full'\. 'shapes' stores types and shapes only"):
        ArchitectureExtension.with_detail("full")
