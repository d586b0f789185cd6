"""Hook specifications of pytest-keras-arch, and the current session's hook caller.

Implement a hook in a ``conftest.py`` (or a plugin) to teach ``unwrap_model``
about a wrapper it does not know::

    def pytest_keras_arch_unwrap(obj):
        if isinstance(obj, MyWrapper):
            return obj.network      # anything unwrap_model understands
        return None                 # not mine: let the plugin carry on

The first non-``None`` result wins; what it returns is unwrapped again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pluggy import HookCaller

__all__ = ["pytest_keras_arch_unwrap"]

# Configs of the pytest sessions running in this process, innermost last
# (pytester runs sessions inside a session). Maintained by the plugin.
_configs: list[pytest.Config] = []


@pytest.hookspec(firstresult=True)
def pytest_keras_arch_unwrap(obj: Any, X: Any, y: Any) -> Any | None:  # noqa: N803
    """Return what stands behind ``obj`` (a model or anything unwrappable), or None.

    Called by ``unwrap_model`` for every object on its way, before the built-in
    rules; ``X`` and ``y`` are the sample given to it (possibly ``None``).
    Implementations may accept only ``obj``. The first non-``None`` result wins
    and is unwrapped in turn.
    """


def push_config(config: pytest.Config) -> None:
    _configs.append(config)


def pop_config(config: pytest.Config) -> None:
    if config in _configs:
        _configs.remove(config)


def current_config() -> pytest.Config | None:
    """The config of the innermost pytest session running in this process, if any."""
    return _configs[-1] if _configs else None


def current_unwrap_hook() -> HookCaller | None:
    """The ``pytest_keras_arch_unwrap`` hook of the innermost running session, if any."""
    config = current_config()
    return None if config is None else getattr(config.hook, "pytest_keras_arch_unwrap", None)
