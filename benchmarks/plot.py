"""The scaling plot: describe+render time against the number of layers (needs matplotlib)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Row


def plot_scaling(row: Row, path: Path) -> None:
    """Every run as a dot, the medians as a line, and linear growth from the smallest model."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = row.extra["sizes"]
    medians = row.extra["medians"]
    figure, axes = plt.subplots(figsize=(6, 4), dpi=100)
    for size, runs in zip(sizes, row.extra["samples"]):
        axes.scatter([size] * len(runs), runs, s=12, color="tab:blue", alpha=0.4)
    axes.plot(sizes, medians, marker="o", color="tab:blue", label="describe + render (median)")
    axes.plot(sizes, [medians[0] * size / sizes[0] for size in sizes], linestyle="--", color="grey",
              label=f"linear from {sizes[0]:,} layers")
    axes.set_xlabel("layers (Dense / BatchNormalization stack)")
    axes.set_ylabel("CPU seconds")
    axes.set_title(f"Scaling: time({sizes[-1]:,}) / time({sizes[0]:,}) = {row.ratio:.2f} (target ≤ 9)")
    axes.set_xticks(sizes)
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)
