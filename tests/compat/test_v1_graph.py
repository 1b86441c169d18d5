import numpy as np
import pytest

import lamina as tf

tf1 = tf.compat.v1


def test_placeholders_sessions_and_fetch_structures():
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 2], name="x")
        scale = tf1.placeholder_with_default(tf.constant(2.0), shape=[], name="scale")
        y = tf.reduce_sum(x, axis=1) * scale
    assert x.name == "x:0" and str(x.shape) == "(None, 2)"
    with tf1.Session(graph=g) as sess:
        feed = {x: [[1.0, 2.0], [3.0, 4.0]]}
        np.testing.assert_allclose(sess.run(y, feed), [6.0, 14.0])
        out = sess.run({"y": y, "pair": [y, (x,)]}, feed_dict=feed)
        np.testing.assert_allclose(out["pair"][1][0], [[1.0, 2.0], [3.0, 4.0]])
        np.testing.assert_allclose(sess.run(y, {x: np.ones([3, 2]), scale: 0.5}), [1.0] * 3)
        np.testing.assert_allclose(sess.run(y.name, {"x:0": np.ones([1, 2])}), [4.0])
        with pytest.raises(tf.errors.InvalidArgumentError, match="feed a value for placeholder tensor 'x'"):
            sess.run(y)
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(y, {x: np.ones([2, 3])})
        with pytest.raises(ValueError):
            sess.run(y, {x: [["a", "b"]]})
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(y, feed)
    with pytest.raises(RuntimeError, match="eager"):
        tf1.placeholder(tf.float32)


def test_variables_need_their_initializer():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(3.0, name="v")
        w = tf.Variable([1.0, 2.0])
        total = v * tf.reduce_sum(w)
        bump = tf1.assign_add(v, 1.0)
        init = tf1.global_variables_initializer()
    assert v.name == "v:0" and w.name == "Variable:0"
    with g.as_default():
        assert tf1.global_variables() == [v, w] and tf1.trainable_variables() == [v, w]
    with tf1.Session(graph=g) as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized"):
            sess.run(total)
        assert sess.run(init) is None
        assert sess.run(total) == 9.0
        assert sess.run(bump) == 4.0 and sess.run(bump) == 5.0
        assert sess.run(v) == 5.0 and sess.run(total) == 15.0


def test_v1_gradient_descent_training_of_a_linear_regression():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(64, 2)).astype(np.float32)
    targets = features @ np.array([[2.0], [-3.0]], np.float32) + 0.5
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 2])
        y = tf1.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([2, 1]))
        b = tf.Variable(0.0)
        loss = tf1.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        grad_w, grad_b = tf1.gradients(loss, [w, b])
        train = tf1.group(tf1.assign_sub(w, 0.2 * grad_w), tf1.assign_sub(b, 0.2 * grad_b))
        init = tf1.global_variables_initializer()
    with tf1.Session(graph=g) as sess:
        sess.run(init)
        losses = []
        for _ in range(60):
            _, value = sess.run([train, loss], {x: features, y: targets})
            losses.append(value)
        learned_w, learned_b = sess.run([w, b])
    assert losses[-1] < 1e-4 < losses[0]
    np.testing.assert_allclose(learned_w.ravel(), [2.0, -3.0], atol=1e-2)
    assert abs(learned_b - 0.5) < 1e-2


def test_gradients_options_and_eager_refusal():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(3.0)
        b = a * a
        c = b * a
        (db,) = tf1.gradients(c, [a], stop_gradients=[b])
        (seeded,) = tf1.gradients(b, [a], grad_ys=[tf.constant(10.0)])
        (none,) = tf1.gradients(b, [tf.constant(1.0)])
        (zero,) = tf1.gradients(b, [tf.constant(1.0)], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    with tf1.Session(graph=g) as sess:
        assert sess.run(db) == 9.0 and sess.run(seeded) == 60.0 and sess.run(zero) == 0.0
    assert none is None
    with pytest.raises(RuntimeError, match="GradientTape"):
        tf1.gradients(tf.constant(1.0), [tf.constant(1.0)])


def test_eval_run_and_interactive_session():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0]) * 2.0
        v = tf.Variable(1.0)
        init = tf1.global_variables_initializer()
    with tf1.Session(graph=g):
        init.run()
        np.testing.assert_array_equal(x.eval(), [2.0, 4.0])
    with pytest.raises(ValueError, match="default session"):
        x.eval()
    sess = tf1.InteractiveSession(graph=g)
    try:
        init.run()
        assert tf1.get_default_session() is sess and sess.run(v) == 1.0
    finally:
        sess.close()
    assert tf.executing_eagerly()


def test_v1_spellings_and_scopes():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        kept = tf1.reduce_sum(x, reduction_indices=[1], keep_dims=True)
        with tf.name_scope("model"):
            a = tf.constant(1.0, name="w")
        with tf.name_scope("model"):
            b = tf.constant(1.0, name="w")
        as_float = tf1.to_float(tf.constant([1, 2]))
    assert kept.shape.as_list() == [2, 1] and as_float.dtype is tf.float32
    assert a.name == "model/w:0" and b.name == "model_1/w:0"
    with tf1.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(kept), [[3.0], [7.0]])


def test_disable_eager_execution_switches_the_process_to_graphs():
    tf1.disable_eager_execution()
    try:
        assert not tf.executing_eagerly()
        y = tf.constant(2.0) * 3.0
        assert isinstance(y.op, tf.Operation)
        with tf1.Session() as sess:
            assert sess.run(y) == 6.0
    finally:
        tf1.enable_eager_execution()
    assert tf.executing_eagerly()
