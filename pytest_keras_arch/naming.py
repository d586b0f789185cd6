"""Canonical names: auto-generated Keras names renumbered per model.

Keras names unnamed objects from a process-wide counter (``dense``,
``dense_1``, ... ``sequential_3``), so the same builder gives different names
depending on what ran earlier in the process. A name is *auto-generated* when
it is one of the object's auto-name bases, optionally followed by ``_<n>``;
such names are renumbered in order of appearance. Any other name is the
user's choice and is kept. A user-chosen name that looks auto-generated
(``dense_7``) cannot be told apart and is renumbered too.

Pure string logic: no Keras import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["NameEntry", "canonical_names", "snake_case"]


def snake_case(name: str) -> str:
    """Keras' rule for turning a class name into an auto-name base."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


@dataclass(frozen=True)
class NameEntry:
    """A name as Keras gave it, with the auto-name bases it may come from.

    ``aliases`` maps each base Keras may have used (``input_1`` style tf_keras
    names come from ``input``) to the canonical base that replaces it.
    """

    name: str
    aliases: Mapping[str, str]

    def canonical_base(self) -> str | None:
        """The canonical base if ``name`` is auto-generated, else None."""
        for alias, base in self.aliases.items():
            if re.fullmatch(re.escape(alias) + r"(?:_\d+)?", self.name):
                return base
        return None


def canonical_names(entries: Sequence[NameEntry]) -> list[str]:
    """Canonical names for ``entries``, in the same order, unique among themselves.

    User-chosen names are kept as they are; auto-generated ones become
    ``base``, ``base_1``, ``base_2``, ... in order of appearance, skipping
    any name a user chose.
    """
    bases = [entry.canonical_base() for entry in entries]
    taken = {entry.name for entry, base in zip(entries, bases) if base is None}
    counters: dict[str, int] = {}
    result: list[str] = []
    for entry, base in zip(entries, bases):
        if base is None:
            result.append(entry.name)
            continue
        while True:
            index = counters.get(base, 0)
            counters[base] = index + 1
            candidate = base if index == 0 else f"{base}_{index}"
            if candidate not in taken:
                break
        taken.add(candidate)
        result.append(candidate)
    return result
