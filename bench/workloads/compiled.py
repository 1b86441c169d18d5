"""Compiled training steps: what one optimizer step of a small model costs once it is compiled.

- mlp_adam: a 784-512-256-10 ReLU MLP, batch 128, sparse softmax cross-entropy, Adam written with
  raw ops (m, v, bias correction), one step per call. lamina and TensorFlow run the very same code
  under `tf.function`; JAX is a hand-written `jax.jit` of the same math with explicit state;
  PyTorch runs it eagerly (its usual mode).

The check: the loss is finite (tests/bench checks that lamina's falls step after step; every
framework starts from the same initial weights and batch).
"""

from __future__ import annotations

import numpy as np

from bench.core import Workload

SIZES = (784, 512, 256, 10)
BATCH = 128
LEARNING_RATE, BETA1, BETA2, EPSILON = 1e-3, 0.9, 0.999, 1e-7


def _initial(seed=0):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        params.append(rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out)).astype(np.float32))
        params.append(np.zeros(fan_out, np.float32))
    x = rng.normal(size=(BATCH, SIZES[0])).astype(np.float32)
    y = rng.integers(0, SIZES[-1], BATCH).astype(np.int32)
    return params, x, y


def _check_learning():
    losses = []

    def check(result):
        losses.append(float(np.asarray(result)))
        assert np.isfinite(losses[-1])

    return check


def _tf_like(tf):
    """The step for lamina and TensorFlow: identical code, `tf` is either module."""
    initial, x_np, y_np = _initial()
    params = [tf.Variable(p) for p in initial]
    slots_m = [tf.Variable(tf.zeros_like(p)) for p in params]
    slots_v = [tf.Variable(tf.zeros_like(p)) for p in params]
    t = tf.Variable(0.0)
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
        grads = tape.gradient(loss, params)
        t.assign_add(1.0)
        rate = LEARNING_RATE * tf.sqrt(1.0 - BETA2**t) / (1.0 - BETA1**t)
        for p, g, m, v in zip(params, grads, slots_m, slots_v):
            m.assign(BETA1 * m + (1.0 - BETA1) * g)
            v.assign(BETA2 * v + (1.0 - BETA2) * g * g)
            p.assign_sub(rate * m / (tf.sqrt(v) + EPSILON))
        return loss

    def step():
        return train_step(x, y).numpy()

    return step, _check_learning()


def _lamina():
    import lamina

    return _tf_like(lamina)


def _tensorflow():
    import tensorflow

    return _tf_like(tensorflow)


def _jax():
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # as lamina runs it
    initial, x_np, y_np = _initial()
    params = [jnp.asarray(p) for p in initial]
    zeros = [jnp.zeros_like(p) for p in params]
    state = (params, zeros, list(zeros), jnp.float32(0.0))
    x, y = jnp.asarray(x_np), jnp.asarray(y_np)

    def loss_fn(params, x, y):
        h = x
        for i in range(3):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < 2:
                h = jax.nn.relu(h)
        logp = jax.nn.log_softmax(h)
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    @jax.jit
    def train_step(state, x, y):
        params, ms, vs, t = state
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        t = t + 1.0
        rate = LEARNING_RATE * jnp.sqrt(1.0 - BETA2**t) / (1.0 - BETA1**t)
        ms = [BETA1 * m + (1.0 - BETA1) * g for m, g in zip(ms, grads)]
        vs = [BETA2 * v + (1.0 - BETA2) * g * g for v, g in zip(vs, grads)]
        params = [p - rate * m / (jnp.sqrt(v) + EPSILON) for p, m, v in zip(params, ms, vs)]
        return (params, ms, vs, t), loss

    holder = [state]

    def step():
        holder[0], loss = train_step(holder[0], x, y)
        return np.asarray(loss)

    return step, _check_learning()


def _torch():
    import torch

    initial, x_np, y_np = _initial()
    params = [torch.tensor(p, requires_grad=True) for p in initial]
    ms = [torch.zeros_like(p) for p in params]
    vs = [torch.zeros_like(p) for p in params]
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np).long()
    t = [0.0]

    def step():
        h = x
        for i in range(3):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < 2:
                h = torch.relu(h)
        loss = torch.nn.functional.cross_entropy(h, y)
        grads = torch.autograd.grad(loss, params)
        t[0] += 1.0
        rate = LEARNING_RATE * (1.0 - BETA2 ** t[0]) ** 0.5 / (1.0 - BETA1 ** t[0])
        with torch.no_grad():
            for p, g, m, v in zip(params, grads, ms, vs):
                m.mul_(BETA1).add_((1.0 - BETA1) * g)
                v.mul_(BETA2).add_((1.0 - BETA2) * g * g)
                p.sub_(rate * m / (v.sqrt() + EPSILON))
        return loss.item()

    return step, _check_learning()


WORKLOADS = [
    Workload(
        "mlp_adam",
        "784-512-256-10 MLP train step (batch 128, Adam from raw ops), compiled",
        1,
        {"lamina": _lamina, "tensorflow": _tensorflow, "jax": _jax, "torch": _torch},
    ),
]
