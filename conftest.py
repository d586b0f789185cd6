"""Top-level conftest: keep TensorFlow quiet for every test run from the repo root.

The plugin itself is loaded through its ``pytest11`` entry point; nothing else here.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
