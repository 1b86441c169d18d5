"""Training components (issue 4): the Keras optimizer in a compiled step and on its own.

- mlp_keras_adam: the 784-512-256-10 MLP step of compiled.py (batch 128, sparse softmax
  cross-entropy), but updated by `tf.keras.optimizers.Adam` as a user writes it: a GradientTape step
  under `tf.function`. lamina and TensorFlow run the very same code; JAX is the hand-written
  `jax.jit` Adam step of compiled.py; PyTorch uses `torch.optim.Adam` eagerly.
- keras_adam_apply: one eager `optimizer.apply_gradients(zip(grads, variables))` on the MLP's six
  variables with fixed gradients (the cost of an optimizer step outside any compiled function);
  JAX jits the same update over its arrays; PyTorch runs `optimizer.step()`.

The check: the loss is finite (mlp), the first weight stays finite (apply).
"""

from __future__ import annotations

import numpy as np

from bench.core import Workload
from bench.workloads.compiled import _check_learning, _initial, _jax_adam_step, _jax_mlp_loss

LEARNING_RATE = 1e-3


def _mlp_keras_adam(tf):
    initial, x_np, y_np = _initial()
    params = [tf.Variable(p) for p in initial]
    optimizer = tf.keras.optimizers.Adam(LEARNING_RATE)
    x, y = tf.constant(x_np), tf.constant(y_np)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            h = x
            for i in range(3):
                h = tf.matmul(h, params[2 * i]) + params[2 * i + 1]
                if i < 2:
                    h = tf.nn.relu(h)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
        optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
        return loss

    def step():
        return train_step(x, y).numpy()

    return step, _check_learning()


def _mlp_jax():
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # as lamina runs it
    initial, x_np, y_np = _initial()
    params = [jnp.asarray(p) for p in initial]
    step = _jax_adam_step(_jax_mlp_loss, params, jnp.asarray(x_np), jnp.asarray(y_np))
    return step, _check_learning()


def _mlp_torch():
    import torch

    initial, x_np, y_np = _initial()
    params = [torch.tensor(p, requires_grad=True) for p in initial]
    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE, eps=1e-7)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np).long()

    def step():
        optimizer.zero_grad()
        h = x
        for i in range(3):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < 2:
                h = torch.relu(h)
        loss = torch.nn.functional.cross_entropy(h, y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step, _check_learning()


def _fixed_gradients():
    initial, _, _ = _initial()
    rng = np.random.default_rng(3)
    return initial, [rng.normal(0.0, 1e-2, p.shape).astype(np.float32) for p in initial]


def _check_finite(result):
    assert np.all(np.isfinite(np.asarray(result)))


def _apply_tf_like(tf):
    initial, grads_np = _fixed_gradients()
    params = [tf.Variable(p) for p in initial]
    grads = [tf.constant(g) for g in grads_np]
    optimizer = tf.keras.optimizers.Adam(LEARNING_RATE)

    def step():
        optimizer.apply_gradients(zip(grads, params))
        return params[0][0, 0].numpy()

    return step, _check_finite


def _apply_jax():
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    initial, grads_np = _fixed_gradients()
    grads = [jnp.asarray(g) for g in grads_np]

    @jax.jit
    def update(state, grads):
        values, ms, vs, t = state
        t = t + 1.0
        rate = LEARNING_RATE * jnp.sqrt(1.0 - 0.999**t) / (1.0 - 0.9**t)
        ms = [m + (g - m) * 0.1 for m, g in zip(ms, grads)]
        vs = [v + (g * g - v) * 0.001 for v, g in zip(vs, grads)]
        values = [p - rate * m / (jnp.sqrt(v) + 1e-7) for p, m, v in zip(values, ms, vs)]
        return values, ms, vs, t

    zeros = [jnp.zeros_like(g) for g in grads]
    holder = [([jnp.asarray(p) for p in initial], zeros, list(zeros), jnp.float32(0.0))]

    def step():
        holder[0] = update(holder[0], grads)
        return np.asarray(holder[0][0][0][0, 0])

    return step, _check_finite


def _apply_torch():
    import torch

    initial, grads_np = _fixed_gradients()
    params = [torch.tensor(p, requires_grad=True) for p in initial]
    for p, g in zip(params, grads_np):
        p.grad = torch.from_numpy(g)
    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE, eps=1e-7)

    def step():
        optimizer.step()
        return params[0][0, 0].item()

    return step, _check_finite


def _lamina(builder):
    def build():
        import lamina

        return builder(lamina)

    return build


def _tensorflow(builder):
    def build():
        import tensorflow

        return builder(tensorflow)

    return build


WORKLOADS = [
    Workload(
        "mlp_keras_adam",
        "784-512-256-10 MLP train step (batch 128) with tf.keras.optimizers.Adam under tf.function",
        1,
        {
            "lamina": _lamina(_mlp_keras_adam),
            "tensorflow": _tensorflow(_mlp_keras_adam),
            "jax": _mlp_jax,
            "torch": _mlp_torch,
        },
    ),
    Workload(
        "keras_adam_apply",
        "eager Adam apply_gradients on the MLP's 6 variables (fixed gradients)",
        1,
        {
            "lamina": _lamina(_apply_tf_like),
            "tensorflow": _tensorflow(_apply_tf_like),
            "jax": _apply_jax,
            "torch": _apply_torch,
        },
    ),
]
