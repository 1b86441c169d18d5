"""The `.keras` format and `.weights.h5` files: round trips (predictions, weights, optimizer state,
compile state), the archive's members, atomic writes, damaged files, code in files, custom objects,
and the formats lamina does not write yet."""

import io
import json
import os
import zipfile

import h5py
import numpy as np
import pytest

import lamina as tf
from lamina.keras.save import state

L = tf.keras.layers
PLUS_ONE = lambda t: t + 1.0  # noqa: E731 - a lambda on purpose: its config can only name it


def _data():
    x = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(8, 3)
    y = np.sin(x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    return x, y


def _trained_sequential(optimizer=None, metrics=("mae",)):
    model = tf.keras.Sequential(
        [
            L.Dense(4, activation="relu", name="hidden"),
            L.BatchNormalization(name="bn"),
            L.Dense(1, name="out"),
        ],
        name="reg",
    )
    model.build((None, 3))
    model.compile(optimizer=optimizer or tf.keras.optimizers.Adam(0.01), loss="mse", metrics=list(metrics))
    x, y = _data()
    model.fit(x, y, epochs=2, batch_size=4, verbose=0, shuffle=False)
    return model


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _assert_same_arrays(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_round_trip_restores_predictions_weights_and_optimizer_state(tmp_path):
    model = _trained_sequential()
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    x, y = _data()
    np.testing.assert_array_equal(np.asarray(loaded(x)), np.asarray(model(x)))
    _assert_same_arrays(loaded.get_weights(), model.get_weights())
    assert type(loaded.optimizer).__name__ == "Adam"
    assert int(loaded.optimizer.iterations.numpy()) == 4
    _assert_same_arrays(
        [v.numpy() for v in loaded.optimizer.variables], [v.numpy() for v in model.optimizer.variables]
    )
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    assert loaded.loss == "mse"
    # Training goes on from the restored state exactly as it would have in the original.
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, shuffle=False)
    loaded.fit(x, y, epochs=1, batch_size=4, verbose=0, shuffle=False)
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_load_without_compile(tmp_path):
    model = _trained_sequential()
    path = str(tmp_path / "model.keras")
    tf.keras.saving.save_model(model, path)
    loaded = tf.keras.saving.load_model(path, compile=False)
    assert loaded.optimizer is None
    x, _ = _data()
    np.testing.assert_array_equal(np.asarray(loaded(x)), np.asarray(model(x)))


def test_archive_members_and_configs(tmp_path):
    model = _trained_sequential(optimizer=tf.keras.optimizers.SGD(0.1, momentum=0.9))
    path = str(tmp_path / "model.keras")
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == ["metadata.json", "config.json", "model.weights.h5"]
        assert all(info.compress_type == zipfile.ZIP_STORED for info in infos)
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    assert metadata["keras_version"] == "2.15.0" and "@" in metadata["date_saved"]
    assert list(config) == [
        "module",
        "class_name",
        "config",
        "registered_name",
        "build_config",
        "compile_config",
    ]
    assert (config["module"], config["class_name"], config["registered_name"]) == (
        "keras",
        "Sequential",
        None,
    )
    assert config["build_config"] == {"input_shape": [None, 3]}
    compile_config = config["compile_config"]
    assert compile_config["optimizer"]["class_name"] == "SGD"
    assert compile_config["optimizer"]["config"]["momentum"] == 0.9
    assert (compile_config["loss"], compile_config["metrics"]) == ("mse", ["mae"])
    found = {}

    def record(name, item):
        if hasattr(item, "shape"):
            found[name] = item.shape

    with h5py.File(io.BytesIO(weights), "r") as h5file:
        h5file.visititems(record)
    # TensorFlow 2.15's layout: per layer class name in `layers`, then `vars/<index>`; SGD keeps
    # `iterations` and one momentum per trained variable.
    assert found["layers/dense/vars/0"] == (3, 4)
    assert found["layers/batch_normalization/vars/3"] == (4,)
    assert found["layers/dense_1/vars/1"] == (1,)
    assert found["optimizer/vars/0"] == ()
    assert len([name for name in found if name.startswith("optimizer/")]) == 1 + 6


def test_functional_model_with_dict_outputs_round_trip(tmp_path):
    a = tf.keras.Input((3,), name="a")
    b = tf.keras.Input((2,), name="b")
    shared = L.Dense(3, activation="tanh", name="shared")
    hidden = L.Dense(4, name="hidden")(L.Concatenate(name="cat")([shared(a), b]))
    model = tf.keras.Model(
        [a, b], {"hidden": hidden, "shared": shared(L.Dense(3, name="back")(hidden))}, name="f"
    )
    model.compile(
        optimizer="rmsprop",
        loss={"hidden": "mse", "shared": "mae"},
        loss_weights={"hidden": 1.0, "shared": 0.5},
    )
    x, _ = _data()
    b_values = x[:, :2] * 2.0
    model.fit(
        [x, b_values],
        {"hidden": np.zeros((8, 4)), "shared": np.ones((8, 3))},
        epochs=1,
        batch_size=4,
        verbose=0,
    )
    path = str(tmp_path / "f.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    got, expected = loaded([x, b_values]), model([x, b_values])
    for key in ("hidden", "shared"):
        np.testing.assert_array_equal(np.asarray(got[key]), np.asarray(expected[key]))
    _assert_same_arrays(
        [v.numpy() for v in loaded.optimizer.variables], [v.numpy() for v in model.optimizer.variables]
    )
    assert loaded.compiled_loss._user_weights == {"hidden": 1.0, "shared": 0.5}


def test_weights_h5_round_trip_includes_optimizer(tmp_path):
    model = _trained_sequential()
    path = str(tmp_path / "only.weights.h5")
    model.save_weights(path)
    fresh = tf.keras.Sequential(
        [L.Dense(4, activation="relu"), L.BatchNormalization(), L.Dense(1)], name="other_names_same_layout"
    )
    fresh.build((None, 3))
    fresh.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
    fresh.load_weights(path)
    _assert_same_arrays(fresh.get_weights(), model.get_weights())
    assert int(fresh.optimizer.iterations.numpy()) == 4
    _assert_same_arrays(
        [v.numpy() for v in fresh.optimizer.variables], [v.numpy() for v in model.optimizer.variables]
    )
    # The weights inside a .keras archive load the same way.
    archive = str(tmp_path / "whole.keras")
    model.save(archive)
    again = tf.keras.Sequential([L.Dense(4, activation="relu"), L.BatchNormalization(), L.Dense(1)])
    again.build((None, 3))
    again.load_weights(archive)
    _assert_same_arrays(again.get_weights(), model.get_weights())


def test_weights_mismatch_is_an_error_naming_the_file(tmp_path):
    model = _trained_sequential()
    path = str(tmp_path / "w.weights.h5")
    model.save_weights(path)
    wider = tf.keras.Sequential([L.Dense(5, activation="relu"), L.BatchNormalization(), L.Dense(1)])
    wider.build((None, 3))
    before = wider.get_weights()
    with pytest.raises(ValueError, match=r"w\.weights\.h5.*shape \(3, 5\).*\(3, 4\)"):
        wider.load_weights(path)
    _assert_same_arrays(wider.get_weights()[:1], before[:1])
    smaller = tf.keras.Sequential([L.Dense(4, activation="relu")])
    smaller.build((None, 3))
    with pytest.raises(ValueError, match="no layer of the model takes"):
        smaller.load_weights(path)
    smaller.load_weights(path, skip_mismatch=True)  # skips what does not fit, loads the first layer
    np.testing.assert_array_equal(smaller.get_weights()[0], model.get_weights()[0])


def test_custom_objects_and_registration(tmp_path):
    @tf.keras.saving.register_keras_serializable(package="lamina_saving_tests")
    class Scale(L.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.w = self.add_weight(name="w", shape=(input_shape[-1],), initializer="ones")

        def call(self, x):
            return x * self.w * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    def custom_loss(y_true, y_pred):
        return tf.reduce_mean(tf.square(y_true - y_pred))

    a = tf.keras.Input((3,), name="a")
    model = tf.keras.Model(a, L.Dense(1, name="d")(Scale(3.0, name="scale")(a)))
    model.compile(optimizer="sgd", loss=custom_loss)
    x, y = _data()
    model.fit(x, y, epochs=1, verbose=0)
    path = str(tmp_path / "custom.keras")
    model.save(path)
    with pytest.raises(TypeError, match="Could not locate function 'custom_loss'"):
        tf.keras.models.load_model(path)
    loaded = tf.keras.models.load_model(path, custom_objects={"custom_loss": custom_loss})
    assert loaded.loss is custom_loss
    assert isinstance(loaded.layers[1], Scale) and loaded.layers[1].factor == 3.0
    np.testing.assert_array_equal(np.asarray(loaded(x)), np.asarray(model(x)))


def test_subclassed_model_needs_its_class(tmp_path):
    class Net(tf.keras.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.first = L.Dense(units)
            self.second = L.Dense(1)

        def call(self, x):
            return self.second(self.first(x))

    model = Net(3)
    x, _ = _data()
    model(x)
    path = str(tmp_path / "net.keras")
    model.save(path)
    with pytest.raises(TypeError, match="Could not locate class 'Net'"):
        tf.keras.models.load_model(path)
    loaded = tf.keras.models.load_model(path, custom_objects={"Net": Net})
    assert loaded.units == 3
    np.testing.assert_array_equal(np.asarray(loaded(x)), np.asarray(model(x)))


def test_lambda_layers_never_run_code_from_the_file(tmp_path):
    a = tf.keras.Input((3,), name="a")
    model = tf.keras.Model(a, L.Lambda(PLUS_ONE, name="plus_one")(a))
    path = str(tmp_path / "lambda.keras")
    model.save(path)
    with pytest.raises(ValueError, match=r"Lambda layer 'plus_one'.*safe_mode=True"):
        tf.keras.models.load_model(path)
    with pytest.raises(
        ValueError, match="does not execute code from a saved file, even with safe_mode=False"
    ):
        tf.keras.models.load_model(path, safe_mode=False)
    loaded = tf.keras.models.load_model(path, custom_objects={"<lambda>": lambda t: t + 1.0})
    x, _ = _data()
    np.testing.assert_allclose(np.asarray(loaded(x)), x + 1.0)
    # Keras 2.15's own format: marshalled bytecode, refused in either mode.
    config = {
        "module": "keras.layers",
        "class_name": "Lambda",
        "config": {
            "name": "lam",
            "function": ["4wEAAAAA", None, None],
            "function_type": "lambda",
            "module": "__main__",
        },
        "registered_name": None,
    }
    bytecode = str(tmp_path / "bytecode.keras")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bytecode, "w") as target:
        target.writestr("config.json", json.dumps(config))
        target.writestr("model.weights.h5", source.read("model.weights.h5"))
    with pytest.raises(ValueError, match="marshalled Python bytecode"):
        tf.keras.models.load_model(bytecode, safe_mode=False)


def test_corrupt_and_truncated_files_raise_value_errors_naming_them(tmp_path):
    model = _trained_sequential()
    path = str(tmp_path / "good.keras")
    model.save(path)
    content = _read(path)
    truncated = str(tmp_path / "truncated.keras")
    with open(truncated, "wb") as f:
        f.write(content[: len(content) // 2])
    with pytest.raises(ValueError, match="truncated.keras"):
        tf.keras.models.load_model(truncated)
    flipped = bytearray(content)
    offset = content.index(b"HDF") + 200  # inside the stored weights member
    flipped[offset] ^= 0xFF
    damaged = str(tmp_path / "damaged.keras")
    with open(damaged, "wb") as f:
        f.write(bytes(flipped))
    with pytest.raises(ValueError, match="damaged.keras"):
        tf.keras.models.load_model(damaged)
    not_json = str(tmp_path / "not_json.keras")
    with zipfile.ZipFile(not_json, "w") as archive:
        archive.writestr("config.json", "{not json")
        archive.writestr("model.weights.h5", b"")
    with pytest.raises(ValueError, match=r"not_json.keras.*config.json is not JSON"):
        tf.keras.models.load_model(not_json)
    with pytest.raises(OSError, match="No file or directory found"):
        tf.keras.models.load_model(str(tmp_path / "missing.keras"))


def test_saving_is_atomic(tmp_path, monkeypatch):
    model = _trained_sequential()
    path = str(tmp_path / "model.keras")
    model.save(path)
    before = _read(path)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(state, "save_state", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        model.save(path)
    with pytest.raises(RuntimeError, match="disk full"):
        model.save_weights(str(tmp_path / "model.weights.h5"))
    assert _read(path) == before
    assert sorted(os.listdir(tmp_path)) == ["model.keras"]  # no temporary file left behind


def test_formats_lamina_does_not_write_yet_and_argument_errors(tmp_path):
    model = _trained_sequential()
    with pytest.raises(tf.errors.UnimplementedError, match="SavedModel format"):
        model.save(str(tmp_path / "directory"))
    with pytest.raises(tf.errors.UnimplementedError, match="SavedModel format"):
        model.save(str(tmp_path / "x.keras"), save_format="tf")
    with pytest.raises(
        tf.errors.UnimplementedError, match=r"TensorFlow checkpoint format for save_weights.*\.weights\.h5"
    ):
        model.save_weights(str(tmp_path / "ckpt"))
    with pytest.raises(
        ValueError, match=r"not supported with the native Keras format: \['include_optimizer'\]"
    ):
        model.save(str(tmp_path / "x.keras"), include_optimizer=False)
    with pytest.raises(ValueError, match="expected a `.keras` extension"):
        model.save(str(tmp_path / "noext"), save_format="keras")
    with pytest.raises(ValueError, match="Unknown `save_format`"):
        model.save(str(tmp_path / "x.keras"), save_format="zip")
    os.mkdir(tmp_path / "saved_model_dir")
    with pytest.raises(tf.errors.UnimplementedError, match="SavedModel format"):
        tf.keras.models.load_model(str(tmp_path / "saved_model_dir"))


def test_overwrite_false_asks_and_keeps_the_file_without_an_answer(tmp_path, monkeypatch):
    model = _trained_sequential()
    path = str(tmp_path / "model.keras")
    with open(path, "wb") as f:
        f.write(b"old")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    model.save(path, overwrite=False)
    assert _read(path) == b"old"
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    model.save(path, overwrite=False)
    assert zipfile.is_zipfile(path)


def test_weights_file_layout_is_tensorflows():
    """The dataset paths lamina writes for a model with a nested Sequential called twice, a
    Bidirectional GRU, BatchNormalization, and a trained Adam with a metric equal TensorFlow 2.15's
    (recorded by tests/keras/data/make_saving_fixtures.py)."""
    expected_file = os.path.join(os.path.dirname(__file__), "..", "data", "tf_saving_expected.json")
    with open(expected_file) as f:
        expected = json.load(f)["cases"]["layout"]
    a = tf.keras.Input((3,), name="a")
    inner = tf.keras.Sequential([L.Dense(3, name="i1"), L.Dense(3, name="i2")], name="inner")
    inner.build((None, 3))
    s = inner(inner(L.Dense(3, name="e")(a)))
    r = L.Bidirectional(L.GRU(2), name="bi")(L.Reshape((3, 1), name="rs")(s))
    c = L.Concatenate(name="cat")([r, L.BatchNormalization(name="bn")(s)])
    model = tf.keras.Model(a, L.Dense(1, name="out")(c), name="layout")
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    model.fit(np.ones((4, 3), np.float32), np.ones((4, 1), np.float32), epochs=1, verbose=0)
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5file:
        state.save_state(model, h5file)
    found = []
    with h5py.File(io.BytesIO(buffer.getvalue()), "r") as h5file:
        h5file.visititems(
            lambda name, item: found.append([name, list(item.shape)]) if hasattr(item, "shape") else None
        )
    assert found == expected
