"""The pytest11 entry point of pytest-keras-arch: hooks and fixtures (thin).

Loaded by every pytest run in an environment where the plugin is installed, so
it must stay light: nothing here imports Keras, a backend, scikit-learn or
scikeras. Fixtures are thin wrappers over the public functions.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import pytest

from pytest_keras_arch import hooks
from pytest_keras_arch.detail import DETAILS
from pytest_keras_arch.errors import KerasArchError

if TYPE_CHECKING:
    import keras
    from syrupy.assertion import SnapshotAssertion

    from pytest_keras_arch.unwrap import KerasModelFactory


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hooks)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "keras_arch_snapshot_detail",
        "Detail of arch_snapshot files: shapes, default or compile (default: default).",
        default="default",
    )


def pytest_configure(config: pytest.Config) -> None:
    _check_snapshot_detail(config)
    hooks.push_config(config)


def _check_snapshot_detail(config: pytest.Config) -> None:
    value = str(config.getini("keras_arch_snapshot_detail") or "default").strip()
    if value not in DETAILS:
        raise pytest.UsageError(
            f"keras_arch_snapshot_detail must be one of {', '.join(map(repr, DETAILS))}, "
            f"got {value!r} (in {config.inipath or 'the ini file'}). Set it to 'shapes' "
            f"(types and shapes), 'default' (plus weights, parameters, config) or 'compile' "
            f"(plus optimizer, loss and metrics)."
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    hooks.pop_config(config)


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> list[str] | None:
    """``Architecture == Architecture`` in a plain assert: a layer-by-layer explanation."""
    # No Architecture can exist unless its (stdlib-only) module was imported.
    architecture = sys.modules.get("pytest_keras_arch.architecture")
    if op != "==" or architecture is None:
        return None
    cls = architecture.Architecture
    if not (isinstance(left, cls) and isinstance(right, cls)):
        return None
    from pytest_keras_arch.assertions import explain_difference

    return explain_difference(left, right)


@pytest.hookimpl(wrapper=True, specname="pytest_assertrepr_compare")
def pytest_assertrepr_compare_snapshot_errors(config: pytest.Config, op: str, left: Any, right: Any) -> Any:
    """When ``arch_snapshot == obj`` failed because ``obj`` is no model, show the
    plugin's message alone, ahead of syrupy's traceback of it."""
    explanations = yield
    snapshot_error = _snapshot_error(left, right) if op == "==" else None
    if snapshot_error is None:
        return explanations
    return [["arch_snapshot == received failed:", snapshot_error], *explanations]


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _snapshot_error(left: Any, right: Any) -> str | None:
    """The plugin's error message behind a failed syrupy assertion, if that was the cause."""
    syrupy_assertion = sys.modules.get("syrupy.assertion")
    if syrupy_assertion is None:
        return None
    for side in (left, right):
        if isinstance(side, syrupy_assertion.SnapshotAssertion):
            lines = side.get_assert_diff()  # syrupy puts a raised error's last line first
            if len(lines) > 1 and lines[1].startswith("Traceback") and (
                lines[0].startswith(f"{KerasArchError.__module__}.")
                or any(_PACKAGE_DIR in line for line in lines)
            ):
                return str(lines[0])
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Show the plugin's own errors short: its message at the user's line.

    The Keras exception behind one stays chained; ``--tb=long`` shows it all.
    """
    report = yield
    excinfo = call.excinfo
    if (
        excinfo is not None
        and isinstance(excinfo.value, KerasArchError)
        and item.config.getoption("tbstyle", "auto") == "auto"
        and report.failed
    ):
        excinfo.traceback = excinfo.traceback.cut(path=item.path).filter(excinfo)
        longrepr = excinfo.getrepr(style="short", chain=False, funcargs=False)
        if excinfo.value.__cause__ is not None:
            longrepr.addsection(
                "keras-arch", "the original error is chained to this one; --tb=long shows its traceback"
            )
        report.longrepr = longrepr
    return report


@pytest.fixture
def keras_model() -> KerasModelFactory:
    """Factory: keras_model(obj, X=None, y=None, *, safe_mode=True) -> keras.Model.

    Returns the Keras model behind obj without training it or changing it: a
    keras/tf_keras model as is; a fitted scikeras or Keras wrapper's model_; an
    unfitted one built on a clone from the sample X (and y for classifiers); the
    Keras step of a Pipeline; a search CV's best_estimator_; a zero-argument build
    function's result; a .keras/.h5 file (safe mode on). Raises UnwrapError with
    the path walked and the fix. See pytest_keras_arch.unwrap_model.
    """

    def keras_model(
        obj: Any,
        X: Any = None,  # noqa: N803
        y: Any = None,
        *,
        safe_mode: bool = True,
    ) -> keras.Model:
        __tracebackhide__ = True
        from pytest_keras_arch.unwrap import unwrap_model

        return unwrap_model(obj, X, y, safe_mode=safe_mode)

    return keras_model


@pytest.fixture
def arch_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """syrupy's ``snapshot`` storing architectures: ``assert arch_snapshot == model``.

    One ``.arch`` text file per assertion under ``__snapshots__/<test module>/``,
    at the detail of the ini option ``keras_arch_snapshot_detail``; for another
    detail in one test use
    ``arch_snapshot.use_extension(ArchitectureExtension.with_detail("shapes"))``.
    See pytest_keras_arch.ArchitectureExtension.
    """
    from pytest_keras_arch.snapshot import ArchitectureExtension

    return snapshot.use_extension(ArchitectureExtension)


# -- which Keras the run used: once, in the header or at the end ------------

_REPORTED = pytest.StashKey[bool]()


def pytest_report_header(config: pytest.Config) -> str | None:
    from pytest_keras_arch.report import keras_in_use

    text = keras_in_use()
    config.stash[_REPORTED] = text is not None
    return f"keras-arch: {text}" if text else None


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    from pytest_keras_arch.report import keras_in_use

    if config.stash.get(_REPORTED, False):
        return
    text = keras_in_use()
    if text:
        terminalreporter.write_line(f"keras-arch: tests used {text}")
