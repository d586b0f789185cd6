"""What every benchmark shares: interleaved repetition, medians, result rows.

A benchmark module exposes ``run(rounds: int | None) -> list[Row]`` and is run
by :mod:`benchmarks.__main__` in a fresh interpreter, so imports, caches and
memory of one benchmark never leak into another. Stdlib only.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: Top-level packages an idle pytest run must not import.
HEAVY = ("keras", "tensorflow", "jax", "jaxlib", "sklearn", "scikeras", "tf_keras", "torch")


@dataclass
class Row:
    """One line of the results table: a measured side against its baseline.

    ``ratio`` is ``value / baseline`` unless given. ``limit`` is the target's
    bound on the ratio (``met`` is ``ratio <= limit``); rows without a limit
    are context. ``samples`` holds every run of each side, in run order.
    """

    benchmark: str
    case: str
    measured: str
    value: float
    baseline_label: str = ""
    baseline: float | None = None
    unit: str = "s"
    ratio: float | None = None
    limit: float | None = None
    target: str = ""
    runs: int = 0
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline:
            self.ratio = self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.limit is None or self.ratio is None:
            return None
        return self.ratio <= self.limit


def interleave(
    sides: Mapping[str, Callable[[], float]],
    rounds: int,
    *,
    warmup: int = 1,
    between: Callable[[], None] | None = None,
) -> dict[str, list[float]]:
    """Run every side once per round, rotating the order each round.

    Each side returns its own measurement (seconds, instructions, bytes), so a
    side may time only part of what it does. ``warmup`` rounds are run and
    dropped. ``between`` runs (untimed) before every measurement.
    """
    names = list(sides)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(warmup + rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            if between is not None:
                between()
            value = sides[name]()
            if index >= warmup:
                samples[name].append(value)
    return samples


def timed(
    action: Callable[..., Any],
    setup: Callable[[], Any] | None = None,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> Callable[[], float]:
    """A side that times ``action(setup())`` (or ``action()``) after a garbage collection.

    ``clock`` is wall time by default; ``time.process_time`` (CPU time of this
    process) suits single-threaded Python work on a machine shared with other
    jobs, since it does not count the time the process waits for a core.
    """

    def side() -> float:
        argument = setup() if setup is not None else None
        gc.collect()
        start = clock()
        if setup is None:
            action()
        else:
            action(argument)
        return clock() - start

    return side


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def fresh_env(**extra: str) -> dict[str, str]:
    """The environment for a child interpreter: quiet TensorFlow, no inherited pytest state."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **extra}
    for name in ("PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST", "PYTEST_PLUGINS"):
        env.pop(name, None)
    return env


def run_child(argv: Sequence[str], *, cwd: Path | str | None = None, env: Mapping[str, str] | None = None,
              timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run a child process, raising with its output if it fails."""
    done = subprocess.run(
        list(argv), cwd=cwd, env=dict(env or fresh_env()), capture_output=True, text=True,
        timeout=timeout, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, argv))} exited with {done.returncode}\n"
            f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
        )
    return done


def main(run: Callable[[int | None], list[Row]]) -> None:
    """``python -m benchmarks.<name> [--rounds N] [--json PATH]``: run one benchmark."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=None, help="runs per side (default: the benchmark's)")
    parser.add_argument("--json", type=Path, default=None, help="write the rows here as JSON")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    rows = run(args.rounds)
    payload = [{**asdict(row), "met": row.met} for row in rows]
    if args.json is not None:
        args.json.write_text(json.dumps(payload, indent=1))
    else:
        from benchmarks.report import table

        print(table(rows))


def rows_from_json(text: str) -> list[Row]:
    rows = []
    for item in json.loads(text):
        item.pop("met", None)
        rows.append(Row(**item))
    return rows


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
