"""Writes the TensorFlow-made files that tests/keras/saving/test_tf_files.py loads with lamina.

Run with TensorFlow 2.15's interpreter (never lamina's), from the repository root:
    ~/tf215/bin/python tests/keras/data/make_saving_fixtures.py

Every weight is set to fixed values and training uses fixed data, so the files and the expected
values in tf_saving_expected.json are the same on every run (except the date in metadata.json).
"""

import json
import os

import numpy as np
import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
L = tf.keras.layers


def fixed(shape, offset):
    size = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(size) * 0.7 + offset) * 0.5).reshape(shape).astype(np.float32)


def fix_weights(model):
    model.set_weights([fixed(tuple(w.shape), i) for i, w in enumerate(model.weights)])


def data():
    x = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(8, 3)
    b = np.stack([np.cos(np.arange(8.0)), np.sin(np.arange(8.0) * 0.5)], axis=1).astype(np.float32)
    y = np.sin(x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    return x, b, y


def sequential():
    model = tf.keras.Sequential(
        [L.Dense(4, activation="relu", name="hidden"), L.Dense(1, name="out")], name="tf_sequential"
    )
    model.build((None, 3))
    fix_weights(model)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    x, _, y = data()
    model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    return model


def functional():
    a = tf.keras.Input((3,), name="a")
    b = tf.keras.Input((2,), name="b")
    shared = L.Dense(3, activation="tanh", name="shared")
    inner = tf.keras.Sequential([L.Dense(3, name="inner_dense")], name="inner")
    inner.build((None, 3))
    joined = L.Concatenate(name="joined")([shared(a), inner(a), L.Dense(3, name="from_b")(b)])
    hidden = L.Dense(4, activation="relu", name="hidden")(joined)
    reg = L.Dense(1, name="reg")(hidden)
    again = shared(L.Dense(3, name="back")(hidden))
    model = tf.keras.Model(inputs=[a, b], outputs={"reg": reg, "again": again}, name="tf_functional")
    fix_weights(model)
    model.compile(
        optimizer=tf.keras.optimizers.SGD(0.05, momentum=0.9),
        loss={"reg": "mse", "again": "mae"},
        loss_weights={"reg": 1.0, "again": 0.5},
    )
    x, bx, y = data()
    model.fit(
        [x, bx],
        {"reg": y, "again": np.zeros((8, 3), np.float32)},
        epochs=2,
        batch_size=4,
        shuffle=False,
        verbose=0,
    )
    return model


def layout():
    """The dataset paths and shapes of model.weights.h5 for a model with a nested Sequential called
    twice, a Bidirectional GRU, BatchNormalization, and a compiled, trained Adam with a metric."""
    import io
    import zipfile

    import h5py

    a = tf.keras.Input((3,), name="a")
    inner = tf.keras.Sequential([L.Dense(3, name="i1"), L.Dense(3, name="i2")], name="inner")
    inner.build((None, 3))
    s = inner(inner(L.Dense(3, name="e")(a)))
    r = L.Bidirectional(L.GRU(2), name="bi")(L.Reshape((3, 1), name="rs")(s))
    c = L.Concatenate(name="cat")([r, L.BatchNormalization(name="bn")(s)])
    model = tf.keras.Model(a, L.Dense(1, name="out")(c), name="layout")
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    model.fit(np.ones((4, 3), np.float32), np.ones((4, 1), np.float32), epochs=1, verbose=0)
    path = os.path.join(HERE, "layout.keras")
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        weights = archive.read("model.weights.h5")
    os.remove(path)
    found = []
    with h5py.File(io.BytesIO(weights), "r") as h5file:
        h5file.visititems(
            lambda name, item: found.append([name, list(item.shape)]) if hasattr(item, "shape") else None
        )
    return found


def as_list(value):
    if isinstance(value, dict):
        return {k: np.asarray(v).tolist() for k, v in value.items()}
    return np.asarray(value).tolist()


def main():
    x, bx, _ = data()
    expected = {}
    seq = sequential()
    seq.save(os.path.join(HERE, "tf_sequential.keras"))
    seq.save_weights(os.path.join(HERE, "tf_sequential.weights.h5"))
    seq.save(os.path.join(HERE, "tf_sequential_legacy.h5"))
    seq.save_weights(os.path.join(HERE, "tf_sequential_legacy_weights.h5"))
    expected["sequential"] = {
        "prediction": as_list(seq(x)),
        "iterations": int(seq.optimizer.iterations.numpy()),
        "optimizer_sums": [float(np.sum(v.numpy())) for v in seq.optimizer.variables],
        "weights": [w.tolist() for w in seq.get_weights()],
    }
    fun = functional()
    fun.save(os.path.join(HERE, "tf_functional.keras"))
    expected["functional"] = {
        "prediction": as_list(fun([x, bx])),
        "iterations": int(fun.optimizer.iterations.numpy()),
        "optimizer_sums": [float(np.sum(v.numpy())) for v in fun.optimizer.variables],
        "layer_names": [layer.name for layer in fun.layers],
    }
    expected["layout"] = layout()
    with open(os.path.join(HERE, "tf_saving_expected.json"), "w") as f:
        json.dump({"tensorflow": tf.__version__, "cases": expected}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
