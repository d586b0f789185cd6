"""Unused snapshots follow syrupy's rules; partial (-k) updates keep other tests' files."""

from __future__ import annotations

import pytest

import keras  # noqa: F401  (outer session: TensorFlow cannot load twice)
from snapshot_support import _no_bytecode, make_project, set_units, snapshot_files  # noqa: F401

TESTS = """
from models import build


def test_first(arch_snapshot):
    assert arch_snapshot == build()


def test_second(arch_snapshot):
    assert arch_snapshot == build(units=2)


def test_third(arch_snapshot):
    assert arch_snapshot == build(units=3)
"""
ALL = ["test_arch/test_first.arch", "test_arch/test_second.arch", "test_arch/test_third.arch"]


def test_partial_update_keeps_others_and_a_deleted_test_is_reported_unused(
    pytester: pytest.Pytester,
) -> None:
    make_project(pytester, TESTS)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=3)
    assert snapshot_files(pytester) == ALL
    before = {name: (pytester.path / "__snapshots__" / name).read_text() for name in ALL}

    # -k with --snapshot-update: only the selected test's file changes, none is deleted.
    set_units(pytester, 8)
    result = pytester.runpytest("-k", "test_first", "--snapshot-update")
    result.assert_outcomes(passed=1, deselected=2)
    result.stdout.fnmatch_lines(["*1 snapshot updated.*"])
    result.stdout.no_fnmatch_line("*snapshot* deleted*")
    assert snapshot_files(pytester) == ALL
    after = {name: (pytester.path / "__snapshots__" / name).read_text() for name in ALL}
    assert [name for name in ALL if after[name] != before[name]] == ["test_arch/test_first.arch"]

    # Deleting a test: its snapshot is reported unused and fails the run, but stays...
    pytester.makepyfile(test_arch=TESTS.split("\n\ndef test_third")[0])
    result = pytester.runpytest()
    result.assert_outcomes(passed=2)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*2 snapshots passed. 1 snapshot unused.*",
            "Re-run pytest with --snapshot-update to delete unused snapshots.",
        ]
    )
    assert snapshot_files(pytester) == ALL

    # ... a -k update of another test leaves it alone; a full update deletes it.
    result = pytester.runpytest("-k", "test_second", "--snapshot-update")
    result.assert_outcomes(passed=1, deselected=1)
    assert snapshot_files(pytester) == ALL
    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "2 snapshots passed. 1 unused snapshot deleted.",
            "Deleted test_third (__snapshots__/test_arch/test_third.arch)",
        ]
    )
    assert snapshot_files(pytester) == ALL[:2]
    assert pytester.runpytest().ret == 0
