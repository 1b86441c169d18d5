"""A raw GradientTape training step with a Keras optimizer, compiled by tf.function, is ONE XLA executable:
after the first call no step compiles anything, each step launches exactly one executable, and no
value moves from the device to the host during a step."""

import jax
import numpy as np
import pytest

import lamina as tf
from lamina._core import eager


class Launches:
    """Counts executable launches: every eager op call (a compiled function's whole program is one op
    call) goes through `eager.run`, which dispatches one jitted XLA executable."""

    def __init__(self, monkeypatch):
        self.names = []
        original = eager.run

        def counting(opdef, inputs, attrs):
            self.names.append(opdef.name)
            return original(opdef, inputs, attrs)

        monkeypatch.setattr(eager, "run", counting)


class Compiles:
    """Counts JAX compilation events (backend compiles and persistent-cache lookups alike)."""

    def __enter__(self):
        self.events = []
        jax.monitoring.register_event_duration_secs_listener(self._listen)
        return self

    def _listen(self, event, duration, **kwargs):
        if "compil" in event:
            self.events.append(event)

    def __exit__(self, *exc):
        jax.monitoring.unregister_event_duration_listener(self._listen)


def make_mlp():
    rng = np.random.default_rng(0)
    w1 = tf.Variable(rng.normal(size=(4, 8)).astype(np.float32), name="dense/kernel")
    b1 = tf.Variable(np.zeros(8, np.float32), name="dense/bias")
    w2 = tf.Variable(rng.normal(size=(8, 1)).astype(np.float32), name="out/kernel")
    x = tf.constant(rng.normal(size=(16, 4)).astype(np.float32))
    y = tf.constant(rng.normal(size=(16, 1)).astype(np.float32))
    return [w1, b1, w2], x, y


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda: tf.keras.optimizers.Adam(0.01, weight_decay=0.01, global_clipnorm=1.0, use_ema=True),
        lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True, clipvalue=0.5),
        lambda: tf.keras.optimizers.Nadam(
            tf.keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=2, decay_rate=0.9)
        ),
    ],
    ids=["adam_all_options", "sgd_nesterov", "nadam_schedule"],
)
def test_training_step_is_one_executable(make_optimizer, monkeypatch):
    variables, x, y = make_mlp()
    optimizer = make_optimizer()

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.matmul(x, variables[0]) + variables[1])
            loss = tf.reduce_mean(tf.square(tf.matmul(hidden, variables[2]) - y))
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return loss

    first_loss = train_step(x, y)  # traces, creates the slots lazily, compiles
    assert len(optimizer.variables()) > 1 and int(optimizer.iterations.numpy()) == 1

    program = train_step.get_concrete_function(x, y)._lowering()
    assert program.opdef.impl.plan is None  # not cut into segments: one XLA program
    [executable] = program.opdef._compiled.values()
    assert executable._cache_size() == 1

    launches = Launches(monkeypatch)
    with Compiles() as compiles, jax.transfer_guard_device_to_host("disallow"):
        for _ in range(3):
            loss = train_step(x, y)
    assert compiles.events == []
    assert launches.names == [program.opdef.name] * 3
    assert executable._cache_size() == 1
    assert int(optimizer.iterations.numpy()) == 4
    assert float(loss.numpy()) < float(first_loss.numpy())


def test_eager_apply_gradients_is_one_compiled_call(monkeypatch):
    variables, x, y = make_mlp()
    optimizer = tf.keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True, clipnorm=1.0)
    grads = [tf.ones_like(v) for v in variables]
    optimizer.apply_gradients(zip(grads, variables))  # builds the slots, traces, compiles
    launches = Launches(monkeypatch)
    with Compiles() as compiles, jax.transfer_guard_device_to_host("disallow"):
        for _ in range(3):
            optimizer.apply_gradients(zip(grads, variables))
    assert compiles.events == []
    assert len(launches.names) == 3 and len(set(launches.names)) == 1
    assert launches.names[0].startswith("__inference_RMSprop_update")
