"""One description on every Keras 3 backend: TensorFlow and JAX (torch where installed).

This session runs on one backend; each other installed backend renders the same
builders in a fresh interpreter with ``KERAS_BACKEND`` set, and the texts must
be byte-identical.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import subprocess
import sys

import keras
import pytest

from pytest_keras_arch import describe, render

pytestmark = pytest.mark.primary_backend_only  # it compares every installed backend itself

HERE = pathlib.Path(__file__).parent
BUILDERS = ("dense_mlp", "lstm_classifier", "cnn", "two_headed", "nested", "bidirectional")

SCRIPT = """
import json, os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
sys.path.insert(0, {tests!r})
import keras
import test_flavours as builders
from pytest_keras_arch import describe, render
assert keras.backend.backend() == {backend!r}, keras.backend.backend()
texts = {{name: render(describe(getattr(builders, name)(keras))) for name in {names!r}}}
texts["mobilenet_v3_small"] = render(describe(keras.applications.MobileNetV3Small(weights=None)))
texts["unbuilt_subclassed"] = render(describe(builders.make_subclassed(keras), input_shape=(8,)))
print("TEXTS=" + json.dumps(texts))
"""


def _texts_here() -> dict[str, str]:
    import test_flavours as builders

    texts = {name: render(describe(getattr(builders, name)(keras))) for name in BUILDERS}
    texts["mobilenet_v3_small"] = render(describe(keras.applications.MobileNetV3Small(weights=None)))
    texts["unbuilt_subclassed"] = render(describe(builders.make_subclassed(keras), input_shape=(8,)))
    return texts


def _other_backends() -> list[str]:
    here = keras.backend.backend()
    installed = [b for b, module in (("tensorflow", "tensorflow"), ("jax", "jax"), ("torch", "torch")) if importlib.util.find_spec(module)]
    return [b for b in installed if b != here]


@pytest.mark.parametrize("backend", _other_backends())
def test_descriptions_are_identical_across_backends(backend: str) -> None:
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    script = SCRIPT.format(tests=str(HERE), backend=backend, names=BUILDERS)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("TEXTS=")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    theirs = json.loads(lines[0][len("TEXTS="):])
    ours = _texts_here()
    assert sorted(theirs) == sorted(ours)
    for name in ours:
        assert theirs[name] == ours[name], f"{name} differs between {keras.backend.backend()} and {backend}"
