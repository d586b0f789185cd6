"""The classifier's architecture, stored as a snapshot in tests/__snapshots__/.

The snapshot is written by ``pytest --snapshot-update`` and reviewed like code;
any change to the network (units, layers, activations, shapes) fails this test
with a summary of what changed until the snapshot is updated on purpose.
"""

from __future__ import annotations

import numpy as np
from scikeras.wrappers import KerasClassifier

from pytest_keras_arch import ArchitectureSnapshot, KerasModelFactory


def test_classifier_architecture(
    arch_snapshot: ArchitectureSnapshot,
    keras_model: KerasModelFactory,
    classifier: KerasClassifier,
    sample: tuple[np.ndarray, np.ndarray],
) -> None:
    assert arch_snapshot == keras_model(classifier, *sample)
