"""Keras 2's legacy HDF5 format: whole models and weights files, by layer order and by name."""

import json

import h5py
import numpy as np
import pytest

import lamina as tf

L = tf.keras.layers


def _x():
    return np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(8, 3)


def _model(units=4, name="net"):
    model = tf.keras.Sequential(
        [L.Dense(units, activation="relu", name="hidden"), L.Dense(1, name="out")], name=name
    )
    model.build((None, 3))
    return model


def _trained():
    model = _model()
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    x = _x()
    model.fit(x, np.sin(x[:, :1]), epochs=2, batch_size=4, verbose=0, shuffle=False)
    return model


def test_whole_model_round_trip_with_optimizer_state(tmp_path):
    model = _trained()
    path = str(tmp_path / "model.h5")
    model.save(path)
    with h5py.File(path, "r") as h5file:
        assert h5file.attrs["keras_version"] == "2.15.0"
        assert json.loads(h5file.attrs["model_config"])["class_name"] == "Sequential"
        training = json.loads(h5file.attrs["training_config"])
        assert training["loss"] == "mse" and training["optimizer_config"]["class_name"] == "Adam"
        weights = h5file["model_weights"]
        assert [n.decode() for n in weights.attrs["layer_names"]] == ["hidden", "out"]
        assert [n.decode() for n in weights["hidden"].attrs["weight_names"]] == [
            "hidden/kernel:0",
            "hidden/bias:0",
        ]
        np.testing.assert_array_equal(weights["hidden"]["hidden/kernel:0"][()], model.get_weights()[0])
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_array_equal(np.asarray(loaded(_x())), np.asarray(model(_x())))
    assert int(loaded.optimizer.iterations.numpy()) == 4
    for restored, original in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(restored.numpy(), original.numpy())
    without = str(tmp_path / "no_optimizer.h5")
    model.save(without, include_optimizer=False)
    assert tf.keras.models.load_model(without).optimizer is None


def test_weights_by_layer_order(tmp_path):
    model = _trained()
    path = str(tmp_path / "weights.h5")
    model.save_weights(path)
    other = _model(name="other")
    other.load_weights(path)
    for a, b in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    # A whole-model file also serves load_weights.
    whole = str(tmp_path / "whole.h5")
    model.save(whole)
    again = _model(name="again")
    again.load_weights(whole)
    np.testing.assert_array_equal(again.get_weights()[2], model.get_weights()[2])


def test_weights_mismatches(tmp_path):
    model = _trained()
    path = str(tmp_path / "weights.h5")
    model.save_weights(path)
    with pytest.raises(ValueError, match="Model expected 3 layers, found 2 saved layers"):
        deeper = tf.keras.Sequential([L.Dense(4), L.Dense(4), L.Dense(1)])
        deeper.build((None, 3))
        deeper.load_weights(path)
    wider = _model(units=5, name="wider")
    with pytest.raises(ValueError, match=r"hidden/kernel:0.*Shape mismatch.*\(3, 5\).*\(3, 4\)"):
        wider.load_weights(path)
    with pytest.raises(ValueError, match="skip_mismatch can only be set to True when by_name is True"):
        wider.load_weights(path, skip_mismatch=True)
    wider.load_weights(path, by_name=True, skip_mismatch=True)  # "hidden" skipped, "out" does not fit either
    narrow_out = tf.keras.Sequential([L.Dense(4, name="hidden"), L.Dense(2, name="elsewhere")])
    narrow_out.build((None, 3))
    narrow_out.load_weights(path, by_name=True)  # only the layer named "hidden" is in the file
    np.testing.assert_array_equal(narrow_out.get_weights()[0], model.get_weights()[0])


def test_save_format_h5_ignores_the_suffix(tmp_path):
    model = _trained()
    path = str(tmp_path / "legacy.keras")
    model.save(path, save_format="h5")
    assert h5py.is_hdf5(path)
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_array_equal(np.asarray(loaded(_x())), np.asarray(model(_x())))


def test_weights_only_file_is_not_a_model(tmp_path):
    path = str(tmp_path / "weights.h5")
    _trained().save_weights(path)
    with pytest.raises(ValueError, match="No model config found"):
        tf.keras.models.load_model(path)
    broken = str(tmp_path / "broken.h5")
    with open(broken, "wb") as f:
        f.write(b"\x89HDF\r\n\x1a\n" + b"\x00" * 10)
    with pytest.raises(ValueError, match="broken.h5"):
        _model().load_weights(broken)
