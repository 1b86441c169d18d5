"""Compiled training steps: what one optimizer step of a small model costs once it is compiled.

- mlp_adam: a 784-512-256-10 ReLU MLP, batch 128, sparse softmax cross-entropy, Adam written with
  raw ops (m, v, bias correction), one step per call.
- transformer_block: one pre-norm Transformer encoder block (4-head self-attention, d_model 128,
  feed-forward 512, GELU), batch 16 x sequence 64, mean-squared error against a target, trained with
  the same raw-op Adam. lamina and TensorFlow run the very same code
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


class _AdamTF:
    """Adam written with raw ops over tf.Variables (`tf` is lamina or TensorFlow)."""

    def __init__(self, tf, params):
        self.tf, self.params = tf, params
        self.slots_m = [tf.Variable(tf.zeros_like(p)) for p in params]
        self.slots_v = [tf.Variable(tf.zeros_like(p)) for p in params]
        self.t = tf.Variable(0.0)

    def apply(self, grads):
        tf, t = self.tf, self.t
        t.assign_add(1.0)
        rate = LEARNING_RATE * tf.sqrt(1.0 - BETA2**t) / (1.0 - BETA1**t)
        for p, g, m, v in zip(self.params, grads, self.slots_m, self.slots_v):
            m.assign(BETA1 * m + (1.0 - BETA1) * g)
            v.assign(BETA2 * v + (1.0 - BETA2) * g * g)
            p.assign_sub(rate * m / (tf.sqrt(v) + EPSILON))


def _jax_adam_step(loss_fn, params, *data):
    """A jitted Adam step over the list `params` for `loss_fn(params, *data)`, and a step() that
    runs it once and returns the loss (JAX's explicit-state version of _AdamTF)."""
    import jax
    import jax.numpy as jnp

    @jax.jit
    def train_step(state, *data):
        values, ms, vs, t = state
        loss, grads = jax.value_and_grad(loss_fn)(values, *data)
        t = t + 1.0
        rate = LEARNING_RATE * jnp.sqrt(1.0 - BETA2**t) / (1.0 - BETA1**t)
        ms = [BETA1 * m + (1.0 - BETA1) * g for m, g in zip(ms, grads)]
        vs = [BETA2 * v + (1.0 - BETA2) * g * g for v, g in zip(vs, grads)]
        values = [p - rate * m / (jnp.sqrt(v) + EPSILON) for p, m, v in zip(values, ms, vs)]
        return (values, ms, vs, t), loss

    zeros = [jnp.zeros_like(p) for p in params]
    holder = [(params, zeros, list(zeros), jnp.float32(0.0))]

    def step():
        holder[0], loss = train_step(holder[0], *data)
        return np.asarray(loss)

    return step


def _tf_like(tf):
    """The step for lamina and TensorFlow: identical code, `tf` is either module."""
    initial, x_np, y_np = _initial()
    params = [tf.Variable(p) for p in initial]
    adam = _AdamTF(tf, params)
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
        adam.apply(tape.gradient(loss, params))
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
    x, y = jnp.asarray(x_np), jnp.asarray(y_np)
    return _jax_adam_step(_jax_mlp_loss, params, x, y), _check_learning()


def _jax_mlp_loss(params, x, y):
    """The MLP's mean sparse softmax cross-entropy, in JAX."""
    import jax
    import jax.numpy as jnp

    h = x
    for i in range(3):
        h = h @ params[2 * i] + params[2 * i + 1]
        if i < 2:
            h = jax.nn.relu(h)
    logp = jax.nn.log_softmax(h)
    return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))


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


# ---- transformer block ------------------------------------------------------------------------------
T_BATCH, T_SEQ, T_MODEL, T_HEADS, T_FF = 16, 64, 128, 4, 512


def _transformer_initial(seed=1):
    rng = np.random.default_rng(seed)

    def dense(fan_in, fan_out):
        return rng.normal(0.0, np.sqrt(1.0 / fan_in), (fan_in, fan_out)).astype(np.float32)

    params = {
        "wq": dense(T_MODEL, T_MODEL),
        "wk": dense(T_MODEL, T_MODEL),
        "wv": dense(T_MODEL, T_MODEL),
        "wo": dense(T_MODEL, T_MODEL),
        "w1": dense(T_MODEL, T_FF),
        "b1": np.zeros(T_FF, np.float32),
        "w2": dense(T_FF, T_MODEL),
        "b2": np.zeros(T_MODEL, np.float32),
        "g1": np.ones(T_MODEL, np.float32),
        "g2": np.ones(T_MODEL, np.float32),
    }
    x = rng.normal(size=(T_BATCH, T_SEQ, T_MODEL)).astype(np.float32)
    target = rng.normal(size=(T_BATCH, T_SEQ, T_MODEL)).astype(np.float32)
    return params, x, target


def _transformer_tf_like(tf):
    initial, x_np, target_np = _transformer_initial()
    names = sorted(initial)
    params = {k: tf.Variable(initial[k]) for k in names}
    adam = _AdamTF(tf, [params[k] for k in names])
    x, target = tf.constant(x_np), tf.constant(target_np)
    head = T_MODEL // T_HEADS

    def norm(h, gain):
        mean, variance = tf.nn.moments(h, axes=[-1], keepdims=True)
        return (h - mean) * tf.math.rsqrt(variance + 1e-6) * gain

    def split(h):
        return tf.transpose(tf.reshape(h, [T_BATCH, T_SEQ, T_HEADS, head]), [0, 2, 1, 3])

    def block(h):
        a = norm(h, params["g1"])
        q, k, v = (split(tf.einsum("bsd,de->bse", a, params[w])) for w in ("wq", "wk", "wv"))
        weights = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / float(np.sqrt(head)), axis=-1)
        attended = tf.reshape(tf.transpose(tf.matmul(weights, v), [0, 2, 1, 3]), [T_BATCH, T_SEQ, T_MODEL])
        h = h + tf.einsum("bsd,de->bse", attended, params["wo"])
        b = norm(h, params["g2"])
        hidden = tf.nn.gelu(tf.einsum("bsd,df->bsf", b, params["w1"]) + params["b1"])
        return h + tf.einsum("bsf,fd->bsd", hidden, params["w2"]) + params["b2"]

    @tf.function
    def train_step(x, target):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(block(x) - target))
        adam.apply(tape.gradient(loss, adam.params))
        return loss

    def step():
        return train_step(x, target).numpy()

    return step, _check_learning()


def _transformer_lamina():
    import lamina

    return _transformer_tf_like(lamina)


def _transformer_tensorflow():
    import tensorflow

    return _transformer_tf_like(tensorflow)


def _transformer_jax():
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # as lamina runs it
    initial, x_np, target_np = _transformer_initial()
    names = sorted(initial)
    params = [jnp.asarray(initial[k]) for k in names]
    x, target = jnp.asarray(x_np), jnp.asarray(target_np)
    head = T_MODEL // T_HEADS

    def norm(h, gain):
        mean = h.mean(-1, keepdims=True)
        variance = ((h - mean) ** 2).mean(-1, keepdims=True)
        return (h - mean) * jax.lax.rsqrt(variance + 1e-6) * gain

    def split(h):
        return h.reshape(T_BATCH, T_SEQ, T_HEADS, head).transpose(0, 2, 1, 3)

    def loss_fn(values, x, target):
        p = dict(zip(names, values))
        a = norm(x, p["g1"])
        q, k, v = (split(a @ p[w]) for w in ("wq", "wk", "wv"))
        weights = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / float(np.sqrt(head)), axis=-1)
        attended = (weights @ v).transpose(0, 2, 1, 3).reshape(T_BATCH, T_SEQ, T_MODEL)
        h = x + attended @ p["wo"]
        hidden = jax.nn.gelu(norm(h, p["g2"]) @ p["w1"] + p["b1"], approximate=False)
        out = h + hidden @ p["w2"] + p["b2"]
        return jnp.mean((out - target) ** 2)

    return _jax_adam_step(loss_fn, params, x, target), _check_learning()


WORKLOADS = [
    Workload(
        "mlp_adam",
        "784-512-256-10 MLP train step (batch 128, Adam from raw ops), compiled",
        1,
        {"lamina": _lamina, "tensorflow": _tensorflow, "jax": _jax, "torch": _torch},
    ),
    Workload(
        "transformer_block",
        "Transformer encoder block train step (16x64 tokens, d 128, 4 heads, ff 512, Adam), compiled",
        1,
        {"lamina": _transformer_lamina, "tensorflow": _transformer_tensorflow, "jax": _transformer_jax},
    ),
]
