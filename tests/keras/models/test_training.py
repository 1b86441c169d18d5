"""compile / fit / evaluate / predict / *_on_batch against NumPy reimplementations of the same SGD
training, plus subclassed models, custom train_step, freezing, and the trainer's errors."""

import numpy as np
import pytest

import lamina as tf


def _data(n=20):
    x = np.linspace(-1.0, 1.0, n * 2, dtype="float32").reshape(n, 2)
    y = (x @ np.array([[2.0], [-1.0]], "float32") + 0.5).astype("float32")
    return x, y


def _linear_model(name=None):
    model = tf.keras.Sequential(
        [tf.keras.layers.Dense(1, input_shape=(2,), kernel_initializer="zeros")], name=name
    )
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    return model


def _numpy_sgd(x, y, batch_size, epochs, lr=0.1):
    w, b = np.zeros((2, 1)), np.zeros(1)
    losses = []
    for _ in range(epochs):
        total, count = 0.0, 0
        for start in range(0, len(x), batch_size):
            xb, yb = x[start : start + batch_size], y[start : start + batch_size]
            error = xb @ w + b - yb
            total += float(np.mean(error**2)) * len(xb)
            count += len(xb)
            w -= lr * 2 * xb.T @ error / len(xb)
            b -= lr * 2 * error.mean(0)
        losses.append(total / count)
    return w, b, losses


def test_fit_matches_numpy_sgd_with_partial_last_batch():
    x, y = _data(20)
    model = _linear_model()
    history = model.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    w, b, losses = _numpy_sgd(x, y, 8, 3)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5)
    np.testing.assert_allclose(model.layers[0].kernel.numpy(), w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.layers[0].bias.numpy(), b, rtol=1e-5, atol=1e-6)
    assert sorted(history.history) == ["loss", "mae"] and history.epoch == [0, 1, 2]
    assert model.metrics_names == ["loss", "mae"]


def test_evaluate_predict_and_on_batch():
    x, y = _data(10)
    model = _linear_model()
    model.fit(x, y, batch_size=5, epochs=2, shuffle=False, verbose=0)
    predictions = model.predict(x, batch_size=3, verbose=0)
    assert predictions.shape == (10, 1) and predictions.dtype == np.float32
    loss, mae = model.evaluate(x, y, batch_size=4, verbose=0)
    np.testing.assert_allclose(loss, np.mean((predictions - y) ** 2), rtol=1e-5)
    np.testing.assert_allclose(mae, np.mean(np.abs(predictions - y)), rtol=1e-5)
    assert model.evaluate(x, y, verbose=0, return_dict=True).keys() == {"loss", "mae"}
    np.testing.assert_allclose(model.predict_on_batch(x[:2]), predictions[:2], rtol=1e-6)
    test_loss, _ = model.test_on_batch(x[:4], y[:4])
    np.testing.assert_allclose(test_loss, np.mean((predictions[:4] - y[:4]) ** 2), rtol=1e-5)
    before = model.get_weights()
    model.train_on_batch(x[:4], y[:4])
    assert not np.allclose(before[0], model.get_weights()[0])


def test_validation_split_uses_the_last_samples():
    x, y = _data(10)
    model = _linear_model()
    history = model.fit(x, y, batch_size=4, epochs=1, validation_split=0.2, shuffle=False, verbose=0)
    w, b, losses = _numpy_sgd(x[:8], y[:8], 4, 1)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5)
    np.testing.assert_allclose(
        history.history["val_loss"], [np.mean((x[8:] @ w + b - y[8:]) ** 2)], rtol=1e-5
    )


def test_subclassed_model_custom_train_step_and_freezing():
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__(name="net")
            self.hidden = tf.keras.layers.Dense(3, name="hidden")
            self.out = tf.keras.layers.Dense(1, name="out")

        def call(self, x):
            return self.out(self.hidden(x))

    model = Net()
    model(np.zeros((1, 2), "float32"))
    assert [w.name for w in model.weights] == [
        "net/hidden/kernel:0", "net/hidden/bias:0", "net/out/kernel:0", "net/out/bias:0"
    ]  # fmt: skip
    model.hidden.trainable = False
    model.compile(optimizer="sgd", loss="mse")
    frozen = model.hidden.get_weights()
    x, y = _data(8)
    model.fit(x, y, epochs=1, verbose=0)
    for before, after in zip(frozen, model.hidden.get_weights()):
        np.testing.assert_array_equal(before, after)
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2

    class Counting(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(1)
            self.steps = tf.Variable(0, trainable=False)

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            self.steps.assign_add(1)
            return super().train_step(data)

    counting = Counting()
    counting.compile(optimizer="adam", loss="mae")
    counting.fit(x, y, batch_size=2, epochs=2, verbose=0)
    assert int(counting.steps.numpy()) == 8


def test_trainer_errors():
    x, y = _data(4)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(x, y, verbose=0)
    with pytest.raises(ValueError, match="mse_typo|Unknown|Could not interpret"):
        model.compile(optimizer="sgd", loss="mse_typo")
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="incompatible"):
        model.fit(x[:, :1], y, verbose=0)
    with pytest.raises(ValueError, match="cardinality"):
        model.fit(x, y[:3], verbose=0)
    with pytest.raises(ValueError, match="not yet been built"):
        tf.keras.Sequential([tf.keras.layers.Dense(1)]).summary()


def test_one_compiled_step_per_batch_shape():
    x, y = _data(10)
    model = _linear_model()
    model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    (function,) = model._train_function.values()
    assert function.experimental_get_tracing_count() == 1
    model.fit(x.astype("float64"), y, batch_size=4, epochs=1, verbose=0)  # float64 data converts to float32
    assert len(model._train_function) == 1


def test_add_loss_and_add_metric_reach_fit():
    class Penalized(tf.keras.layers.Layer):
        def call(self, x):
            self.add_loss(0.5 * tf.reduce_mean(x))
            self.add_metric(tf.reduce_max(x), name="max_activation")
            return x

    inputs = tf.keras.Input(shape=(2,))
    outputs = tf.keras.layers.Dense(1, kernel_initializer="zeros")(Penalized()(inputs))
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.0), loss="mse")
    x, y = _data(8)
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [np.mean(y**2) + 0.5 * x.mean()], rtol=1e-5)
    np.testing.assert_allclose(history.history["max_activation"], [x.max()], rtol=1e-6)
    with pytest.raises(ValueError, match="name"):
        Penalized().add_metric(tf.constant(1.0))


def test_bad_labels_get_clear_errors():
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
    model.compile("sgd", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = np.ones((4, 3), "float32")
    with pytest.raises(ValueError, match="Shape mismatch: The shape of labels"):
        model.fit(x, np.ones((4, 5), "float32"), verbose=0)
    with pytest.raises(tf.errors.UnimplementedError, match="Cast string"):
        model.fit(x, np.array(["a", "b", "c", "d"]), verbose=0)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="Incompatible shapes.*None, 2.*None, 3"):
        model.fit(x, np.ones((4, 3), "float32"), verbose=0)


def test_multi_output_flat_metrics_apply_to_every_output():
    inputs = tf.keras.Input(shape=(2,))
    first = tf.keras.layers.Dense(1, name="first")(inputs)
    second = tf.keras.layers.Dense(1, name="second")(inputs)
    model = tf.keras.Model(inputs, [first, second])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x, y = _data(6)
    history = model.fit(x, [y, y], epochs=1, verbose=0)
    assert sorted(history.history) == ["first_loss", "first_mae", "loss", "second_loss", "second_mae"]


def test_backup_and_restore_resumes_after_a_crash(tmp_path):
    x, y = _data(8)

    class Crash(tf.keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 2:
                raise RuntimeError("interrupted")

    model = _linear_model()
    backup = tf.keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(x, y, batch_size=4, epochs=4, shuffle=False, verbose=0, callbacks=[backup, Crash()])
    saved = model.get_weights()
    resumed = _linear_model()
    history = resumed.fit(
        x,
        y,
        batch_size=4,
        epochs=4,
        shuffle=False,
        verbose=0,
        callbacks=[tf.keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))],
    )
    assert history.epoch == [2, 3]
    reference = _linear_model()
    reference.set_weights(saved)
    reference.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(resumed.get_weights()[0], reference.get_weights()[0], rtol=1e-6)
