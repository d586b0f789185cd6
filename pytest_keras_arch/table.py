"""Failure tables: rows of text cells -> fixed-width lines (stdlib only).

The assertion helpers decide what the rows are and which differ; this module
only lays them out. A differing row is marked with ``>``. In compact mode,
long runs of matching rows far from a difference are folded into one
``...`` line, and a footer says how many rows were left out and to use ``-v``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CONTEXT", "COMPACT_MAX_ROWS", "Row", "format_table", "verbosity"]

#: Matching rows kept on each side of a differing row in compact mode.
CONTEXT = 2
#: Tables with at most this many rows are never elided.
COMPACT_MAX_ROWS = 12
MISSING = "-"
_MARK = ">"


@dataclass(frozen=True)
class Row:
    """One table row: its cells (already text) and whether it differs."""

    cells: tuple[str, ...]
    differs: bool = False


def verbosity() -> int:
    """The assertion verbosity of the innermost running pytest session (0 outside pytest)."""
    from pytest_keras_arch.hooks import current_config

    config = current_config()
    if config is None:
        return 0
    get = getattr(config, "get_verbosity", None)
    if get is not None:
        return int(get(getattr(config, "VERBOSITY_ASSERTIONS", "assertions")))
    return int(getattr(config.option, "verbose", 0))  # pragma: no cover - pytest < 8


def _kept(rows: Sequence[Row]) -> list[bool]:
    keep = [False] * len(rows)
    for index, row in enumerate(rows):
        if row.differs:
            for near in range(max(0, index - CONTEXT), min(len(rows), index + CONTEXT + 1)):
                keep[near] = True
    # a gap of a single row costs as much as its "..." line: show the row
    for index in range(len(rows)):
        before = index == 0 or keep[index - 1]
        after = index == len(rows) - 1 or keep[index + 1]
        if not keep[index] and before and after:
            keep[index] = True
    return keep


def format_table(
    header: Sequence[str],
    rows: Sequence[Row],
    *,
    verbose: bool | None = None,
    right: Sequence[int] = (),
) -> list[str]:
    """The table as lines: a header, one line per row, elision lines and footer.

    ``right`` lists the columns aligned to the right (counts, indices).
    ``verbose`` defaults to the running pytest session's ``-v``.
    """
    if verbose is None:
        verbose = verbosity() > 0
    widths = [len(title) for title in header]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row.cells)]

    def line(mark: str, cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths))
        ]
        return f"{mark:<2}" + "  ".join(padded).rstrip()

    lines = [line("", header)]
    if verbose or len(rows) <= COMPACT_MAX_ROWS:
        return lines + [line(_MARK if row.differs else "", row.cells) for row in rows]
    keep = _kept(rows)
    hidden_total = 0
    hidden = 0
    for row, shown in zip(rows, keep):
        if not shown:
            hidden += 1
            continue
        if hidden:
            lines.append(f"  ... {hidden} matching {_rows(hidden)} ...")
            hidden_total += hidden
            hidden = 0
        lines.append(line(_MARK if row.differs else "", row.cells))
    if hidden:
        lines.append(f"  ... {hidden} matching {_rows(hidden)} ...")
        hidden_total += hidden
    if hidden_total:
        lines.append(f"({hidden_total} matching {_rows(hidden_total)} elided; use -v for the full table)")
    return lines


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"
