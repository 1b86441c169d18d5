"""tf.TensorArray: eagerly (a list of tensors), in tf.function (a dense buffer), as a loop variable of
tf.while_loop and AutoGraph loops, and under gradients. Expected values and error classes are
TensorFlow 2.15's."""

import numpy as np
import pytest

import lamina as tf


def _finite_difference(f, x, eps=1e-3):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


# ---- eager --------------------------------------------------------------------------------------------
def test_eager_write_read_stack_and_properties():
    ta = tf.TensorArray(tf.float32, size=3)
    assert ta.element_shape.rank is None and ta.dtype is tf.float32 and ta.dynamic_size is False
    for i in range(3):
        assert ta.write(i, [float(i), 2.0 * i]) is ta  # eager writes update in place, like TensorFlow
    assert ta.element_shape.as_list() == [2]
    np.testing.assert_array_equal(ta.stack().numpy(), [[0, 0], [1, 2], [2, 4]])
    assert ta.size().numpy() == 3 and ta.size().dtype is tf.int32
    np.testing.assert_array_equal(ta.read(1).numpy(), [1, 2])
    assert ta.identity() is ta and ta.close() is None and ta.handle is None


def test_eager_unwritten_elements_and_clear_after_read():
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    np.testing.assert_array_equal(ta.stack().numpy(), np.zeros((3, 2)))
    np.testing.assert_array_equal(ta.read(1).numpy(), [0, 0])
    ta = tf.TensorArray(tf.float32, size=3).write(0, 1.0)
    assert ta.read(0).numpy() == 1.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not read index 0 twice"):
        ta.read(0)
    np.testing.assert_array_equal(ta.stack().numpy(), [0, 0, 0])  # the read cleared it
    keep = tf.TensorArray(tf.float32, size=1, clear_after_read=False).write(0, 5.0)
    assert keep.read(0).numpy() == 5.0 and keep.read(0).numpy() == 5.0
    with pytest.raises(ValueError, match="element_shape"):
        tf.TensorArray(tf.float32, size=2).read(0)
    with pytest.raises(ValueError, match="Size must be declared"):
        tf.TensorArray(tf.float32)


def test_eager_dynamic_size_and_empty():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(4, 1.0)
    np.testing.assert_array_equal(ta.stack().numpy(), [0, 0, 0, 0, 1])
    assert ta.size().numpy() == 5
    assert tf.TensorArray(tf.float32, size=0).stack().shape.as_list() == [0]
    assert tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack().shape.as_list() == [0, 2]


def test_eager_unstack_gather_scatter_concat_split():
    ta = tf.TensorArray(tf.float32, size=3).unstack([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(ta.gather([2, 0]).numpy(), [3, 1])
    scattered = tf.TensorArray(tf.float32, size=3).scatter([2, 0], [5.0, 6.0])
    np.testing.assert_array_equal(scattered.stack().numpy(), [6, 0, 5])
    ragged = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0, 2.0]).write(1, [3.0])
    np.testing.assert_array_equal(ragged.concat().numpy(), [1, 2, 3])
    pieces = tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [1, 2])
    np.testing.assert_array_equal(pieces.read(1).numpy(), [2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="sum of lengths is 2"):
        tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [1, 1])
    with pytest.raises(ValueError, match="Cannot unstack 2 tensors into a TensorArray of static size 1"):
        tf.TensorArray(tf.float32, size=1).unstack([[1.0, 2.0], [3.0, 4.0]])
    scalars = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="requires at least vectors"):
        scalars.concat()


def test_eager_bad_writes_and_reads_raise_tensorflow_errors():
    ta = tf.TensorArray(tf.float32, size=3)
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="dtype is float32 but Op is trying to write dtype int32"
    ):
        ta.write(0, tf.constant(1, tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="dtype is int32 but .* write dtype float32"):
        tf.TensorArray(tf.int32, size=1).write(0, 1.5)
    np.testing.assert_array_equal(tf.TensorArray(tf.float32, size=1).write(0, 1).stack().numpy(), [1.0])
    ta.write(0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"Incompatible shape for value \(\(1,\)\), expected \(\(2,\)\)"):
        ta.write(1, [1.0])
    with pytest.raises(tf.errors.OutOfRangeError, match="not resizeable and size is: 3"):
        ta.write(3, [1.0, 2.0])
    with pytest.raises(tf.errors.OutOfRangeError, match="negative indices"):
        ta.write(-1, [1.0, 2.0])
    with pytest.raises(tf.errors.OutOfRangeError, match="Tried to read from index 5 but array size is: 3"):
        ta.read(5)


def test_eager_gradient_through_write_and_stack():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        ta = tf.TensorArray(tf.float32, size=2)
        ta = ta.write(0, x * x).write(1, 3.0 * x)
        y = tf.reduce_sum(ta.stack())
    assert tape.gradient(y, x).numpy() == pytest.approx(7.0)


def test_eager_while_loop_carries_the_list():
    ta = tf.TensorArray(tf.float32, size=3)
    _, ta = tf.while_loop(
        lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, tf.cast(i, tf.float32))), (0, ta)
    )
    np.testing.assert_array_equal(ta.stack().numpy(), [0, 1, 2])


# ---- tf.function -----------------------------------------------------------------------------------
def test_autograph_for_range_loop():
    @tf.function
    def f(n):
        ta = tf.TensorArray(tf.float32, size=n)
        for i in tf.range(n):
            ta = ta.write(i, tf.cast(i, tf.float32) * 2.0)
        return ta.stack()

    np.testing.assert_array_equal(f(4).numpy(), [0, 2, 4, 6])
    ops = [op.type for op in f.get_concrete_function(4).graph.get_operations()]
    assert any("While" in t for t in ops)


def test_autograph_dynamic_size_in_counted_loop_and_if():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        for i in tf.range(4):
            if i % 2 == 0:
                ta = ta.write(i // 2, x * tf.cast(i, tf.float32))
        return ta.stack(), ta.size()

    stacked, size = f(tf.constant(3.0))
    np.testing.assert_array_equal(stacked.numpy(), [0, 6])
    assert size.numpy() == 2


def test_autograph_loop_over_a_tensor_with_unstack_and_read():
    @tf.function
    def f(x):
        source = tf.TensorArray(tf.float32, size=3).unstack(x)
        out = tf.TensorArray(tf.float32, size=3)
        total = tf.constant(0.0)
        for i in tf.range(3):
            total += source.read(i)
            out = out.write(i, total)
        return out.stack()

    np.testing.assert_allclose(f(tf.constant([1.0, 2.0, 3.0])).numpy(), [1, 3, 6])


def test_while_loop_in_function_with_size_and_element_shape():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3)

        def body(i, ta):
            return i + 1, ta.write(i, x * tf.cast(i, tf.float32))

        _, ta = tf.while_loop(lambda i, ta: i < 3, body, (0, ta))
        return ta.stack(), ta.size(), ta.read(2), ta.gather([2, 1]), ta.concat()

    stacked, size, last, gathered, joined = f(tf.constant([2.0, 1.0]))
    np.testing.assert_array_equal(stacked.numpy(), [[0, 0], [2, 1], [4, 2]])
    assert size.numpy() == 3
    np.testing.assert_array_equal(last.numpy(), [4, 2])
    np.testing.assert_array_equal(gathered.numpy(), [[4, 2], [2, 1]])
    np.testing.assert_array_equal(joined.numpy(), [0, 0, 2, 1, 4, 2])


def test_while_loop_dynamic_size_needs_a_bound():
    @tf.function
    def bounded(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        cond, body = lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, x * tf.cast(i, tf.float32)))
        _, ta = tf.while_loop(cond, body, (0, ta), maximum_iterations=5)
        return ta.stack(), ta.size()

    stacked, size = bounded(tf.constant(2.0))
    np.testing.assert_array_equal(stacked.numpy(), [0, 2, 4])
    assert size.numpy() == 3

    @tf.function
    def unbounded(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < 3, lambda i, ta: (i + 1, ta.write(i, x)), (0, ta))
        return ta.stack()

    with pytest.raises(ValueError, match="maximum_iterations"):
        unbounded(tf.constant(1.0))


def test_graph_writes_outside_loops_and_static_checks():
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=3)
        ta = ta.write(0, [1.0, 2.0])
        return ta.stack(), ta.read(1), ta.scatter([2], [[5.0, 6.0]]).stack()

    stacked, unwritten, scattered = f()
    np.testing.assert_array_equal(stacked.numpy(), [[1, 2], [0, 0], [0, 0]])
    np.testing.assert_array_equal(unwritten.numpy(), [0, 0])
    np.testing.assert_array_equal(scattered.numpy(), [[1, 2], [0, 0], [5, 6]])

    @tf.function
    def wrong_shape():
        return tf.TensorArray(tf.float32, size=3).write(0, [1.0, 2.0]).write(1, [1.0, 2.0, 3.0]).stack()

    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(3,\) but expected \(2,\)"):
        wrong_shape()

    @tf.function
    def wrong_dtype():
        return tf.TensorArray(tf.float32, size=3).write(1, tf.constant(1)).stack()

    with pytest.raises(tf.errors.InvalidArgumentError, match="dtype is float32"):
        wrong_dtype()

    @tf.function
    def out_of_range():
        return tf.TensorArray(tf.float32, size=3).write(3, 1.0).stack()

    with pytest.raises(tf.errors.OutOfRangeError, match="not resizeable"):
        out_of_range()


def test_symbolic_size_is_a_clear_error():
    @tf.function
    def f(n):
        return tf.TensorArray(tf.float32, size=n).stack()

    with pytest.raises(ValueError, match="needs the size when the function is traced"):
        f(tf.constant(3))


# ---- gradients -------------------------------------------------------------------------------------
def test_gradient_through_bounded_loop_matches_finite_differences():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=4)
        ta = ta.write(0, x)

        def body(i, ta):
            previous = ta.read(i - 1)
            return i + 1, ta.write(i, tf.sin(previous) * x + tf.cast(i, tf.float32))

        _, ta = tf.while_loop(lambda i, ta: i < 4, body, (1, ta), maximum_iterations=3)
        return tf.reduce_sum(ta.stack() ** 2)

    x = tf.constant(0.7)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    grad = tape.gradient(y, x).numpy()
    expected = _finite_difference(lambda v: float(f(tf.constant(v, tf.float32))), 0.7)
    assert grad == pytest.approx(expected, rel=1e-2)


def test_gradient_through_dynamic_size_array_in_bounded_loop():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        cond = lambda i, ta: i < 3  # noqa: E731
        body = lambda i, ta: (i + 1, ta.write(i, x ** tf.cast(i + 1, tf.float32)))  # noqa: E731
        _, ta = tf.while_loop(cond, body, (0, ta), maximum_iterations=3)
        return tf.reduce_sum(ta.gather([0, 1, 2]))

    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    # d/dx (x + x^2 + x^3) = 1 + 2x + 3x^2
    assert y.numpy() == pytest.approx(1.5 + 1.5**2 + 1.5**3)
    assert tape.gradient(y, x).numpy() == pytest.approx(1 + 2 * 1.5 + 3 * 1.5**2, rel=1e-5)


def test_gradient_through_dynamic_stack_and_nest_components():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        body = lambda i, ta: (i + 1, ta.write(i, x * tf.cast(i, tf.float32)))  # noqa: E731
        _, ta = tf.while_loop(lambda i, ta: i < 3, body, (0, ta), maximum_iterations=3)
        components = tf.nest.flatten(ta, expand_composites=True)
        assert len(components) == 2 and components[0].shape.as_list() == [3]  # buffer, size
        return tf.reduce_sum(ta.stack())

    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    assert y.numpy() == pytest.approx(4.5) and tape.gradient(y, x).numpy() == pytest.approx(3.0)
