"""Snapshot files under faults: corrupt files, parallel updates, interrupted writes,
read-only directories, warnings as errors, and files written outside syrupy's directory.

A snapshot file that is truncated, hand-edited, of an unknown format version or
unreadable fails with a message naming the file and ``--snapshot-update``; it is
left alone without the flag and rewritten cleanly with it. syrupy writes a
file in place; the extension writes a temporary file and ``os.replace``\\s it,
so an interrupted update leaves the old file or the new one, never half.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable

# The heavy stack is imported in the outer session (pytester's in-process runs
# drop the modules they import, and TensorFlow cannot load twice).
import keras  # noqa: F401
import pytest
from snapshot_support import _no_bytecode, make_project, project_build, snapshot_file  # noqa: F401

from pytest_keras_arch import describe, render
from pytest_keras_arch.snapshot import FORMAT_HEADER

pytestmark = pytest.mark.primary_backend_only  # file handling of the snapshot extension

TESTS = """
from models import build


def test_classifier(arch_snapshot):
    assert arch_snapshot == build()
"""


def _truncate(path: pathlib.Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _hand_edit(path: pathlib.Path) -> None:
    path.write_text(path.read_text().replace("layers: ", "layers = ", 1))


def _future_version(path: pathlib.Path) -> None:
    path.write_text(path.read_text().replace(FORMAT_HEADER, FORMAT_HEADER[:-1] + "99", 1))


def _not_utf8(path: pathlib.Path) -> None:
    path.write_bytes(b"\xff\xfe\x00garbage\x80\x81")


def _empty(path: pathlib.Path) -> None:
    path.write_bytes(b"")


FAULTS: dict[str, Callable[[pathlib.Path], None]] = {
    "truncated": _truncate,
    "hand-edited": _hand_edit,
    "unknown-format-version": _future_version,
    "unreadable-bytes": _not_utf8,
    "empty": _empty,
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_corrupt_file_fails_clearly_and_is_only_rewritten_on_update(
    fault: str, pytester: pytest.Pytester
) -> None:
    make_project(pytester, TESTS)
    path = snapshot_file(pytester, "test_classifier")
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=1)
    clean = path.read_bytes()
    FAULTS[fault](path)
    broken = path.read_bytes()

    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "INTERNALERROR" not in text
    assert "__snapshots__/test_arch/test_classifier.arch" in text
    assert "--snapshot-update" in text
    assert path.read_bytes() == broken, "rewritten without --snapshot-update"

    result = pytester.runpytest("--snapshot-update")
    result.assert_outcomes(passed=1)
    assert path.read_bytes() == clean
    assert pytester.runpytest().ret == 0
    assert [p.name for p in path.parent.iterdir()] == [path.name]


PARALLEL_TESTS = """
import keras
import pytest


@pytest.mark.parametrize("units", range(1, 21))
def test_model(arch_snapshot, units):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units), keras.layers.Dense(1)])
    assert arch_snapshot == model
"""

# Logs every write the extension makes (one line per file), from any xdist worker.
COUNTING_CONFTEST = """
import os
from pytest_keras_arch.snapshot import ArchitectureExtension

_write = ArchitectureExtension.write_snapshot_collection.__func__


def _counted(cls, *, snapshot_collection, name_order=None):
    fd = os.open(os.path.join(os.path.dirname(__file__), "writes.log"),
                 os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, (os.path.basename(snapshot_collection.location) + "\\n").encode())
    os.close(fd)
    _write(cls, snapshot_collection=snapshot_collection, name_order=name_order)


ArchitectureExtension.write_snapshot_collection = classmethod(_counted)
"""


def _snapshots(root: pathlib.Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "__snapshots__").rglob("*"))
        if p.is_file()
    }


def test_parallel_update_writes_each_file_once_as_a_serial_run(
    pytester: pytest.Pytester,
) -> None:
    make_project(pytester, PARALLEL_TESTS)
    pytester.makeconftest(COUNTING_CONFTEST)
    # the serial reference, in-process (cheap)
    result = pytester.runpytest("--snapshot-update", "-p", "no:randomly", "test_arch.py")
    result.assert_outcomes(passed=20)
    reference = _snapshots(pytester.path)
    assert len(reference) == 20
    for path in (pytester.path / "__snapshots__").rglob("*.arch"):
        path.unlink()
    (pytester.path / "writes.log").unlink()

    result = pytester.runpytest_subprocess("-n", "4", "--snapshot-update", "test_arch.py")
    result.assert_outcomes(passed=20)
    assert _snapshots(pytester.path) == reference
    writes = (pytester.path / "writes.log").read_text().split()
    assert sorted(writes) == sorted(pathlib.Path(name).name for name in reference)

    pytester.runpytest("-p", "no:randomly", "test_arch.py").assert_outcomes(passed=20)


INTERRUPTING_CONFTEST = """
import os
import pytest_keras_arch.snapshot as snapshot


def _interrupted(src, dst):
    raise KeyboardInterrupt("simulated Ctrl-C while updating snapshots")


snapshot.os.replace = _interrupted
"""


def test_interrupted_update_leaves_old_file_whole(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS, units=4)
    path = snapshot_file(pytester, "test_classifier")
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=1)
    old = path.read_bytes()
    make_project(pytester, TESTS, units=7)  # an intended change, to be stored
    pytester.makeconftest(INTERRUPTING_CONFTEST)
    replace = os.replace
    try:
        with pytest.raises(KeyboardInterrupt):  # pytester passes a Ctrl-C on
            pytester.runpytest("--snapshot-update")
    finally:
        os.replace = replace  # the conftest patched the shared os module
    assert path.read_bytes() == old
    assert [p.name for p in path.parent.iterdir()] == [path.name], "a temporary file was left"


READ_ONLY_CONFTEST = """
import errno
import tempfile
import pytest_keras_arch.snapshot as snapshot


class _ReadOnly:
    def __getattr__(self, name):
        return getattr(tempfile, name)

    @staticmethod
    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")


snapshot.tempfile = _ReadOnly()
"""


def test_read_only_snapshot_directory_gives_a_clear_error(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS)
    pytester.makeconftest(READ_ONLY_CONFTEST)
    import tempfile

    import pytest_keras_arch.snapshot as snapshot

    try:
        result = pytester.runpytest("--snapshot-update")
    finally:
        snapshot.tempfile = tempfile
    text = result.stdout.str()
    assert result.ret != 0
    assert "INTERNALERROR" not in text
    result.stdout.fnmatch_lines(
        [
            "*cannot write the architecture snapshot "
            "__snapshots__/test_arch/test_classifier.arch: Permission denied. "
            "Is the snapshot directory read-only?*"
        ]
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores directory permissions",
)
def test_really_read_only_snapshot_directory(pytester: pytest.Pytester) -> None:
    make_project(pytester, TESTS)
    directory = pytester.path / "__snapshots__" / "test_arch"
    directory.mkdir(parents=True)
    directory.chmod(0o555)
    try:
        result = pytester.runpytest("--snapshot-update")
    finally:
        directory.chmod(0o755)
    assert "INTERNALERROR" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*Is the snapshot directory read-only?*"])


WARNINGS_SUITE = """
import keras
from pytest_keras_arch import describe
from pytest_keras_arch.assertions import assert_param_count, assert_output_shapes
from models import build


def test_fixture_and_snapshot(keras_model, arch_snapshot):
    model = keras_model(build)
    assert_param_count(model, total=117)
    assert_output_shapes(model, {-1: (None, 1)})
    assert arch_snapshot == model


def test_unbuilt(arch_snapshot):
    model = keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(1)])
    assert describe(model, input_shape=(4,)).total_params == 19
"""


def test_suite_passes_under_warnings_as_errors(pytester: pytest.Pytester) -> None:
    """The plugin emits no warning of its own (and hides none: -W error would show them)."""
    make_project(pytester, WARNINGS_SUITE)
    before = {p.relative_to(pytester.path) for p in pytester.path.rglob("*")}
    result = pytester.runpytest("-W", "error", "--snapshot-update", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    result = pytester.runpytest("-W", "error", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    # nothing written outside syrupy's snapshot directory
    after = {p.relative_to(pytester.path) for p in pytester.path.rglob("*")}
    created = sorted(str(p) for p in after - before)
    assert created == [
        "__snapshots__",
        "__snapshots__/test_arch",
        "__snapshots__/test_arch/test_fixture_and_snapshot.arch",
    ]


def test_snapshot_text_is_describe_then_render(pytester: pytest.Pytester) -> None:
    """What the faults tests compare against: the file is header + detail + render."""
    make_project(pytester, TESTS)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=1)
    text = snapshot_file(pytester, "test_classifier").read_text()
    body = render(describe(project_build(pytester)()))
    assert text == f"{FORMAT_HEADER}\n# detail: default\n{body}"
