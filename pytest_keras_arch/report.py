"""Which Keras flavour, version and backend a run used (read, never imported).

The plugin reports this once per run: in pytest's header when Keras is
already imported by then (e.g. by a ``conftest.py``), otherwise in the
terminal summary at the end. A run that never touched Keras gets no line.
"""

from __future__ import annotations

import sys

__all__ = ["keras_in_use"]


def keras_in_use() -> str | None:
    """``"Keras 3.15.1 (backend tensorflow)"``-style text, or None if no Keras is imported."""
    parts = []
    keras = sys.modules.get("keras")
    version = getattr(keras, "__version__", None)
    if keras is not None and version:
        backend = getattr(getattr(keras, "backend", None), "backend", None)
        name = backend() if callable(backend) else "unknown"
        parts.append(f"Keras {version} (backend {name})")
    tf_keras = sys.modules.get("tf_keras")
    if tf_keras is not None and getattr(tf_keras, "__version__", None):
        parts.append(f"tf_keras {tf_keras.__version__} (Keras 2)")
    return ", ".join(parts) or None
