"""tf.compat.v1.train learning-rate decays: graph tensors vs eager callables, formulas of the decays
that have no Keras schedule, errors. Values against TensorFlow: tests/golden (topic v1_train)."""

import numpy as np
import pytest

import lamina as tf

train = tf.compat.v1.train


def in_session(build, steps):
    """Evaluates `build(global_step)` after setting the global step to each of `steps`."""
    graph = tf.Graph()
    with graph.as_default():
        step = train.get_or_create_global_step()
        rate = build(step)
        assert tf.is_tensor(rate)
        value = tf.compat.v1.placeholder(tf.int64, [])
        set_step = step.assign(value)
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            results = []
            for s in steps:
                session.run(set_step, {value: s})
                results.append(session.run(rate))
    return np.array(results)


def test_eager_decay_is_a_callable_that_follows_the_step():
    step = tf.Variable(0, dtype=tf.int64)
    rate = train.exponential_decay(0.1, step, 10, 0.5, staircase=True)
    assert callable(rate) and not tf.is_tensor(rate)
    assert float(rate()) == pytest.approx(0.1)
    step.assign(25)
    assert float(rate()) == pytest.approx(0.025)


def test_natural_exp_decay_formula():
    steps = np.array([0, 3, 10, 27])
    got = in_session(lambda s: train.natural_exp_decay(0.2, s, 10, 0.3), steps)
    np.testing.assert_allclose(got, 0.2 * np.exp(-0.3 * steps / 10), rtol=1e-6)
    stair = in_session(lambda s: train.natural_exp_decay(0.2, s, 10, 0.3, staircase=True), steps)
    np.testing.assert_allclose(stair, 0.2 * np.exp(-0.3 * np.floor(steps / 10)), rtol=1e-6)


def test_linear_cosine_decay_formula():
    steps = np.array([0, 5, 10, 20, 40])
    got = in_session(
        lambda s: train.linear_cosine_decay(0.1, s, 20, num_periods=1.0, alpha=0.1, beta=0.01), steps
    )
    clipped = np.minimum(steps, 20)
    linear = (20 - clipped) / 20
    cosine = 0.5 * (1 + np.cos(2 * np.pi * 1.0 * clipped / 20))
    np.testing.assert_allclose(got, 0.1 * ((0.1 + linear) * cosine + 0.01), rtol=1e-5, atol=1e-8)


def test_keras_backed_decays_equal_the_keras_schedules():
    schedules = tf.keras.optimizers.schedules
    steps = [0, 4, 9, 31]
    pairs = [
        (
            lambda s: train.cosine_decay_restarts(0.1, s, 4, m_mul=0.5),
            schedules.CosineDecayRestarts(0.1, 4, m_mul=0.5),
        ),
        (
            lambda s: train.polynomial_decay(0.1, s, 8, cycle=True),
            schedules.PolynomialDecay(0.1, 8, cycle=True),
        ),
        (lambda s: train.inverse_time_decay(0.1, s, 8, 2.0), schedules.InverseTimeDecay(0.1, 8, 2.0)),
        (lambda s: train.cosine_decay(0.1, s, 8, alpha=0.3), schedules.CosineDecay(0.1, 8, alpha=0.3)),
    ]
    for build, schedule in pairs:
        np.testing.assert_allclose(in_session(build, steps), [float(schedule(s)) for s in steps], rtol=1e-6)


def test_piecewise_constant_and_its_alias():
    assert train.piecewise_constant_decay is train.piecewise_constant
    got = in_session(lambda s: train.piecewise_constant(s, [2, 4], [3.0, 2.0, 1.0]), [0, 2, 3, 4, 5])
    np.testing.assert_allclose(got, [3.0, 3.0, 2.0, 2.0, 1.0])


def test_missing_global_step_is_a_value_error():
    with pytest.raises(ValueError, match="global_step is required for exponential_decay"):
        train.exponential_decay(0.1, None, 10, 0.5)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="global_step is required for cosine_decay"):
            train.cosine_decay(0.1, None, 10)


def test_decay_feeds_a_v1_optimizer_each_step():
    graph = tf.Graph()
    with graph.as_default():
        step = train.get_or_create_global_step()
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(0.0))
        rate = train.piecewise_constant(step, [1], [1.0, 0.1])
        train_op = train.GradientDescentOptimizer(rate).minimize(-w, global_step=step)  # gradient -1
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            for _ in range(4):
                session.run(train_op)
            # Steps 0 and 1 use 1.0, steps 2 and 3 use 0.1.
            assert session.run(w) == pytest.approx(2.2)
            assert session.run(step) == 4
