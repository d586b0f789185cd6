"""Comparing something that is not a model fails with the reason and never writes a snapshot."""

from __future__ import annotations

import pytest

import keras  # noqa: F401  (outer session: TensorFlow cannot load twice)
from snapshot_support import _no_bytecode, make_project  # noqa: F401

TESTS = """
from models import build


def test_dict(arch_snapshot):
    assert arch_snapshot == {"units": 4}


def test_repr(arch_snapshot):
    assert arch_snapshot == repr(build())


def test_filters(arch_snapshot):
    assert arch_snapshot(exclude=lambda prop, path: False) == build()
"""


def test_non_models_fail_clearly_even_with_update(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS)
    result = pytester.runpytest("-p", "no:randomly", "--snapshot-update")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "E         pytest_keras_arch.errors.UnwrapError: unwrap_model got a dict and could "
            "not reach a Keras model: builtins.dict is not a Keras model nor anything known "
            "to hold one (path: dict).*",
            "E         pytest_keras_arch.errors.UnwrapError: unwrap_model got a str and could "
            "not reach a Keras model: the string '<Sequential name=sequential*' is neither "
            "an existing file nor a path to a model*",
            "E         TypeError: architecture snapshots do not take include=/exclude= filters; "
            "choose what is stored with the detail ('shapes', 'default' or 'compile').",
        ],
        consecutive=False,
    )
    # the plugin's message alone: no traceback through syrupy or the plugin
    result.stdout.fnmatch_lines(["E       assert arch_snapshot == received failed:"])
    text = result.stdout.str()
    assert "syrupy/assertion.py" not in text and "pytest_keras_arch/snapshot.py" not in text
    assert not (pytester.path / "__snapshots__").exists()
