"""Files written by TensorFlow 2.15 (tests/keras/data, made by make_saving_fixtures.py) load in
lamina: the same predictions, weights and optimizer state as TensorFlow had when it saved them."""

import json
import os

import numpy as np
import pytest

import lamina as tf

DATA = os.path.join(os.path.dirname(__file__), "..", "data")
L = tf.keras.layers


def _path(name):
    return os.path.join(DATA, name)


@pytest.fixture(scope="module")
def expected():
    with open(_path("tf_saving_expected.json")) as f:
        return json.load(f)["cases"]


def _inputs():
    x = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(8, 3)
    b = np.stack([np.cos(np.arange(8.0)), np.sin(np.arange(8.0) * 0.5)], axis=1).astype(np.float32)
    return x, b


def _optimizer_sums(model):
    return [float(np.sum(v.numpy())) for v in model.optimizer.variables]


def test_sequential_keras_file(expected):
    case = expected["sequential"]
    model = tf.keras.models.load_model(_path("tf_sequential.keras"))
    x, _ = _inputs()
    np.testing.assert_allclose(np.asarray(model(x)), case["prediction"], rtol=1e-5, atol=1e-6)
    for got, want in zip(model.get_weights(), case["weights"]):
        np.testing.assert_array_equal(got, np.asarray(want, np.float32))
    assert [layer.name for layer in model.layers] == ["hidden", "out"]
    assert int(model.optimizer.iterations.numpy()) == case["iterations"]
    np.testing.assert_allclose(_optimizer_sums(model), case["optimizer_sums"], rtol=1e-6)
    assert type(model.optimizer).__name__ == "Adam" and model.loss == "mse"


def test_functional_keras_file_with_nested_and_shared_layers(expected):
    case = expected["functional"]
    model = tf.keras.models.load_model(_path("tf_functional.keras"))
    assert [layer.name for layer in model.layers] == case["layer_names"]
    x, b = _inputs()
    outputs = model([x, b])
    for key, want in case["prediction"].items():
        np.testing.assert_allclose(np.asarray(outputs[key]), want, rtol=1e-5, atol=1e-6)
    assert int(model.optimizer.iterations.numpy()) == case["iterations"]
    np.testing.assert_allclose(_optimizer_sums(model), case["optimizer_sums"], rtol=1e-6)
    assert model.optimizer.get_config()["momentum"] == pytest.approx(0.9)


def test_legacy_h5_model_file(expected):
    case = expected["sequential"]
    model = tf.keras.models.load_model(_path("tf_sequential_legacy.h5"))
    x, _ = _inputs()
    np.testing.assert_allclose(np.asarray(model(x)), case["prediction"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_optimizer_sums(model), case["optimizer_sums"], rtol=1e-6)


@pytest.mark.parametrize("name", ["tf_sequential.weights.h5", "tf_sequential_legacy_weights.h5"])
def test_weights_files(expected, name):
    model = tf.keras.Sequential([L.Dense(4, activation="relu"), L.Dense(1)])
    model.build((None, 3))
    model.load_weights(_path(name))
    x, _ = _inputs()
    np.testing.assert_allclose(
        np.asarray(model(x)), expected["sequential"]["prediction"], rtol=1e-5, atol=1e-6
    )
