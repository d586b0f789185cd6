"""Shared pieces of the snapshot integration tests: a tiny model project run through pytester.

The project's model lives in ``models.py`` so a test can change it between runs
(an intended architecture change); its tests compare it with ``arch_snapshot``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from typing import Any

import pytest

# A tiny LSTM classifier: LSTM(units) on 5 steps x 2 features, then Dense(1, sigmoid).
MODELS = '''
import keras

UNITS = {units}


def build(units=UNITS):
    model = keras.Sequential([
        keras.Input(shape=(5, 2)),
        keras.layers.LSTM(units),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    return model
'''

INI = (
    "[pytest]\n"
    # no:unraisableexception: its gc.collect() at exit costs ~1 s per run with TensorFlow loaded
    "addopts = -p no:cacheprovider -p no:unraisableexception\n"
    "filterwarnings = ignore::pytest.PytestAssertRewriteWarning\n"
)


def make_project(pytester: pytest.Pytester, tests: str, *, units: int = 4, ini: str = INI) -> None:
    """Write pytest.ini, models.py (LSTM ``units``) and test_arch.py (``tests``)."""
    pytester.makefile(".ini", pytest=ini)
    set_units(pytester, units)
    pytester.makepyfile(test_arch=tests)


def set_units(pytester: pytest.Pytester, units: int) -> None:
    pytester.makepyfile(models=MODELS.format(units=units))


def project_build(pytester: pytest.Pytester) -> Any:
    """The project's ``models.build``, loaded in this (outer) session."""
    path = pytester.path / "models.py"
    spec = importlib.util.spec_from_file_location(f"models_{id(path)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build


def snapshot_file(pytester: pytest.Pytester, name: str, module: str = "test_arch") -> pathlib.Path:
    return pytester.path / "__snapshots__" / module / f"{name}.arch"


def snapshot_files(pytester: pytest.Pytester) -> list[str]:
    root = pytester.path / "__snapshots__"
    return sorted(str(path.relative_to(root)) for path in root.rglob("*.arch"))


@pytest.fixture(autouse=True)
def _no_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rewritten project files can keep their size and mtime second; never run stale bytecode.
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
