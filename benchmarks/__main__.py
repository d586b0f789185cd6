"""``python -m benchmarks``: run every benchmark, each in a fresh interpreter, and print one table.

Usage: ``python -m benchmarks [--only NAME ...] [--rounds N] [--update-docs]``.
``--update-docs`` also writes the table and the machine into ``BENCHMARKS.md``
and the scaling plot next to it. Exit status 1 if a benchmark crashed (a
missed target is reported in the table, not as a failure).
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import ROOT, Row, fresh_env, log, rows_from_json
from benchmarks.report import machine, table

#: Module -> what it measures, in the order of the issue.
BENCHMARKS = {
    "idle_cost": "1. idle cost of the installed plugin",
    "unwrapping": "2. unwrapping an unfitted classifier without training",
    "describe_vs_summary": "3. render(describe(model)) vs model.summary()",
    "scaling": "4. scaling with the number of layers",
    "memory": "5. peak memory while describing VGG16",
    "snapshot_suite": "6. a snapshot suite vs count_params() tests",
}
DOC = ROOT / "BENCHMARKS.md"
PLOT = ROOT / "benchmarks_scaling.png"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def run_one(name: str, rounds: int | None, workdir: Path) -> list[Row]:
    out = workdir / f"{name}.json"
    argv = [sys.executable, "-m", f"benchmarks.{name}", "--json", str(out)]
    if rounds:
        argv += ["--rounds", str(rounds)]
    # stderr (progress) goes straight through; stdout is TensorFlow's chatter.
    done = subprocess.run(argv, cwd=ROOT, env=fresh_env(), stdout=subprocess.DEVNULL, check=False)
    if done.returncode != 0 or not out.exists():
        return [Row(BENCHMARKS[name].split(".")[0], BENCHMARKS[name], "", 0.0,
                    note=f"failed: exit status {done.returncode}, see the output above")]
    return rows_from_json(out.read_text())


def summary(rows: list[Row]) -> str:
    judged = [row for row in rows if row.met is not None]
    missed = [row for row in judged if not row.met]
    text = f"targets met: {len(judged) - len(missed)} of {len(judged)}"
    pending = [row for row in rows if row.note.startswith(("pending", "failed"))]
    if missed:
        text += "; missed: " + "; ".join(f"{row.benchmark} {row.case}" for row in missed)
    if pending:
        text += "; not measured: " + "; ".join(f"{row.benchmark} ({row.note})" for row in pending)
    return text


def update_docs(rows: list[Row], elapsed: float) -> None:
    from benchmarks.plot import plot_scaling

    scaling = [row for row in rows if row.extra.get("sizes")]
    if scaling:
        plot_scaling(scaling[0], PLOT)
    stamp = datetime.date.today().isoformat()
    block = "\n".join(
        [
            START,
            f"Run of {stamp}, {elapsed / 60:.1f} min in all (`bash scripts/run-benchmarks --update-docs`).",
            "",
            table(rows),
            "",
            summary(rows) + ".",
            "",
            "Machine:",
            "",
            machine(),
            END,
        ]
    )
    text = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + block + tail)
    log(f"wrote {DOC.name}" + (f" and {PLOT.name}" if scaling else ""))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), help="run only these benchmarks")
    parser.add_argument("--rounds", type=int, default=None, help="runs per side for every benchmark")
    parser.add_argument("--update-docs", action="store_true", help=f"write {DOC.name} and {PLOT.name}")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    start = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="benchmarks-") as workdir:
        for name in names:
            log(f"== {BENCHMARKS[name]}")
            begun = time.perf_counter()
            rows += run_one(name, args.rounds, Path(workdir))
            log(f"== {name}: {time.perf_counter() - begun:.0f} s")
    elapsed = time.perf_counter() - start
    print(table(rows))
    print()
    print(summary(rows))
    print(f"total: {elapsed / 60:.1f} min")
    print(machine())
    if args.update_docs:
        update_docs(rows, elapsed)
    return 1 if any(row.note.startswith("failed") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
