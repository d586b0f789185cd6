"""Rows -> a Markdown table; the machine and the versions it ran on. Stdlib only."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata

from benchmarks.harness import Row

VERSIONS = ("keras", "tensorflow", "scikeras", "scikit-learn", "numpy", "pytest", "syrupy", "pytest-keras-arch")


def quantity(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "instr":
        return f"{value / 1e9:.4f} G instr"
    if unit == "B":
        return f"{value / 2**20:.1f} MiB" if value >= 2**20 else f"{value / 1024:.0f} KiB"
    return f"{value:g} {unit}".strip()


def _ratio(row: Row) -> str:
    if row.ratio is None:
        return ""
    if row.unit == "instr":
        return f"{row.ratio:.4f}"
    if row.ratio == 0:
        return "0"
    return f"{row.ratio:.3f}" if abs(row.ratio) >= 0.01 else f"{row.ratio:.1e}"


def _met(row: Row) -> str:
    if row.note.startswith("pending"):
        return "pending"
    met = row.met
    return "" if met is None else ("yes" if met else "**no**")


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table: median of each side, the ratio, the target."""
    header = ["#", "case", "measured (median)", "baseline (median)", "ratio", "target", "met", "runs"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        measured = f"{row.measured}: {quantity(row.value, row.unit)}" if row.measured else ""
        baseline = f"{row.baseline_label}: {quantity(row.baseline, row.unit)}" if row.baseline_label else ""
        case = row.case + (f" ({row.note})" if row.note else "")
        cells = [row.benchmark, case, measured, baseline, _ratio(row), row.target, _met(row), str(row.runs or "")]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _valgrind() -> str:
    try:
        return subprocess.run(["valgrind", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "not installed"


def machine() -> str:
    """A Markdown list: cores, CPU model, memory, OS, Python and package versions."""
    versions = []
    for name in VERSIONS:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join(
        [
            f"- cores (`nproc`): {os.cpu_count()}; CPU: {_cpu_model()}; memory: {_memory()}",
            f"- load average at the end (1, 5, 15 min): {load}",
            f"- {platform.system()} {platform.release()}, Python {sys.version.split()[0]}, {_valgrind()}",
            f"- {', '.join(versions)}",
        ]
    )
