"""Levels of detail of rendered architectures and snapshots.

Its own module, importing nothing, because the plugin validates the ini option
``keras_arch_snapshot_detail`` in every pytest run, Keras or not.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["DETAILS", "Detail"]

Detail = Literal["shapes", "default", "compile"]
#: Levels of detail, from least to most: types and shapes only; the default
#: (plus weights, parameters, dtype policy, key config, connectivity); the
#: default plus compile facts (optimizer class, loss, metrics).
DETAILS: tuple[str, ...] = ("shapes", "default", "compile")
