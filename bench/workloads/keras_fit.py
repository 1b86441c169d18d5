"""Keras `fit` (issue 5): what one epoch of `model.fit` costs, data pipeline and callbacks included.

Each step() is ONE epoch of `model.fit(x, y, batch_size=128, epochs=1, shuffle=False, verbose=0)`
(the Timer's warm-up epochs pay for tracing and compilation), with loss
SparseCategoricalCrossentropy(from_logits=True), Adam(1e-3) and metrics ["accuracy"]:

- fit_mlp: the 784-512-256-10 ReLU MLP on 60,000 synthetic samples (469 batches, the last of 96).
- fit_cnn: Conv2D(32, 3, relu) -> MaxPooling2D -> Conv2D(64, 3, relu) -> MaxPooling2D -> Flatten
  -> Dense(10) on 10,000 synthetic 28x28x1 images (79 batches, the last of 16).

lamina, TensorFlow 2.15 (tf.keras = Keras 2.15) and Keras 3 on TensorFlow ("keras3") run the very
same Keras code, each with its `fit` defaults (Keras 2.15 runs a tf.function without XLA; Keras 3's
jit_compile="auto" compiles with XLA). JAX is the floor: a hand-written `jax.jit` train step (the
same loss, Adam and accuracy count) over the same batches, already split into device arrays.
PyTorch is a standard loop (`torch.optim.Adam`, `cross_entropy`), NCHW images. JAX and PyTorch
start from the same Glorot-uniform weights as a Keras model would draw (not the same draws).

The check: the epoch's mean loss is finite.
"""

from __future__ import annotations

import os

import numpy as np

from bench.core import Workload

BATCH = 128
LEARNING_RATE, BETA1, BETA2, EPSILON = 1e-3, 0.9, 0.999, 1e-7
MLP_SAMPLES, MLP_SIZES = 60_000, (784, 512, 256, 10)
CNN_SAMPLES, CNN_IMAGE = 10_000, (28, 28, 1)


def _mlp_data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(MLP_SAMPLES, MLP_SIZES[0])).astype(np.float32)
    y = rng.integers(0, MLP_SIZES[-1], MLP_SAMPLES).astype(np.int32)
    return x, y


def _cnn_data(seed=1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(CNN_SAMPLES, *CNN_IMAGE)).astype(np.float32)
    y = rng.integers(0, 10, CNN_SAMPLES).astype(np.int32)
    return x, y


def _check_finite(result):
    assert np.isfinite(float(np.asarray(result))), f"Expected a finite epoch loss, received: {result}"


# ---- Keras: lamina, TensorFlow 2.15, Keras 3 -----------------------------------------------------------


def _keras_mlp(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(MLP_SIZES[0],)),
            layers.Dense(MLP_SIZES[1], activation="relu"),
            layers.Dense(MLP_SIZES[2], activation="relu"),
            layers.Dense(MLP_SIZES[3]),
        ]
    )


def _keras_cnn(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=CNN_IMAGE),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(10),
        ]
    )


def _keras_fit(keras, model_fn, data_fn):
    """(step, check) for one epoch of `fit`; `keras` is lamina's or TensorFlow's tf.keras, or Keras 3."""
    x, y = data_fn()
    model = model_fn(keras)
    model.compile(
        optimizer=keras.optimizers.Adam(LEARNING_RATE),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )

    def step():
        history = model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        return history.history["loss"][-1]

    return step, _check_finite


def _lamina(model_fn, data_fn):
    def build():
        import lamina

        return _keras_fit(lamina.keras, model_fn, data_fn)

    return build


def _tensorflow(model_fn, data_fn):
    def build():
        import tensorflow

        return _keras_fit(tensorflow.keras, model_fn, data_fn)

    return build


def _keras3(model_fn, data_fn):
    def build():
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        import keras

        if not keras.__version__.startswith("3.") or keras.backend.backend() != "tensorflow":
            raise RuntimeError(
                "Expected Keras 3 on the TensorFlow backend, received: "
                f"keras {keras.__version__}, backend {keras.backend.backend()!r}"
            )
        return _keras_fit(keras, model_fn, data_fn)

    return build


# ---- Glorot-uniform initial weights shared by the JAX and PyTorch sides -------------------------------


def _glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype(np.float32)


def _mlp_initial(seed=2):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(MLP_SIZES[:-1], MLP_SIZES[1:]):
        params += [_glorot(rng, (fan_in, fan_out), fan_in, fan_out), np.zeros(fan_out, np.float32)]
    return params


def _cnn_initial(seed=2):
    """HWIO conv kernels (3x3x1x32, 3x3x32x64), then the 1600x10 dense kernel; biases after each."""
    rng = np.random.default_rng(seed)
    params = []
    for channels_in, channels_out in ((1, 32), (32, 64)):
        shape = (3, 3, channels_in, channels_out)
        params += [_glorot(rng, shape, 9 * channels_in, 9 * channels_out), np.zeros(channels_out, np.float32)]
    params += [_glorot(rng, (1600, 10), 1600, 10), np.zeros(10, np.float32)]
    return params


def _batches(n):
    return [(start, min(start + BATCH, n)) for start in range(0, n, BATCH)]


# ---- JAX: a jitted train step over pre-split batches ---------------------------------------------------


def _jax_logits_mlp(params, x):
    import jax

    h = x
    for i in range(3):
        h = h @ params[2 * i] + params[2 * i + 1]
        if i < 2:
            h = jax.nn.relu(h)
    return h


def _jax_logits_cnn(params, x):
    import jax

    def conv_relu(h, kernel, bias):
        h = jax.lax.conv_general_dilated(
            h, kernel, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC")
        )
        return jax.nn.relu(h + bias)

    def pool(h):
        return jax.lax.reduce_window(h, -np.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")

    h = pool(conv_relu(x, params[0], params[1]))
    h = pool(conv_relu(h, params[2], params[3]))
    return h.reshape(h.shape[0], -1) @ params[4] + params[5]


def _jax_fit(logits_fn, initial_fn, data_fn):
    def build():
        import jax
        import jax.numpy as jnp

        jax.config.update("jax_enable_x64", True)  # as lamina runs it
        x, y = data_fn()
        batches = [(jnp.asarray(x[a:b]), jnp.asarray(y[a:b])) for a, b in _batches(len(x))]

        def loss_fn(values, x, y):
            logits = logits_fn(values, x)
            logp = jax.nn.log_softmax(logits)
            loss = -jnp.mean(jnp.take_along_axis(logp, y[:, None].astype(jnp.int32), axis=1))
            return loss, jnp.sum(jnp.argmax(logits, axis=-1) == y, dtype=jnp.int32)

        @jax.jit
        def train_step(state, totals, x, y):
            values, ms, vs, t = state
            (loss, correct), grads = jax.value_and_grad(loss_fn, has_aux=True)(values, x, y)
            t = t + 1.0
            rate = LEARNING_RATE * jnp.sqrt(1.0 - BETA2**t) / (1.0 - BETA1**t)
            ms = [BETA1 * m + (1.0 - BETA1) * g for m, g in zip(ms, grads)]
            vs = [BETA2 * v + (1.0 - BETA2) * g * g for v, g in zip(vs, grads)]
            values = [p - rate * m / (jnp.sqrt(v) + EPSILON) for p, m, v in zip(values, ms, vs)]
            loss_sum, correct_sum = totals
            totals = (loss_sum + loss * x.shape[0], correct_sum + correct)
            return (values, ms, vs, t), totals

        params = [jnp.asarray(p) for p in initial_fn()]
        zeros = [jnp.zeros_like(p) for p in params]
        holder = [(params, zeros, list(zeros), jnp.float32(0.0))]

        def step():
            state, totals = holder[0], (jnp.float32(0.0), jnp.int32(0))
            for xb, yb in batches:
                state, totals = train_step(state, totals, xb, yb)
            holder[0] = state
            return float(totals[0]) / len(x)  # the epoch's mean loss, as Keras reports it

        return step, _check_finite

    return build


# ---- PyTorch: a standard training loop --------------------------------------------------------------


def _torch_mlp(torch, initial):
    model = torch.nn.Sequential(
        torch.nn.Linear(MLP_SIZES[0], MLP_SIZES[1]),
        torch.nn.ReLU(),
        torch.nn.Linear(MLP_SIZES[1], MLP_SIZES[2]),
        torch.nn.ReLU(),
        torch.nn.Linear(MLP_SIZES[2], MLP_SIZES[3]),
    )
    linears = [model[0], model[2], model[4]]
    with torch.no_grad():
        for i, layer in enumerate(linears):
            layer.weight.copy_(torch.from_numpy(initial[2 * i].T.copy()))
            layer.bias.copy_(torch.from_numpy(initial[2 * i + 1]))
    return model


def _torch_cnn(torch, initial):
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1600, 10),
    )
    with torch.no_grad():
        for i, layer in enumerate((model[0], model[3])):
            layer.weight.copy_(torch.from_numpy(initial[2 * i].transpose(3, 2, 0, 1).copy()))  # HWIO -> OIHW
            layer.bias.copy_(torch.from_numpy(initial[2 * i + 1]))
        # Flatten order differs (NCHW vs NHWC), which only permutes the dense kernel's rows.
        model[7].weight.copy_(torch.from_numpy(initial[4].T.copy()))
        model[7].bias.copy_(torch.from_numpy(initial[5]))
    return model


def _torch_fit(model_fn, initial_fn, data_fn, channels_first=False):
    def build():
        import torch

        x, y = data_fn()
        if channels_first:
            x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
        x_all, y_all = torch.from_numpy(x), torch.from_numpy(y).long()
        model = model_fn(torch, initial_fn())
        optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=EPSILON)
        batches = _batches(len(x))

        def step():
            model.train()
            loss_sum = torch.zeros(())
            correct = torch.zeros((), dtype=torch.long)
            for a, b in batches:
                xb, yb = x_all[a:b], y_all[a:b]
                optimizer.zero_grad()
                logits = model(xb)
                loss = torch.nn.functional.cross_entropy(logits, yb)
                loss.backward()
                optimizer.step()
                with torch.no_grad():  # the running loss and accuracy Keras's fit keeps
                    loss_sum += loss.detach() * (b - a)
                    correct += (logits.argmax(dim=-1) == yb).sum()
            return loss_sum.item() / len(x)

        return step, _check_finite

    return build


WORKLOADS = [
    Workload(
        "fit_mlp",
        "one epoch of Keras fit: 784-512-256-10 MLP, 60,000 samples, batch 128, Adam, accuracy",
        1,
        {
            "lamina": _lamina(_keras_mlp, _mlp_data),
            "tensorflow": _tensorflow(_keras_mlp, _mlp_data),
            "keras3": _keras3(_keras_mlp, _mlp_data),
            "jax": _jax_fit(_jax_logits_mlp, _mlp_initial, _mlp_data),
            "torch": _torch_fit(_torch_mlp, _mlp_initial, _mlp_data),
        },
    ),
    Workload(
        "fit_cnn",
        "one epoch of Keras fit: 2-conv CNN, 10,000 28x28x1 images, batch 128, Adam, accuracy",
        1,
        {
            "lamina": _lamina(_keras_cnn, _cnn_data),
            "tensorflow": _tensorflow(_keras_cnn, _cnn_data),
            "keras3": _keras3(_keras_cnn, _cnn_data),
            "jax": _jax_fit(_jax_logits_cnn, _cnn_initial, _cnn_data),
            "torch": _torch_fit(_torch_cnn, _cnn_initial, _cnn_data, channels_first=True),
        },
    ),
]
