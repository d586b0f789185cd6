"""6. Snapshot suite: 30 tests over ``keras.applications`` models, ``assert arch_snapshot == model``
vs the same tests asserting only ``model.count_params()`` (plugin disabled).

Both suites build each model in a fixture (setup), so a test's call phase is
the assertion alone. The snapshots are written once with ``--snapshot-update``
(that run is also the warm-up); then the two suites alternate. The plugin's
share of the run time is taken two ways: side by side, ``1 - time(counts) /
time(snapshots)`` in the CPU time of the pytest processes (their wall time,
which also counts the waits for a core on a shared machine, is given beside
it); and inside each snapshot run, the call phases' time over the whole run,
which is free of the noise in building the models.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Row, fresh_env, interleave, log, main, median, run_child

ROUNDS = 3
LIMIT = 0.10
#: 30 tests: the 15 keras.applications models quickest to build, each as the
#: classifier (``include_top=True``) and as a feature extractor
#: (``include_top=False, pooling="avg"``), with their parameter counts.
MODELS = {
    "MobileNet": (4_253_864, 3_228_864),
    "MobileNetV3Small": (2_554_968, 939_120),
    "MobileNetV2": (3_538_984, 2_257_984),
    "MobileNetV3Large": (5_507_432, 2_996_352),
    "Xception": (22_910_480, 20_861_480),
    "ResNet50": (25_636_712, 23_587_712),
    "ResNet50V2": (25_613_800, 23_564_800),
    "VGG19": (143_667_240, 20_024_384),
    "EfficientNetB0": (5_330_571, 4_049_571),
    "InceptionV3": (23_851_784, 21_802_784),
    "EfficientNetV2B0": (7_200_312, 5_919_312),
    "ConvNeXtTiny": (28_589_128, 27_820_128),
    "EfficientNetB2": (9_177_569, 7_768_569),
    "EfficientNetV2B1": (8_212_124, 6_931_124),
    "EfficientNetB1": (7_856_239, 6_575_239),
}
TESTS = 2 * len(MODELS)
COMMON = [
    "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:hypothesispytest",
    "-p", "no:xdist", "-p", "no:xdist.looponfail",
]
SIDES = {
    "snapshots": ["test_snapshots.py"],
    "counts": ["test_counts.py", "-p", "no:keras_arch"],
}

CONFTEST = '''
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import pytest

PHASES = {"setup": 0.0, "call": 0.0, "teardown": 0.0}
START = time.perf_counter()


@pytest.fixture
def model(name, top):
    if top:
        return getattr(keras.applications, name)(weights=None)
    return getattr(keras.applications, name)(weights=None, include_top=False, pooling="avg")


def pytest_runtest_logreport(report):
    PHASES[report.when] += report.duration


def pytest_sessionfinish(session):
    path = os.environ.get("SUITE_REPORT")
    if path:
        with open(path, "w") as out:
            json.dump({**PHASES, "session": time.perf_counter() - START}, out)
'''

SNAPSHOTS = '''
import pytest

from models import MODELS


@pytest.mark.parametrize("top", [True, False], ids=["classifier", "features"])
@pytest.mark.parametrize("name", MODELS)
def test_architecture(model, arch_snapshot):
    assert arch_snapshot == model
'''

COUNTS = '''
import pytest

from models import MODELS


@pytest.mark.parametrize("top", [True, False], ids=["classifier", "features"])
@pytest.mark.parametrize("name", MODELS)
def test_architecture(name, top, model):
    assert model.count_params() == MODELS[name][0 if top else 1]
'''


def write_suite(root: Path) -> None:
    (root / "pytest.ini").write_text("[pytest]\npythonpath = .\n")
    (root / "conftest.py").write_text(CONFTEST)
    (root / "models.py").write_text(f"MODELS = {MODELS!r}\n")
    (root / "test_snapshots.py").write_text(SNAPSHOTS)
    (root / "test_counts.py").write_text(COUNTS)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(root: Path, side: str, *extra: str) -> tuple[float, dict[str, float]]:
    """Run one suite: its wall time, and its phases plus its CPU time (``cpu``)."""
    report = root / f"phases-{side}.json"
    argv = [sys.executable, "-m", "pytest", *COMMON, *SIDES[side], *extra]
    cpu = _children_cpu()
    start = time.perf_counter()
    done = run_child(argv, cwd=root, env=fresh_env(SUITE_REPORT=str(report)), timeout=900)
    elapsed = time.perf_counter() - start
    assert f"{TESTS} passed" in done.stdout, done.stdout
    return elapsed, {**json.loads(report.read_text()), "cpu": _children_cpu() - cpu}


def fixture_available() -> bool:
    from pytest_keras_arch import plugin

    return hasattr(plugin, "arch_snapshot")


def run(rounds: int | None) -> list[Row]:
    case = f"{TESTS} snapshot tests over keras.applications: plugin's share of the run time"
    if not fixture_available():
        return [Row("6", case, "", 0.0, note="pending: no arch_snapshot fixture in plugin.py yet")]
    root = Path(tempfile.mkdtemp(prefix="bench-snapshots-"))
    try:
        write_suite(root)
        update, _ = run_suite(root, "snapshots", "--snapshot-update")
        written = sorted(p.name for p in root.rglob("__snapshots__/**/*") if p.is_file())
        assert len(written) == TESTS, written
        log(f"snapshot suite: wrote {len(written)} snapshots in {update:.1f} s")
        phases: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}

        def side(name: str) -> float:
            elapsed, phase = run_suite(root, name)
            phases[name].append(phase)
            log(f"snapshot suite: {name} {elapsed:.1f} s {phase}")
            return elapsed

        n = rounds or ROUNDS
        samples = interleave({name: (lambda name=name: side(name)) for name in SIDES}, n, warmup=0)
        snap, counts = median(samples["snapshots"]), median(samples["counts"])
        cpu = {name: [p["cpu"] for p in phases[name]] for name in SIDES}
        snap_cpu, counts_cpu = median(cpu["snapshots"]), median(cpu["counts"])
        inside = [p["call"] / p["session"] for p in phases["snapshots"]]
        count_calls = median([p["call"] for p in phases["counts"]])
        return [
            Row("6", case + ", side by side: 1 − counts/snapshots", "snapshots suite", snap_cpu,
                "count_params suite", counts_cpu, ratio=1 - counts_cpu / snap_cpu, limit=LIMIT,
                target="≤ 10%", runs=n, note="CPU time of the pytest process", samples=cpu),
            Row("6", case + ", side by side, wall time (context)", "snapshots suite", snap,
                "count_params suite", counts, ratio=1 - counts / snap, runs=n, samples=samples),
            Row("6", case + ", inside the run: assertion time / session time", "assertions (call phases)",
                median([p["call"] for p in phases["snapshots"]]), "session",
                median([p["session"] for p in phases["snapshots"]]), ratio=median(inside), limit=LIMIT,
                target="≤ 10%", runs=n, note=f"count_params call phases: {count_calls * 1000:.0f} ms",
                samples={"share": inside}),
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(run)
