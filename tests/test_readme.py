"""The README's rendered example is what the example classifier really renders."""

from __future__ import annotations

import pathlib
import re
import sys

from pytest_keras_arch import describe, render

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_readme_render_example_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- render:example-classifier -->\n```\n(.*?)```\n<!-- /render -->", readme, re.S)
    assert block is not None, "the rendered example block is missing from README.md"
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        from lstm_classifier import make_classifier, make_windows
    finally:
        sys.path.remove(str(ROOT / "examples"))
    X, y = make_windows(32, seed=0)  # noqa: N806
    assert block.group(1) == render(describe(make_classifier(), X, y))
