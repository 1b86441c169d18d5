"""The Keras examples in examples/ run and reach their results (each is imported and its `main`
called, so the test also checks what it returns)."""

import importlib.util
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "examples", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_diabetes_regression_beats_the_mean():
    assert _example("keras_diabetes_regression").main() < 0.7


def test_digits_cnn_reaches_tensorflows_accuracy_band():
    assert _example("keras_digits_cnn").main() >= 0.94


def test_wide_deep_functional_classifies():
    assert _example("keras_wide_deep").main() >= 0.93


def test_selu_network_self_normalizes():
    accuracy, mean, std = _example("keras_selu").main()
    assert accuracy >= 0.9
    assert abs(mean) < 0.3 and 0.6 < std < 1.4


@pytest.mark.parametrize("epochs", [30])
def test_gan_with_two_optimizers_learns_the_gaussian(epochs):
    mean, std, history = _example("keras_gan_two_optimizers").main(epochs=epochs)
    assert sorted(history) == ["discriminator_loss", "generator_loss"]
    assert abs(mean - 4.0) < 1.0 and 0.3 < std < 2.5
