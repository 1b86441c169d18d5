"""tf.compat.v1.train optimizers: a v1 Session loop trains a small regression with each of them,
eager and tf.function use, slots and variables, errors. Step-by-step values against TensorFlow:
tests/golden (topic v1_train)."""

import numpy as np
import pytest

import lamina as tf

tf1 = tf.compat.v1
train = tf1.train

RNG = np.random.RandomState(0)
X = RNG.randn(16, 3).astype(np.float32)
Y = (X @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25).astype(np.float32)

OPTIMIZERS = {
    "GradientDescent": lambda: train.GradientDescentOptimizer(0.1),
    "ProximalGradientDescent": lambda: train.ProximalGradientDescentOptimizer(0.1, 0.001, 0.001),
    "Momentum": lambda: train.MomentumOptimizer(0.05, 0.9),
    "Nesterov": lambda: train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "Adam": lambda: train.AdamOptimizer(0.1),
    "Adagrad": lambda: train.AdagradOptimizer(0.5),
    "ProximalAdagrad": lambda: train.ProximalAdagradOptimizer(0.5),
    "RMSProp": lambda: train.RMSPropOptimizer(0.02),
    "CenteredRMSProp": lambda: train.RMSPropOptimizer(0.02, momentum=0.5, centered=True),
    "Ftrl": lambda: train.FtrlOptimizer(1.0),
    "Adadelta": lambda: train.AdadeltaOptimizer(300.0),  # Adadelta's steps start tiny (sqrt(epsilon))
}
# Global variables each optimizer adds for two trained variables (w, b), as TensorFlow does.
SLOT_VARIABLES = {
    "GradientDescent": 0,
    "ProximalGradientDescent": 0,
    "Momentum": 2,
    "Nesterov": 2,
    "Adam": 6,
    "Adagrad": 2,
    "ProximalAdagrad": 2,
    "RMSProp": 4,
    "CenteredRMSProp": 6,
    "Ftrl": 4,
    "Adadelta": 4,
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_session_loop_trains_a_regression(name):
    graph = tf.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        y = tf1.placeholder(tf.float32, [None, 1])
        w = tf1.get_variable("w", [3, 1], initializer=tf1.zeros_initializer())
        b = tf1.get_variable("b", [1], initializer=tf1.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        step = train.get_or_create_global_step()
        train_op = OPTIMIZERS[name]().minimize(loss, global_step=step)
        assert len(tf1.global_variables()) == 3 + SLOT_VARIABLES[name]
        with tf1.Session(graph=graph) as session:
            session.run(tf1.global_variables_initializer())
            feed = {x: X, y: Y}
            first = session.run(loss, feed)
            for _ in range(30):
                session.run(train_op, feed)
            last = session.run(loss, feed)
            assert session.run(step) == 30
    assert last < 0.5 * first, (first, last)


def test_slots_are_named_like_tensorflow_and_initialized():
    graph = tf.Graph()
    with graph.as_default():
        w = tf1.get_variable("w", initializer=tf.constant([1.0, 2.0]))
        optimizer = train.RMSPropOptimizer(0.1, centered=True, name="rms")
        optimizer.minimize(tf.reduce_sum(w * w))
        assert optimizer.get_slot_names() == ["mg", "momentum", "rms"]
        names = {slot: optimizer.get_slot(w, slot).name for slot in optimizer.get_slot_names()}
        assert names == {"rms": "w/rms:0", "mg": "w/rms_1:0", "momentum": "w/rms_2:0"}
        assert optimizer.get_slot(w, "missing") is None
        assert [v.name for v in optimizer.variables()] == ["w/rms:0", "w/rms_1:0", "w/rms_2:0"]
        assert all(not v.trainable for v in optimizer.variables())
        with tf1.Session(graph=graph) as session:
            session.run(tf1.global_variables_initializer())
            np.testing.assert_array_equal(session.run(optimizer.get_slot(w, "rms")), [1.0, 1.0])


def test_adam_beta_powers_advance_once_per_step_for_all_variables():
    graph = tf.Graph()
    with graph.as_default():
        w = tf1.get_variable("w", initializer=tf.constant([1.0, 2.0]))
        b = tf1.get_variable("b", initializer=tf.constant(0.5))
        optimizer = train.AdamOptimizer(0.1, beta1=0.5, beta2=0.25)
        train_op = optimizer.minimize(tf.reduce_sum(w * w) + b * b)
        powers = [v for v in optimizer.variables() if "power" in v.name]
        assert [v.name for v in powers] == ["beta1_power:0", "beta2_power:0"]
        with tf1.Session(graph=graph) as session:
            session.run(tf1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            np.testing.assert_allclose(session.run(powers), [0.5**4, 0.25**4])


def test_eager_minimize_updates_at_once():
    w = tf.Variable([1.0, -1.0])
    step = tf.Variable(0, dtype=tf.int64)
    optimizer = train.MomentumOptimizer(0.1, 0.5)
    result = optimizer.minimize(lambda: tf.reduce_sum(w * w), global_step=step, var_list=[w])
    assert result is None
    np.testing.assert_allclose(w.numpy(), [0.8, -0.8])
    optimizer.minimize(lambda: tf.reduce_sum(w * w), global_step=step)  # variables found by the tape
    # accum = 0.5 * 2 + 1.6 = 2.6 (times the sign); w = 0.8 - 0.1 * 2.6.
    np.testing.assert_allclose(w.numpy(), [0.54, -0.54], rtol=1e-6)
    assert int(step.numpy()) == 2
    assert [v.name for v in optimizer.variables()] == ["Variable/Momentum:0"]


def test_eager_slot_names_are_numbered_per_variable():
    w = tf.Variable([1.0], name="w")
    optimizer = train.AdadeltaOptimizer(1.0)
    optimizer.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])
    assert [v.name for v in optimizer.variables()] == ["w/Adadelta:0", "w/Adadelta_1:0"]


def test_inside_tf_function_slots_are_created_on_the_first_trace():
    w = tf.Variable([1.0, -2.0])
    optimizer = train.AdamOptimizer(0.1)

    @tf.function
    def step():
        optimizer.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])

    eager_w = tf.Variable([1.0, -2.0])
    eager = train.AdamOptimizer(0.1)
    for _ in range(3):
        step()
        eager.minimize(lambda: tf.reduce_sum(eager_w * eager_w), var_list=[eager_w])
    np.testing.assert_allclose(w.numpy(), eager_w.numpy(), rtol=1e-6)
    assert len(optimizer.variables()) == 4


def test_callable_learning_rate_is_read_every_step():
    rate = tf.Variable(1.0)
    w = tf.Variable(0.0)
    optimizer = train.GradientDescentOptimizer(lambda: rate * 1.0)
    optimizer.minimize(lambda: -w, var_list=[w])
    rate.assign(0.5)
    optimizer.minimize(lambda: -w, var_list=[w])
    assert float(w.numpy()) == pytest.approx(1.5)


def test_variable_constraint_is_applied_after_the_update():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, -1.0], constraint=lambda v: tf.clip_by_value(v, 0.0, 0.95))
        train_op = train.GradientDescentOptimizer(0.1).minimize(-tf.reduce_sum(w))
        with tf1.Session(graph=graph) as session:
            session.run(tf1.global_variables_initializer())
            session.run(train_op)
            np.testing.assert_allclose(session.run(w), [0.95, 0.0])


def test_float64_variables_train_in_float64():
    graph = tf.Graph()
    with graph.as_default():
        w = tf1.get_variable("w", initializer=tf.constant([1.0, 2.0], tf.float64))
        optimizer = train.FtrlOptimizer(0.5)
        train_op = optimizer.minimize(tf.reduce_sum(w * w))
        assert {v.dtype for v in optimizer.variables()} == {tf.float64}
        with tf1.Session(graph=graph) as session:
            session.run(tf1.global_variables_initializer())
            session.run(train_op)
            assert session.run(w).dtype == np.float64


def test_bad_input():
    with pytest.raises(ValueError, match=r"learning_rate must be >= 0. Received: learning_rate=-0.1"):
        train.GradientDescentOptimizer(-0.1)  # TensorFlow accepts it; lamina names the mistake
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        train.Optimizer(False, "")
    w = tf.Variable(1.0)
    with pytest.raises(RuntimeError, match="should be a function when eager execution is enabled"):
        train.AdamOptimizer().minimize(w * 2.0)
    with pytest.raises(TypeError, match="can only update tf.Variables"):
        train.AdamOptimizer().apply_gradients([(tf.constant(1.0), tf.constant(2.0))])
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        train.AdamOptimizer().minimize(lambda: tf.constant(1.0) + 0.0 * tf.stop_gradient(w), var_list=[w])
    with pytest.raises(ValueError, match="does not match the variable's shape"):
        train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0, 2.0]), w)])


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_session_loop_reports_streaming_metrics(name):
    """Each optimizer's training loop reports tf.compat.v1.metrics over the steps so far: with one
    full batch per step, the streaming RMSE is the root of the mean of the step losses."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        y = tf1.placeholder(tf.float32, [None, 1])
        w = tf1.get_variable("w", [3, 1], initializer=tf1.zeros_initializer())
        b = tf1.get_variable("b", [1], initializer=tf1.zeros_initializer())
        prediction = tf.matmul(x, w) + b
        loss = tf.reduce_mean(tf.square(prediction - y))
        train_op = OPTIMIZERS[name]().minimize(loss, global_step=train.get_or_create_global_step())
        rmse, rmse_update = tf1.metrics.root_mean_squared_error(y, prediction)
        mae, mae_update = tf1.metrics.mean_absolute_error(y, prediction)
        feed = {x: X, y: Y}
        with tf1.Session(graph=graph) as session:
            session.run([tf1.global_variables_initializer(), tf1.local_variables_initializer()])
            losses, first_mae = [], None
            for _ in range(20):
                step_loss, _, step_mae = session.run([loss, rmse_update, mae_update], feed)
                losses.append(step_loss)
                first_mae = step_mae if first_mae is None else first_mae
                session.run(train_op, feed)
            np.testing.assert_allclose(session.run(rmse), np.sqrt(np.mean(losses)), rtol=1e-4)
            session.run(tf1.local_variables_initializer())  # restart the streams
            session.run(mae_update, feed)
            assert session.run(mae) < first_mae
