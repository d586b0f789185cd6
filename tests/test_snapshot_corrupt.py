"""A hand-edited or corrupted snapshot file fails with a message saying so, and is kept."""

from __future__ import annotations

import pytest

import keras  # noqa: F401  (outer session: TensorFlow cannot load twice)
from snapshot_support import _no_bytecode, make_project, snapshot_file  # noqa: F401

TESTS = """
import pytest
from models import build


@pytest.mark.parametrize("case", ["edited", "truncated", "binary", "version", "foreign"])
def test_model(arch_snapshot, case):
    assert arch_snapshot == build()
"""

DAMAGE = {
    "edited": lambda text: text.replace(b"params: 117 total", b"params: 118 total"),
    "truncated": lambda text: text[: len(text) // 2],
    "binary": lambda text: b"\xff\xfe\x00\x81" + text,
    "version": lambda text: text.replace(b"snapshot v1", b"snapshot v2", 1),
    "foreign": lambda text: b"<svg></svg>\n",
}
REASON = {
    "edited": "line 6: trainable 117 + non-trainable 0 is not the total 118",
    "truncated": "line 7: 'layers: 2' but 1 layer records follow",
    "binary": "it is not UTF-8 text",
    "version": "it has format version v2; this pytest-keras-arch reads v1",
    "foreign": "its first line is '<svg></svg>', not "
    "'# pytest-keras-arch architecture snapshot v1'",
}


def test_damaged_snapshot_files_fail_clearly_and_are_kept_until_update(
    pytester: pytest.Pytester,
) -> None:
    make_project(pytester, TESTS)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=5)
    files = {case: snapshot_file(pytester, f"test_model[{case}]") for case in DAMAGE}
    good = files["edited"].read_bytes()
    for case, damage in DAMAGE.items():
        files[case].write_bytes(damage(good))
    damaged = {case: path.read_bytes() for case, path in files.items()}

    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=5)
    for case, reason in REASON.items():
        result.stdout.fnmatch_lines(
            [
                f"E         The snapshot file __snapshots__/test_arch/test_model[[]{case}[]].arch "
                f"is not a valid architecture snapshot: {reason}. It was edited by hand or is "
                f"corrupted; run `pytest --snapshot-update` to regenerate it from the model.",
            ]
        )
    result.stdout.no_fnmatch_line("*Traceback*")
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    assert {case: path.read_bytes() for case, path in files.items()} == damaged

    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["*5 snapshots updated.*"])
    assert {path.read_bytes() for path in files.values()} == {good}
    pytester.runpytest().assert_outcomes(passed=5)
