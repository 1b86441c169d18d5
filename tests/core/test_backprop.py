import numpy as np
import pytest

import lamina as tf


def test_watch_constant_polynomial():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x * x + 2.0 * x
    assert tape.gradient(y, x).numpy() == pytest.approx(29.0)


def test_unwatched_and_integer_sources_get_none():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    i = tf.constant(4)
    with tf.GradientTape() as tape:
        tape.watch(i)
        out = i * i
    assert tape.gradient(out, i) is None


def test_variables_trainable_and_watch_accessed():
    w = tf.Variable([1.0, -2.0, 0.5])
    frozen = tf.Variable(2.0, trainable=False)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(w * w) * frozen
    gw, gf = tape.gradient(loss, [w, frozen])
    np.testing.assert_allclose(gw.numpy(), [4.0, -8.0, 2.0])
    assert gf is None
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(frozen)
        loss = tf.reduce_sum(w * w) * frozen
    gw, gf = tape.gradient(loss, [w, frozen])
    assert gw is None and gf.numpy() == pytest.approx(5.25)
    assert [v.name for v in tape.watched_variables()] == [frozen.name]


def test_variable_used_twice_accumulates():
    v = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = v * v + v
    assert tape.gradient(y, v).numpy() == pytest.approx(7.0)


def test_persistent_and_non_persistent():
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a = x * x
        b = x * x * x
    assert tape.gradient(a, x).numpy() == pytest.approx(4.0)
    assert tape.gradient(b, x).numpy() == pytest.approx(12.0)
    assert tape.gradient([a, b], x).numpy() == pytest.approx(16.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        a = x * x
    tape.gradient(a, x)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(a, x)


def test_higher_order_nested_tapes():
    x = tf.constant(3.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x)
    assert dy.numpy() == pytest.approx(27.0) and d2y.numpy() == pytest.approx(18.0)


def test_unconnected_gradients_and_output_gradients():
    z = tf.constant([1.0, 2.0])
    unused = tf.Variable([5.0, 6.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(z)
        out = z * z
    assert tape.gradient(out, unused) is None
    zero = tape.gradient(out, unused, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    np.testing.assert_array_equal(zero.numpy(), [0.0, 0.0])
    np.testing.assert_allclose(tape.gradient(out, z).numpy(), [2.0, 4.0])
    seeded = tape.gradient(out, z, output_gradients=tf.constant([10.0, -1.0]))
    np.testing.assert_allclose(seeded.numpy(), [20.0, -4.0])


def test_stop_gradient_and_stop_recording():
    z = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = tf.reduce_sum(z * tf.stop_gradient(z * 10.0))
    np.testing.assert_allclose(tape.gradient(out, z).numpy(), [10.0, 20.0])
    with tf.GradientTape() as tape:
        tape.watch(z)
        with tape.stop_recording():
            hidden = z * 3.0
        out = tf.reduce_sum(hidden + z)
    np.testing.assert_allclose(tape.gradient(out, z).numpy(), [1.0, 1.0])


def test_gradient_structure_follows_sources():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = a * b
    grads = tape.gradient(y, {"a": a, "b": [b]})
    assert grads["a"].numpy() == 2.0 and grads["b"][0].numpy() == 1.0


def test_grad_through_cast_and_reset():
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        h = tf.cast(v, tf.float64) * 2.0
        out = tf.cast(h * h, tf.float32)
    g = tape.gradient(out, v)
    assert g.dtype is tf.float32 and g.numpy() == pytest.approx(8.0)
    with tf.GradientTape() as tape:
        _ = v * 100.0
        tape.reset()
        y = v * 3.0
    assert tape.gradient(y, v).numpy() == pytest.approx(3.0)


def test_jacobian_and_batch_jacobian():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    jac = tape.jacobian(y, x)
    np.testing.assert_allclose(jac.numpy(), np.diag([2.0, 4.0, 6.0]))
    xb = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(xb)
        yb = tf.stack([xb[:, 0] * xb[:, 1], xb[:, 0] * 2.0], axis=1)
    bj = tape.batch_jacobian(yb, xb)
    assert bj.shape == [2, 2, 2]
    np.testing.assert_allclose(bj.numpy()[1], [[4.0, 3.0], [2.0, 0.0]])


def test_custom_gradient():
    @tf.custom_gradient
    def clipped_identity(x):
        def grad(upstream):
            return tf.clip_by_value(upstream, -1.0, 1.0)

        return tf.identity(x), grad

    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = clipped_identity(x) * 5.0
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 1.0])


def test_custom_gradient_with_variables():
    v = tf.Variable(2.0)

    @tf.custom_gradient
    def scaled(x):
        def grad(upstream, variables=None):
            return upstream * 100.0, [upstream * 7.0]

        return x * v, grad

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scaled(x)
    gx, gv = tape.gradient(y, [x, v])
    assert gx.numpy() == pytest.approx(100.0) and gv.numpy() == pytest.approx(7.0)
