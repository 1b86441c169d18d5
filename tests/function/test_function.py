import logging

import numpy as np
import pytest

import lamina as tf


def test_traces_once_per_signature():
    @tf.function
    def f(x, y):
        return x * y + 1.0

    np.testing.assert_allclose(f(tf.constant([1.0, 2.0]), tf.constant(3.0)).numpy(), [4.0, 7.0])
    f(tf.constant([5.0, 6.0]), tf.constant(2.0))
    assert f.experimental_get_tracing_count() == 1
    f(tf.constant([1.0, 2.0, 3.0]), tf.constant(2.0))
    assert f.experimental_get_tracing_count() == 2
    f(tf.constant([1.0, 2.0], tf.float64), tf.constant(2.0, tf.float64))
    assert f.experimental_get_tracing_count() == 3


def test_python_values_are_part_of_the_key_and_side_effects_happen_at_trace_time():
    traced = []

    @tf.function
    def scale(x, factor):
        traced.append(factor)
        return x * factor

    assert scale(tf.constant(2.0), 3).numpy() == 6.0
    assert scale(tf.constant(5.0), 3).numpy() == 15.0
    assert scale(tf.constant(2.0), 4).numpy() == 8.0
    assert traced == [3, 4] and scale.experimental_get_tracing_count() == 2


def test_retrace_message_names_the_argument(caplog):
    @tf.function
    def g(values):
        return tf.reduce_sum(values)

    with caplog.at_level(logging.WARNING, logger="lamina.function"):
        g(tf.constant([1.0]))
        g(tf.constant([1.0, 2.0]))
    (record,) = caplog.records
    assert "'g' retraced" in record.message and "test_function.py" in record.message
    expected = "argument 'values' changed from a float32 tensor of shape (1,) to a float32 tensor of shape"
    assert expected + " (2,)" in record.message
    with caplog.at_level(logging.WARNING, logger="lamina.function"):
        for n in range(3, 9):
            g(tf.ones([n]))
    assert "reduce_retracing=True" in caplog.records[-1].message


def test_input_signature_and_reduce_retracing():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def double(x):
        return x * 2.0

    for n in (1, 2, 5):
        assert double(tf.ones([n])).shape == [n]
    assert double.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError, match="input_signature"):
        double(tf.ones([2], tf.int32))

    @tf.function(reduce_retracing=True)
    def relaxed(x):
        return x + 1.0

    for n in (1, 2, 3, 4):
        relaxed(tf.ones([n]))
    assert relaxed.experimental_get_tracing_count() == 2


def test_variables_update_and_are_created_on_first_trace_only():
    counter = tf.Variable(0.0)

    @tf.function
    def bump(step):
        counter.assign_add(step)
        return counter * 10.0

    assert bump(tf.constant(1.0)).numpy() == 10.0
    assert bump(tf.constant(2.0)).numpy() == 30.0 and counter.numpy() == 3.0

    holder = []

    @tf.function
    def make(x):
        if not holder:
            holder.append(tf.Variable(tf.zeros([2])))
        return holder[0] + x

    np.testing.assert_array_equal(make(tf.ones([2])).numpy(), [1.0, 1.0])
    holder.clear()
    with pytest.raises(ValueError, match="first call"):
        make(tf.ones([2], tf.float64))


def test_methods_and_concrete_functions():
    class Model:
        def __init__(self, scale):
            self.scale = tf.Variable(scale)

        @tf.function
        def __call__(self, x):
            return {"out": x * self.scale, "note": "static"}

    a, b = Model(2.0), Model(3.0)
    assert a(tf.constant(1.0))["out"].numpy() == 2.0 and b(tf.constant(1.0))["out"].numpy() == 3.0
    assert a(tf.constant(1.0))["note"] == "static"
    concrete = a.__call__.get_concrete_function(tf.TensorSpec([None], tf.float32))
    assert [op.type for op in concrete.graph.get_operations()] == ["Placeholder", "ReadVariableOp", "Mul"]
    assert concrete.outputs[0].shape.as_list() == [None]
    assert concrete.structured_input_signature == ((tf.TensorSpec([None], tf.float32, "x"),), {})
    np.testing.assert_array_equal(concrete(tf.constant([1.0, 2.0]))["out"].numpy(), [2.0, 4.0])


def test_gradients_inside_and_through_functions():
    w = tf.Variable([[1.0], [2.0]])

    @tf.function
    def loss_and_grad(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.matmul(x, w) ** 2)
        return loss, tape.gradient(loss, w)

    loss, grad = loss_and_grad(tf.constant([[1.0, 1.0]]))
    assert loss.numpy() == 9.0
    np.testing.assert_allclose(grad.numpy(), [[6.0], [6.0]])
    x = tf.constant([[1.0, 1.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss, _ = loss_and_grad(x)
    gw, gx = tape.gradient(loss, [w, x])
    np.testing.assert_allclose(gw.numpy(), [[6.0], [6.0]])
    np.testing.assert_allclose(gx.numpy(), [[6.0, 12.0]])


def test_nested_functions_and_run_functions_eagerly():
    calls = []

    @tf.function
    def inner(x):
        calls.append("inner")
        return x + 1.0

    @tf.function
    def outer(x):
        return inner(x) * 2.0

    assert outer(tf.constant(1.0)).numpy() == 4.0
    outer(tf.constant(2.0))
    assert calls == ["inner"]
    tf.config.run_functions_eagerly(True)
    try:
        assert outer(tf.constant(1.0)).numpy() == 4.0
        outer(tf.constant(1.0))
    finally:
        tf.config.run_functions_eagerly(False)
    assert calls == ["inner", "inner", "inner"]


def test_tensor_bool_in_function_explains_the_fix():
    def branchy(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(TypeError, match="tf.cond"):
        tf.function(branchy, autograph=False)(tf.constant(1.0))
    converted = tf.function(branchy)  # AutoGraph turns the `if` into tf.cond
    assert converted(tf.constant(-2.0)).numpy() == 2.0 and converted(tf.constant(3.0)).numpy() == 3.0


def test_variable_and_numpy_arguments_trace_by_spec():
    @tf.function
    def scaled(v, x):
        v.assign_add(x)
        return v * 1.0

    a, b = tf.Variable(1.0), tf.Variable(10.0)
    assert scaled(a, tf.constant(1.0)).numpy() == 2.0
    assert scaled(b, tf.constant(1.0)).numpy() == 11.0
    assert scaled.experimental_get_tracing_count() == 1 and a.numpy() == 2.0 and b.numpy() == 11.0
    scaled(tf.Variable([1.0, 2.0]), tf.constant([1.0, 1.0]))
    assert scaled.experimental_get_tracing_count() == 2

    @tf.function
    def total(x):
        return tf.reduce_sum(x)

    assert total(np.ones(3, np.float32)).numpy() == 3.0
    assert total(np.zeros(3, np.float32)).numpy() == 0.0
    assert total.experimental_get_tracing_count() == 1


def test_random_ops_draw_new_values_on_every_run():
    tf.random.set_seed(3)

    @tf.function
    def noise():
        return tf.random.normal([4]), tf.nn.dropout(tf.ones([200]), rate=0.5)

    (first, mask1), (second, mask2) = noise(), noise()
    assert not np.allclose(first.numpy(), second.numpy())
    assert not np.array_equal(mask1.numpy(), mask2.numpy())
    assert set(np.unique(mask1.numpy())) <= {0.0, 2.0}


def test_ops_on_strings_run_on_the_host_inside_a_function():
    @tf.function
    def tidy(words, values):
        flat = tf.strings.lower(tf.reshape(words, [-1]))
        return flat, tf.reduce_sum(values * 2.0), tf.constant("done")

    flat, total, marker = tidy(tf.constant([["A"], ["b"]]), tf.constant([1.0, 2.0]))
    assert flat.numpy().tolist() == [b"a", b"b"]
    assert float(total) == 6.0 and marker.numpy() == b"done"
