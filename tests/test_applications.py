"""Real models as the truth: every keras.applications model, built offline.

The expected totals are the published parameter counts of these models
(``weights=None`` builds the same graph the published weights belong to).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap

import keras
import pytest

from pytest_keras_arch import describe, render

PUBLISHED_PARAMS = {
    "ConvNeXtBase": 88_591_464,
    "ConvNeXtLarge": 197_767_336,
    "ConvNeXtSmall": 50_223_688,
    "ConvNeXtTiny": 28_589_128,
    "ConvNeXtXLarge": 350_196_968,
    "DenseNet121": 8_062_504,
    "DenseNet169": 14_307_880,
    "DenseNet201": 20_242_984,
    "EfficientNetB0": 5_330_571,
    "EfficientNetB1": 7_856_239,
    "EfficientNetB2": 9_177_569,
    "EfficientNetB3": 12_320_535,
    "EfficientNetB4": 19_466_823,
    "EfficientNetB5": 30_562_527,
    "EfficientNetB6": 43_265_143,
    "EfficientNetB7": 66_658_687,
    "EfficientNetV2B0": 7_200_312,
    "EfficientNetV2B1": 8_212_124,
    "EfficientNetV2B2": 10_178_374,
    "EfficientNetV2B3": 14_467_622,
    "EfficientNetV2L": 119_027_848,
    "EfficientNetV2M": 54_431_388,
    "EfficientNetV2S": 21_612_360,
    "InceptionResNetV2": 55_873_736,
    "InceptionV3": 23_851_784,
    "MobileNet": 4_253_864,
    "MobileNetV2": 3_538_984,
    "MobileNetV3Large": 5_507_432,
    "MobileNetV3Small": 2_554_968,
    "NASNetLarge": 88_949_818,
    "NASNetMobile": 5_326_716,
    "ResNet101": 44_707_176,
    "ResNet101V2": 44_675_560,
    "ResNet152": 60_419_944,
    "ResNet152V2": 60_380_648,
    "ResNet50": 25_636_712,
    "ResNet50V2": 25_613_800,
    "VGG16": 138_357_544,
    "VGG19": 143_667_240,
    "Xception": 22_910_480,
}


def test_every_application_is_covered() -> None:
    available = {name for name in dir(keras.applications) if name[:1].isupper()}
    assert available == set(PUBLISHED_PARAMS)


#: Checked on every backend; the rest (the larger variants of the same families)
#: on the first backend only, to keep the suite's time in bounds.
EVERY_BACKEND = {
    "ConvNeXtTiny", "DenseNet121", "EfficientNetB0", "EfficientNetV2B0", "InceptionV3",
    "MobileNet", "MobileNetV2", "MobileNetV3Small", "NASNetMobile", "ResNet50",
    "ResNet50V2", "VGG16", "Xception",
}


@pytest.mark.parametrize(
    "name",
    [
        name if name in EVERY_BACKEND else pytest.param(name, marks=pytest.mark.primary_backend_only)
        for name in sorted(PUBLISHED_PARAMS)
    ],
)
def test_application_counts(name: str) -> None:
    model = getattr(keras.applications, name)(weights=None)
    arch = describe(model)
    assert arch.total_params == model.count_params() == PUBLISHED_PARAMS[name]
    assert sum(layer.params for layer in arch.layers) == arch.total_params
    assert sum(layer.trainable_params for layer in arch.layers) == arch.trainable_params
    assert arch.trainable_params + arch.non_trainable_params == arch.total_params
    assert len([layer for layer in arch.layers if layer.depth == 0]) == len(model.layers)
    assert len(set(arch.layer_names)) == len(arch.layers)  # canonical names are unique
    del model
    gc.collect()


def test_resnet50_shapes_and_bn_state() -> None:
    arch = describe(keras.applications.ResNet50(weights=None))
    assert arch.inputs[0].shape == (None, 224, 224, 3)
    assert arch.outputs[0].shape == (None, 1000)
    assert arch["conv1_conv"].output_shape == (None, 112, 112, 64)
    assert arch["conv1_conv"].weight_shapes == ((7, 7, 3, 64), (64,))
    assert arch["conv5_block3_out"].output_shape == (None, 7, 7, 2048)
    assert arch["conv2_block1_add"].inbound == ("conv2_block1_0_bn", "conv2_block1_3_bn")
    assert (arch.trainable_params, arch.non_trainable_params) == (25_583_592, 53_120)


BUILDER = """
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
from pytest_keras_arch import describe, render
{warmup}
print(render(describe(keras.applications.MobileNetV2(weights=None))), end="")
"""


@pytest.mark.primary_backend_only  # a second process; test_backends renders across processes too
def test_same_builder_twice_in_one_process_and_in_two_processes() -> None:
    first = describe(keras.applications.MobileNetV2(weights=None))
    keras.layers.Dense(1)
    keras.applications.MobileNetV2(weights=None)  # bumps every counter once more
    second = describe(keras.applications.MobileNetV2(weights=None))
    assert first == second
    assert render(first) == render(second)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    script = textwrap.dedent(BUILDER).format(warmup="keras.layers.Conv2D(1, 1)")
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True, timeout=300
    ).stdout
    assert out == render(first)
