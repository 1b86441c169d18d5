"""tf.keras.mixed_precision: policies, layers computing in float16 with float32 weights, and loss
scaling (skipped steps on non-finite gradients, a growing scale after finite ones)."""

import numpy as np
import pytest

import lamina as tf


@pytest.fixture
def mixed():
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    yield
    tf.keras.mixed_precision.set_global_policy(None)


def test_policies():
    policy = tf.keras.mixed_precision.Policy("mixed_bfloat16")
    assert (policy.variable_dtype, policy.compute_dtype) == ("float32", "bfloat16")
    assert tf.keras.mixed_precision.Policy("float64").compute_dtype == "float64"
    with pytest.raises(ValueError, match="Policy"):
        tf.keras.mixed_precision.Policy("float17")
    assert tf.keras.mixed_precision.global_policy().name == "float32"


def test_dense_computes_in_float16_with_float32_weights(mixed):
    layer = tf.keras.layers.Dense(2, kernel_initializer="ones")
    x = np.full((1, 3), 0.5, "float32")
    with tf.GradientTape() as tape:
        y = layer(x)
        loss = tf.reduce_sum(tf.cast(y, "float32"))
    assert y.dtype == tf.float16 and layer.compute_dtype == "float16" and layer.dtype == "float32"
    assert [w.dtype for w in layer.weights] == [tf.float32, tf.float32]
    np.testing.assert_allclose(y.numpy(), [[1.5, 1.5]])
    grads = tape.gradient(loss, layer.trainable_weights)
    assert grads[0].dtype == tf.float32
    np.testing.assert_allclose(grads[0].numpy(), np.full((3, 2), 0.5))


def test_loss_scale_optimizer_skips_non_finite_steps_and_grows():
    variable = tf.Variable([1.0])
    optimizer = tf.keras.mixed_precision.LossScaleOptimizer(
        tf.keras.optimizers.SGD(1.0), initial_scale=8.0, dynamic_growth_steps=2
    )
    optimizer.apply_gradients([(tf.constant([np.inf]), variable)])
    assert float(optimizer.loss_scale) == 4.0 and variable.numpy()[0] == 1.0
    optimizer.apply_gradients([(tf.constant([0.5]), variable)])
    optimizer.apply_gradients([(tf.constant([0.5]), variable)])
    assert float(optimizer.loss_scale) == 8.0 and int(optimizer.dynamic_counter) == 0
    np.testing.assert_allclose(variable.numpy(), [0.0])
    with tf.GradientTape() as tape:
        loss = 3.0 * variable
    ((gradient, _),) = optimizer.compute_gradients(loss, [variable], tape=tape)
    np.testing.assert_allclose(gradient.numpy(), [3.0])
    np.testing.assert_allclose(optimizer.get_scaled_loss(tf.constant(2.0)).numpy(), 16.0)


def test_fit_with_mixed_policy_and_loss_scaling(mixed):
    tf.keras.utils.set_random_seed(1)
    model = tf.keras.Sequential(
        [
            tf.keras.Input((4,)),
            tf.keras.layers.Dense(8, activation="relu"),
            tf.keras.layers.Dense(1, dtype="float32"),
        ]
    )
    optimizer = tf.keras.mixed_precision.LossScaleOptimizer(
        tf.keras.optimizers.SGD(0.01), initial_scale=256.0
    )
    model.compile(optimizer=optimizer, loss="mse")
    x = np.random.RandomState(0).normal(size=(64, 4)).astype("float32")
    history = model.fit(x, x.sum(1, keepdims=True), epochs=3, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0] and int(optimizer.iterations.numpy()) == 6
    assert model.layers[0].kernel.dtype == tf.float32
