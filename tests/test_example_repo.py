"""The example model repo's own test suite passes with the plugin (so it cannot rot)."""

from __future__ import annotations

import pathlib
import shutil

import pytest

# Import the heavy stack in the outer session: pytester's in-process runs drop the
# modules they import when they end, and numpy/TensorFlow cannot load twice.
import keras  # noqa: F401
import numpy  # noqa: F401
import scikeras.wrappers  # noqa: F401
import sklearn.base  # noqa: F401

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


def test_example_repo_suite_passes(pytester: pytest.Pytester) -> None:
    shutil.copytree(
        EXAMPLES,
        pytester.path,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"),
    )
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=13)
    result.stdout.fnmatch_lines(["rootdir: *", "configfile: pytest.ini", "testpaths: tests"])
