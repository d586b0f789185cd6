"""1. Idle cost: a 300-test suite that never uses Keras, plugin loaded vs ``-p no:keras_arch``.

Instructions are counted with callgrind (repeatable; wall time on a shared
2-core machine is not), wall time is reported beside them, and a conftest in
the generated suite writes ``sorted(sys.modules)`` at the end of the session
so the run can be checked for Keras, backends, scikit-learn and scikeras.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.harness import HEAVY, Row, fresh_env, interleave, log, main, median, run_child

MODULES = 10  # x 30 tests = 300
CALLGRIND_ROUNDS = 3
WALL_ROUNDS = 10
#: Both sides: nothing written to .pytest_cache, and the unrelated third-party
#: plugins of the dev environment off (pytest-randomly would also reorder the
#: tests; hypothesis alone costs more than pytest itself), so that the
#: denominator is pytest and syrupy, our dependency, and nothing else.
COMMON = [
    "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:hypothesispytest",
    "-p", "no:xdist", "-p", "no:xdist.looponfail",
]
SIDES = {"plugin": [], "disabled": ["-p", "no:keras_arch"]}

CONFTEST = '''
import json
import os
import sys

import pytest


@pytest.fixture
def numbers():
    return list(range(10))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    path = os.environ.get("IDLE_REPORT")
    if path:
        with open(path, "w") as report:
            json.dump(
                {"plugin_loaded": config.pluginmanager.hasplugin("keras_arch"),
                 "modules": sorted(sys.modules)},
                report,
            )
'''

MODULE = '''
import pytest


def add(a, b):
    return a + b
{plain}

@pytest.mark.parametrize("n", range(10))
def test_square(n):
    assert n * n == n ** 2
{fixtures}

class TestText:
{methods}
'''


def write_suite(root: Path) -> int:
    """Write 300 plain tests (functions, parametrized cases, fixtures, a class) into ``root``."""
    (root / "pytest.ini").write_text("[pytest]\n")
    (root / "conftest.py").write_text(CONFTEST)
    for index in range(MODULES):
        plain = "".join(
            f"\n\ndef test_add_{i}():\n    assert add({i}, {index}) == {i + index}\n" for i in range(10)
        )
        fixtures = "".join(
            f"\n\ndef test_numbers_{i}(numbers):\n    assert sum(numbers[:{i}]) == {sum(range(i))}\n"
            for i in range(5)
        )
        methods = "".join(
            textwrap.indent(f"def test_upper_{i}(self):\n    assert 'ab{i}'.upper() == 'AB{i}'\n\n", "    ")
            for i in range(5)
        )
        text = MODULE.format(plain=plain, fixtures=fixtures, methods=methods)
        (root / f"test_plain_{index}.py").write_text(text)
    return MODULES * 30


def pytest_argv(side: str) -> list[str]:
    return [sys.executable, "-m", "pytest", *COMMON, *SIDES[side]]


def wall(root: Path, side: str) -> float:
    start = time.perf_counter()
    done = run_child(pytest_argv(side), cwd=root, env=fresh_env(PYTHONHASHSEED="0"))
    elapsed = time.perf_counter() - start
    assert "300 passed" in done.stdout, done.stdout
    return elapsed


def instructions(root: Path, side: str) -> float:
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *pytest_argv(side)]
    done = run_child(argv, cwd=root, env=fresh_env(PYTHONHASHSEED="0"), timeout=600)
    match = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count in callgrind's output:\n{done.stderr[-2000:]}")
    return float(match.group(1))


def imported(root: Path, side: str) -> tuple[bool, list[str]]:
    report = root / f"modules-{side}.json"
    run_child(pytest_argv(side), cwd=root, env=fresh_env(PYTHONHASHSEED="0", IDLE_REPORT=str(report)))
    data = json.loads(report.read_text())
    heavy = sorted(m for m in data["modules"] if m.split(".")[0] in HEAVY)
    return data["plugin_loaded"], heavy


def run(rounds: int | None) -> list[Row]:
    root = Path(tempfile.mkdtemp(prefix="bench-idle-"))
    try:
        count = write_suite(root)
        loaded, heavy = imported(root, "plugin")  # also the warm-up: compiles the suite once
        disabled_loaded, _ = imported(root, "disabled")
        if not loaded or disabled_loaded:
            raise RuntimeError(f"plugin loaded: {loaded} with it, {disabled_loaded} with -p no:keras_arch")
        log(f"idle: {count} tests; heavy modules imported with the plugin: {heavy or 'none'}")

        rows = []
        if shutil.which("valgrind"):
            n = rounds or CALLGRIND_ROUNDS
            counts: dict[str, list[float]] = {side: [] for side in SIDES}
            with ThreadPoolExecutor(max_workers=2) as pool:  # counts do not depend on load
                for _ in range(n):
                    futures = {side: pool.submit(instructions, root, side) for side in SIDES}
                    for side, future in futures.items():
                        counts[side].append(future.result())
                    log(f"idle: callgrind {[counts[s][-1] for s in SIDES]}")
            spread = max(max(v) / min(v) - 1 for v in counts.values())
            extra = median(counts["plugin"]) - median(counts["disabled"])
            rows.append(
                Row("1", f"idle cost, {count} tests, instructions (callgrind)", "plugin",
                    median(counts["plugin"]), "disabled", median(counts["disabled"]), unit="instr",
                    limit=1.03, target="≤ 1.03", runs=n,
                    note=f"+{extra / 1e6:.0f} M instructions; run-to-run spread {spread:.1e}",
                    samples=counts)
            )
        else:
            log("idle: valgrind not found; instruction counts skipped")
        n = rounds or WALL_ROUNDS
        times = interleave({side: (lambda side=side: wall(root, side)) for side in SIDES}, n, warmup=1)
        rows.append(
            Row("1", f"idle cost, {count} tests, wall time (context)", "plugin", median(times["plugin"]),
                "disabled", median(times["disabled"]), runs=n, samples=times)
        )
        rows.append(
            Row("1", "heavy modules imported by the idle run with the plugin", "modules",
                float(len(heavy)), unit="", ratio=float(len(heavy)), limit=0.0, target="none",
                note=", ".join(heavy[:5]) or "none of " + "/".join(HEAVY[:6]), runs=1)
        )
        return rows
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(run)
