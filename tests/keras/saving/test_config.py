"""Model configs: Keras 2.15's structure (checked against what TensorFlow 2.15 writes for the same
models), round trips through from_config / JSON, nested models and shared layers, the errors, and
clone_model."""

import json

import numpy as np
import pytest

import lamina as tf

L = tf.keras.layers


def _x(rows=4, features=3):
    return np.linspace(-1.0, 1.0, rows * features, dtype=np.float32).reshape(rows, features)


def _nested_shared_model():
    """The model TensorFlow 2.15's config below was recorded from: a functional model `inner` that
    calls one Dense twice, itself called twice by `outer`."""
    a = tf.keras.Input((3,), name="a")
    shared = L.Dense(3, name="shared")
    inner = tf.keras.Model(a, shared(shared(a)), name="inner")
    b = tf.keras.Input((3,), name="b")
    y = inner(b)
    y2 = inner(y)
    z = L.Add(name="add")([y, y2])
    z = L.Dense(2, name="d")(z, training=False)
    return tf.keras.Model(b, [z, y], name="outer")


def test_functional_config_matches_tensorflow_for_nested_models_and_shared_layers():
    config = _nested_shared_model().get_config()
    assert list(config) == ["name", "trainable", "layers", "input_layers", "output_layers"]
    assert [entry["name"] for entry in config["layers"]] == ["b", "inner", "add", "d"]
    # TensorFlow 2.15 writes exactly these node lists (a nested functional model's node 0 is its own
    # creation, so its calls are nodes 1 and 2; `training` is not recorded).
    assert [entry["inbound_nodes"] for entry in config["layers"]] == [
        [],
        [[["b", 0, 0, {}]], [["inner", 1, 0, {}]]],
        [[["inner", 1, 0, {}], ["inner", 2, 0, {}]]],
        [[["add", 0, 0, {}]]],
    ]
    assert config["input_layers"] == [["b", 0, 0]]
    assert config["output_layers"] == [["d", 0, 0], ["inner", 1, 0]]
    inner = config["layers"][1]
    assert (inner["module"], inner["class_name"], inner["registered_name"]) == (
        "keras.src.engine.functional",
        "Functional",
        "Functional",
    )
    assert inner["build_config"] == {"input_shape": [None, 3]}
    assert inner["config"]["layers"][1]["inbound_nodes"] == [[["a", 0, 0, {}]], [["shared", 0, 0, {}]]]
    assert inner["config"]["output_layers"] == [["shared", 1, 0]]
    assert config["layers"][0] == {
        "module": "keras.layers",
        "class_name": "InputLayer",
        "config": {
            "batch_input_shape": (None, 3),
            "dtype": "float32",
            "sparse": False,
            "ragged": False,
            "name": "b",
        },
        "registered_name": None,
        "name": "b",
        "inbound_nodes": [],
    }


def test_functional_round_trip_keeps_sharing_and_predictions():
    model = _nested_shared_model()
    clone = tf.keras.Model.from_config(model.get_config())
    assert [layer.name for layer in clone.layers] == ["b", "inner", "add", "d"]
    assert len(clone.weights) == len(model.weights) == 4  # the shared Dense is one layer in both
    clone.set_weights(model.get_weights())
    for got, expected in zip(clone(_x()), model(_x())):
        np.testing.assert_allclose(np.asarray(got), np.asarray(expected), rtol=1e-6)
    assert json.loads(json.dumps(clone.get_config())) == json.loads(json.dumps(model.get_config()))


def test_keyword_tensor_arguments_and_dict_outputs():
    class Scaled(L.Layer):
        def call(self, x, other=None, scale=1.0):
            return x * scale + other

    a = tf.keras.Input((3,), name="a")
    b = tf.keras.Input((3,), name="b")
    two = Scaled(name="two")(a, other=b, scale=2.0)
    positional = Scaled(name="pos")(a, b)
    model = tf.keras.Model({"x": a, "y": b}, {"two": two, "pos": positional}, name="kw")
    config = model.get_config()
    nodes = {entry["name"]: entry["inbound_nodes"] for entry in config["layers"]}
    assert nodes["two"] == [[["a", 0, 0, {"other": ["b", 0, 0], "scale": 2.0}]]]
    assert nodes["pos"] == [[["a", 0, 0, {"other": ["b", 0, 0]}]]]  # positional arguments get their names
    assert config["input_layers"] == {"x": ["a", 0, 0], "y": ["b", 0, 0]}
    assert config["output_layers"] == {"two": ["two", 0, 0], "pos": ["pos", 0, 0]}
    rebuilt = tf.keras.Model.from_config(config, custom_objects={"Scaled": Scaled})
    x, y = _x(), _x() * 3.0
    out = rebuilt({"x": x, "y": y})
    np.testing.assert_allclose(np.asarray(out["two"]), x * 2.0 + y, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(out["pos"]), x + y, rtol=1e-6)


def test_sequential_config_and_round_trip():
    model = tf.keras.Sequential(
        [L.Dense(4, activation="relu", name="hidden"), L.Dense(1, name="output")], name="reg"
    )
    model.build((None, 3))
    config = model.get_config()
    assert sorted(config) == ["layers", "name"]
    assert [entry["class_name"] for entry in config["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert config["layers"][0]["config"]["name"] == "hidden_input"
    assert "build_config" not in config["layers"][0]
    assert config["layers"][1]["build_config"] == {"input_shape": [None, 3]}
    assert config["layers"][2]["build_config"] == {"input_shape": [None, 4]}
    clone = tf.keras.Sequential.from_config(config)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(np.asarray(clone(_x())), np.asarray(model(_x())), rtol=1e-6)
    # Older Keras wrote a Sequential config as a bare list of layer configs.
    legacy = tf.keras.Sequential.from_config(config["layers"])
    assert [layer.name for layer in legacy.layers] == ["hidden", "output"]


def test_json_round_trip_and_model_from_config():
    model = _nested_shared_model()
    text = model.to_json()
    data = json.loads(text)
    assert (data["class_name"], data["keras_version"], data["backend"]) == (
        "Functional",
        "2.15.0",
        "tensorflow",
    )
    rebuilt = tf.keras.models.model_from_json(text)
    assert json.loads(json.dumps(rebuilt.get_config())) == data["config"]
    sequential = tf.keras.Sequential([L.Dense(2, input_shape=(3,), name="only")], name="s")
    again = tf.keras.models.model_from_config(json.loads(sequential.to_json()))
    assert isinstance(again, tf.keras.Sequential) and [layer.name for layer in again.layers] == ["only"]
    with pytest.raises(TypeError, match="expects a dictionary, not a list"):
        tf.keras.models.model_from_config([1])
    with pytest.raises(ValueError, match="Unknown layer: 'Nope'"):
        tf.keras.models.model_from_config({"class_name": "Nope", "config": {}})
    with pytest.raises(RuntimeError, match="to_json"):
        model.to_yaml()


def test_plain_tensorflow_ops_cannot_be_serialized():
    a = tf.keras.Input((3,), name="a")
    model = tf.keras.Model(a, L.Dense(2, name="d")(a) * 2.0)
    with pytest.raises(ValueError, match=r"op 'Mul'.*Lambda"):
        model.get_config()
    # A float64 input that a float32 layer casts itself is not a plain op.
    wide = tf.keras.Input((3,), name="wide", dtype="float64")
    cast_model = tf.keras.Model(wide, L.Dense(2, name="d2")(wide))
    assert cast_model.get_config()["layers"][1]["inbound_nodes"] == [[["wide", 0, 0, {}]]]


def test_layers_serialize_deserialize_and_keras_object_serialization():
    dense = L.Dense(3, activation="relu", name="d")
    serialized = tf.keras.layers.serialize(dense)
    assert (serialized["module"], serialized["class_name"], serialized["registered_name"]) == (
        "keras.layers",
        "Dense",
        None,
    )
    assert tf.keras.layers.serialize(dense, use_legacy_format=True) == {
        "class_name": "Dense",
        "config": serialized["config"],
    }
    rebuilt = tf.keras.layers.deserialize(serialized)
    assert isinstance(rebuilt, L.Dense) and rebuilt.units == 3 and not rebuilt.built
    assert isinstance(
        tf.keras.layers.deserialize({"class_name": "Conv2D", "config": {"filters": 2, "kernel_size": 3}}),
        L.Conv2D,
    )
    model = tf.keras.Sequential([L.Dense(2, input_shape=(3,))], name="seq")
    entry = tf.keras.saving.serialize_keras_object(model)
    assert (entry["module"], entry["class_name"], entry["build_config"]) == (
        "keras",
        "Sequential",
        {"input_shape": [None, 3]},
    )
    assert isinstance(tf.keras.saving.deserialize_keras_object(entry), tf.keras.Sequential)
    with pytest.raises(ValueError, match="Could not interpret serialized layer"):
        tf.keras.layers.deserialize(42)


def test_custom_layers_registered_or_passed_in_custom_objects():
    @tf.keras.saving.register_keras_serializable(package="lamina_tests")
    class Scale(L.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    class Shift(L.Layer):
        def call(self, x):
            return x + 1.0

    a = tf.keras.Input((3,), name="a")
    model = tf.keras.Model(a, Shift(name="shift")(Scale(3.0, name="scale")(a)))
    config = model.get_config()
    entries = {entry["name"]: entry for entry in config["layers"]}
    assert (entries["scale"]["module"], entries["scale"]["registered_name"]) == (None, "lamina_tests>Scale")
    assert entries["shift"]["registered_name"] == "Shift"
    with pytest.raises(ValueError, match="Unknown layer: 'Shift'"):
        tf.keras.Model.from_config(config)
    rebuilt = tf.keras.Model.from_config(config, custom_objects={"Shift": Shift})
    np.testing.assert_allclose(np.asarray(rebuilt(_x())), _x() * 3.0 + 1.0, rtol=1e-6)
    with tf.keras.saving.custom_object_scope({"Shift": Shift}):
        scoped = tf.keras.Model.from_config(config)
    assert type(scoped.layers[-1]) is Shift


def test_subclassed_model_config():
    class WithArgs(tf.keras.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.dense = L.Dense(units)

        def call(self, x):
            return self.dense(x)

    class WithLayerArg(tf.keras.Model):
        def __init__(self, layer, **kwargs):
            super().__init__(**kwargs)
            self.inner = layer

        def call(self, x):
            return self.inner(x)

    # As in Keras 2.15: plain constructor arguments, or {} when they are not plain values.
    assert WithArgs(3).get_config() == {"units": 3}
    assert WithLayerArg(L.Dense(2)).get_config() == {}
    assert WithArgs.from_config({"units": 4}).dense.units == 4


def test_clone_model_functional_new_layers_fresh_weights():
    model = _nested_shared_model()
    clone = tf.keras.models.clone_model(model)
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    old_ids = {id(w) for w in model.weights}
    assert all(id(w) not in old_ids for w in clone.weights)
    assert len(clone.weights) == len(model.weights)
    assert not all(np.array_equal(a, b) for a, b in zip(clone.get_weights(), model.get_weights()))
    clone.set_weights(model.get_weights())
    for got, expected in zip(clone(_x()), model(_x())):
        np.testing.assert_allclose(np.asarray(got), np.asarray(expected), rtol=1e-6)


def test_clone_model_sequential_input_tensors_and_clone_function():
    model = tf.keras.Sequential([L.Dense(4, name="h"), L.Dense(1, name="o")], name="s")
    model.build((None, 3))
    new_input = tf.keras.Input((3,), name="new_input")
    seen = []

    def clone_function(layer):
        seen.append(layer.name)
        return layer.__class__.from_config({**layer.get_config(), "name": layer.name + "_c"})

    clone = tf.keras.models.clone_model(model, input_tensors=new_input, clone_function=clone_function)
    assert seen == ["h", "o"]
    assert [layer.name for layer in clone.layers] == ["h_c", "o_c"]
    assert clone.inputs[0] is new_input
    with pytest.raises(ValueError, match="at most one tensor"):
        tf.keras.models.clone_model(model, input_tensors=[new_input, new_input])
    # Sharing a layer: a clone_function that returns the original layer keeps its weights.
    a = tf.keras.Input((3,), name="a")
    functional = tf.keras.Model(a, L.Dense(2, name="keep")(a))
    shared = tf.keras.models.clone_model(functional, clone_function=lambda layer: layer)
    assert shared.layers[1] is functional.layers[1]


def test_clone_model_with_lambda_keeps_the_function():
    a = tf.keras.Input((3,), name="a")
    model = tf.keras.Model(a, L.Lambda(lambda t: t * 5.0, name="times5")(a))
    clone = tf.keras.models.clone_model(model)
    np.testing.assert_allclose(np.asarray(clone(_x())), _x() * 5.0, rtol=1e-6)


def test_clone_subclassed_model():
    class Tiny(tf.keras.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.dense = L.Dense(units)

        def call(self, x):
            return self.dense(x)

    clone = tf.keras.models.clone_model(Tiny(5))
    assert isinstance(clone, Tiny) and clone.units == 5
    with pytest.raises(ValueError, match="only supported for Sequential models or Functional models"):
        tf.keras.models.clone_model(Tiny(5), clone_function=lambda layer: layer)


def test_tensorflow_op_layers_are_refused():
    """TensorFlow records a plain op on Keras tensors as a TFOpLambda layer naming a TF function;
    lamina does not call functions named by a file."""
    config = {
        "class_name": "Functional",
        "config": {
            "name": "with_op",
            "trainable": True,
            "layers": [
                {
                    "class_name": "InputLayer",
                    "config": {"batch_input_shape": [None, 3], "dtype": "float32", "name": "a"},
                    "name": "a",
                    "inbound_nodes": [],
                },
                {
                    "module": "keras.src.layers.core.tf_op_layer",
                    "class_name": "TFOpLambda",
                    "config": {"name": "tf.math.multiply", "trainable": True, "function": "math.multiply"},
                    "registered_name": "TFOpLambda",
                    "name": "tf.math.multiply",
                    "inbound_nodes": [["a", 0, 0, {"y": 2, "name": None}]],
                },
            ],
            "input_layers": [["a", 0, 0]],
            "output_layers": [["tf.math.multiply", 0, 0]],
        },
    }
    with pytest.raises(ValueError, match=r"'tf.math.multiply'.*TFOpLambda.*Lambda"):
        tf.keras.models.model_from_config(config)
