"""tf.cond, tf.case, tf.switch_case, tf.while_loop, tf.scan, tf.map_fn, tf.foldl/foldr, tf.vectorized_map:
eagerly (Python control flow) and in graphs (one op over lax.switch / while_loop / scan). Expected
values are TensorFlow 2.15's."""

import numpy as np
import pytest

import lamina as tf
from lamina.compat.v1.graph_ops import placeholder
from lamina.compat.v1.session import Session


def _op_types(concrete):
    return [op.type for op in concrete.graph.get_operations()]


def _finite_difference(f, x, eps=1e-3):
    x = np.asarray(x, np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


# ---- cond -------------------------------------------------------------------------------------------
def test_eager_cond_runs_one_branch_and_returns_it_as_is():
    ran = []
    x = tf.constant(2.0)
    out = tf.cond(x > 1, lambda: ran.append("t") or x * 2, lambda: ran.append("f") or x)
    assert out.numpy() == 4.0 and ran == ["t"]
    assert tf.cond(tf.constant(False), lambda: [1, 2], lambda: [3]) == [3]
    assert tf.cond(True, lambda: 1, lambda: 2) == 1
    with pytest.raises(ValueError, match="truth value"):
        tf.cond(tf.constant([True, False]), lambda: 1, lambda: 2)
    with pytest.raises(TypeError, match="'false_fn' argument required"):
        tf.cond(x > 1, lambda: 1)
    with pytest.raises(TypeError, match="'true_fn' must be callable"):
        tf.cond(x > 1, 1, lambda: 2)


def test_graph_cond_is_one_op_and_packs_structures():
    outer = tf.constant([1.0, 2.0])

    @tf.function
    def f(x, flag):
        return tf.cond(
            flag,
            lambda: {"a": x * 2.0 + outer, "b": (1, None)},
            lambda: {"a": x - 1.0, "b": (tf.constant(7), None)},
        )

    out = f(tf.constant([3.0, 4.0]), tf.constant(True))
    np.testing.assert_allclose(out["a"].numpy(), [7.0, 10.0])
    assert out["b"][0].numpy() == 1 and out["b"][1] is None
    out = f(tf.constant([3.0, 4.0]), tf.constant(False))
    np.testing.assert_allclose(out["a"].numpy(), [2.0, 3.0])
    assert out["b"][0].numpy() == 7
    concrete = f.get_concrete_function(tf.TensorSpec([2], tf.float32), tf.TensorSpec([], tf.bool))
    assert _op_types(concrete).count("StatelessIf") == 1 and "Mul" not in _op_types(concrete)
    assert f.experimental_get_tracing_count() == 1


def test_graph_cond_errors_like_tensorflow():
    def build(true_fn, false_fn, pred=None):
        @tf.function
        def f(x):
            return tf.cond(x > 0 if pred is None else pred, lambda: true_fn(x), lambda: false_fn(x))

        return f(tf.constant(1.0))

    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        build(lambda x: x, lambda x: x, pred=True)
    with pytest.raises(TypeError, match="same number, type, and overall structure"):
        build(lambda x: (x, x), lambda x: x)
    with pytest.raises(TypeError, match="same number, type, and overall structure"):
        build(lambda x: {"a": x}, lambda x: {"b": x})
    with pytest.raises(TypeError, match="same number, type, and overall structure"):
        build(lambda x: x, lambda x: tf.cast(x, tf.int32))
    with pytest.raises(ValueError, match="same shapes"):
        build(lambda x: tf.zeros([2]), lambda x: tf.zeros([3]))


def test_graph_cond_assigns_variables_in_either_branch():
    v = tf.Variable(1.0)
    w = tf.Variable(10.0)

    @tf.function
    def step(flag):
        def double():
            v.assign(v * 2.0)
            return v.read_value() + w

        def bump():
            w.assign_add(1.0)
            return w.read_value()

        return tf.cond(flag, double, bump)

    assert step(tf.constant(True)).numpy() == 12.0 and (v.numpy(), w.numpy()) == (2.0, 10.0)
    assert step(tf.constant(False)).numpy() == 11.0 and (v.numpy(), w.numpy()) == (2.0, 11.0)
    assert step(tf.constant(True)).numpy() == 15.0 and (v.numpy(), w.numpy()) == (4.0, 11.0)


def test_cond_in_a_v1_graph_session():
    g = tf.Graph()
    with g.as_default():
        x = placeholder(tf.float32, [None])
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * 10.0, lambda: -x)
    with Session(graph=g) as sess:
        np.testing.assert_allclose(sess.run(y, {x: [1.0, 2.0]}), [10.0, 20.0])
        np.testing.assert_allclose(sess.run(y, {x: [-1.0, -2.0]}), [1.0, 2.0])


def test_cond_gradients_eager_and_in_function():
    def branchy(x):
        return tf.cond(
            tf.reduce_sum(x) > 0, lambda: tf.reduce_sum(x * x * x), lambda: tf.reduce_sum(tf.sin(x))
        )

    compiled = tf.function(branchy)
    for values in ([1.0, 2.0], [-1.0, -0.5]):
        expected = 3 * np.square(values) if sum(values) > 0 else np.cos(values)
        for fn in (branchy, compiled):
            x = tf.constant(values)
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = fn(x)
            np.testing.assert_allclose(tape.gradient(y, x).numpy(), expected, rtol=1e-6)

    v = tf.Variable(3.0)

    @tf.function
    def taped(flag):
        with tf.GradientTape() as tape:
            y = tf.cond(flag, lambda: v * v, lambda: 5.0 * v)
        return tape.gradient(y, v)

    assert taped(tf.constant(True)).numpy() == 6.0 and taped(tf.constant(False)).numpy() == 5.0


# ---- switch_case and case ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "index,plain,with_default", [(-1, 12, 99), (0, 10, 10), (1, 11, 11), (2, 12, 99), (5, 12, 99)]
)
def test_switch_case_out_of_range_runs_default_or_last(index, plain, with_default):
    three = [lambda: tf.constant(10), lambda: tf.constant(11), lambda: tf.constant(12)]
    two = three[:2]
    assert tf.switch_case(tf.constant(index), three).numpy() == plain
    assert tf.switch_case(tf.constant(index), two, default=lambda: tf.constant(99)).numpy() == with_default

    @tf.function
    def f(i):
        return tf.switch_case(i, three), tf.switch_case(i, two, default=lambda: tf.constant(99))

    a, b = f(tf.constant(index))
    assert (a.numpy(), b.numpy()) == (plain, with_default)


def test_switch_case_arguments():
    with pytest.raises(TypeError, match="must be a Tensor"):
        tf.switch_case(1, [lambda: 1])
    with pytest.raises(TypeError, match="integer Tensor"):
        tf.switch_case(tf.constant(1.0), [lambda: 1])
    assert tf.switch_case(tf.constant(1), [(1, lambda: "b"), (0, lambda: "a")]) == "b"
    assert tf.switch_case(tf.constant(0), {0: lambda: "a", 1: lambda: "b"}) == "a"
    with pytest.raises(ValueError, match="contiguous"):
        tf.switch_case(tf.constant(0), {0: lambda: 1, 2: lambda: 2})


def test_case_eager_and_graph():
    def pairs(x):
        return [(x < 0, lambda: tf.constant(1)), (x < 5, lambda: tf.constant(2))]

    @tf.function
    def f(x):
        return tf.case(pairs(x), default=lambda: tf.constant(9))

    for value, expected in ((-3, 1), (3, 2), (7, 9)):
        x = tf.constant(value)
        assert tf.case(pairs(x), default=lambda: tf.constant(9)).numpy() == expected
        assert f(x).numpy() == expected
    x = tf.constant(3)
    assert tf.case([(x > 0, lambda: [1])], default=lambda: [9]) == 1
    assert tf.case([(x > 0, lambda: [1])], default=lambda: [9], strict=True) == [1]
    with pytest.raises(tf.errors.InvalidArgumentError, match="None of conditions evaluated as True"):
        tf.case([(x < 0, lambda: 1), (x < 1, lambda: 2)])
    with pytest.raises(tf.errors.InvalidArgumentError, match="exclusive=True"):
        tf.case([(x > 0, lambda: 1), (x > 1, lambda: 2)], default=lambda: 9, exclusive=True)
    assert tf.case([(x > 0, lambda: 1), (x > 1, lambda: 2)], default=lambda: 9) == 1

    @tf.function
    def known():  # predicates known while building: TensorFlow's checks apply at build time
        y = tf.constant(3)
        return tf.case([(y > 0, lambda: 1), (y > 1, lambda: 2)], exclusive=True)

    with pytest.raises(tf.errors.InvalidArgumentError, match="exclusive=True"):
        known()


# ---- while_loop ---------------------------------------------------------------------------------------
def test_eager_while_loop():
    i, s = tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s + i), (0, 0))
    assert (i.numpy(), s.numpy()) == (4, 6) and i.dtype == tf.int32
    (half,) = tf.while_loop(lambda x: x < 4, lambda x: (x + 1,), (0.5,))
    assert half.numpy() == 4.5 and half.dtype == tf.float32
    out = tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [0])
    assert isinstance(out, list) and out[0].numpy() == 10
    assert tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), (0,), maximum_iterations=3)[0].numpy() == 3
    assert tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), (0,), maximum_iterations=0)[0].numpy() == 0
    with pytest.raises(ValueError, match="don.t have the same"):
        tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1,), (0, 1))

    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), (0, tf.constant(1.0)))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 3 * 1.5**2)


def test_graph_while_loop_values_and_one_op():
    @tf.function
    def triangle(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + tf.cast(i, tf.float32)), (0, 0.0))

    i, s = triangle(tf.constant(5))
    assert (i.numpy(), s.numpy()) == (5, 10.0)
    i, s = triangle(tf.constant(0))
    assert (i.numpy(), s.numpy()) == (0, 0.0)
    concrete = triangle.get_concrete_function(tf.TensorSpec([], tf.int32))
    assert _op_types(concrete).count("StatelessWhile") == 1

    @tf.function
    def bounded(limit):
        return tf.while_loop(lambda i: i < 10, lambda i: i + 1, [tf.constant(0)], maximum_iterations=limit)

    assert bounded(3)[0].numpy() == 3  # a Python bound: a differentiable scan
    assert bounded(tf.constant(4))[0].numpy() == 4  # a tensor bound
    assert bounded(tf.constant(40))[0].numpy() == 10

    @tf.function
    def nested(x):  # a cond inside a loop body, capturing tensors of the function and of the body
        def body(i, acc):
            return i + 1, tf.cond(i % 2 == 0, lambda: acc + x, lambda: acc * tf.cast(i, tf.float32))

        return tf.while_loop(lambda i, acc: i < 4, body, (0, tf.constant(0.0)))[1]

    assert nested(tf.constant(2.0)).numpy() == ((0 + 2) * 1 + 2) * 3


def test_graph_while_loop_errors():
    def trace(cond, body, loop_vars, **kwargs):
        @tf.function
        def f(x):
            return tf.while_loop(cond, body, [x] + loop_vars, **kwargs)

        return f(tf.constant([1.0]))

    with pytest.raises(ValueError, match="enters the loop with shape \\(1,\\), but has shape \\(2,\\)"):
        trace(lambda v: tf.shape(v)[0] < 5, lambda v: tf.concat([v, v[:1]], 0), [])
    with pytest.raises(ValueError, match="keeps one shape"):
        trace(
            lambda v: tf.shape(v)[0] < 5,
            lambda v: tf.concat([v, v[:1]], 0),
            [],
            shape_invariants=[tf.TensorShape([None])],
        )
    with pytest.raises(TypeError, match="enters the loop with type .*float32.* but has type .*int32"):
        trace(lambda v, i: i < 3, lambda v, i: (tf.cast(v, tf.int32), i + 1), [0])
    with pytest.raises(ValueError, match="don.t have the same"):
        trace(lambda v, i: i < 3, lambda v, i: (v,), [0])
    with pytest.raises(ValueError, match="not compatible with the initial shape"):
        trace(lambda v: True, lambda v: v, [], shape_invariants=[tf.TensorShape([3])])


def test_graph_while_loop_updates_variables():
    total = tf.Variable(0.0)
    limit = tf.Variable(3.0)

    @tf.function
    def run():
        def body(i):
            total.assign_add(tf.cast(i, tf.float32))
            limit.assign_add(0.5)  # cond sees the updated value
            return i + 1

        return tf.while_loop(lambda i: tf.cast(i, tf.float32) < limit, body, [0])

    assert run()[0].numpy() == 6  # i < 3.0 + 0.5 * i stops at i = 6
    assert total.numpy() == 15.0 and limit.numpy() == 6.0


def test_while_loop_gradients_need_maximum_iterations_in_graphs():
    def power(x, **kwargs):
        body = lambda i, v: (i + 1, v * x)  # noqa: E731
        return tf.while_loop(lambda i, v: i < 3, body, (0, tf.ones_like(x)), **kwargs)[1]

    bounded = tf.function(lambda x: power(x, maximum_iterations=10))
    x = tf.constant([1.5, -2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(bounded(x))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 3 * x.numpy() ** 2, rtol=1e-6)

    @tf.function
    def inside(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(power(x, maximum_iterations=10))
        return tape.gradient(y, x)

    np.testing.assert_allclose(inside(x).numpy(), 3 * x.numpy() ** 2, rtol=1e-6)

    unbounded = tf.function(power)
    assert np.allclose(unbounded(x).numpy(), x.numpy() ** 3)  # the forward pass is fine
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(unbounded(x))
    with pytest.raises(tf.errors.InvalidArgumentError, match="maximum_iterations"):
        tape.gradient(y, x)


# ---- scan, foldl, foldr -----------------------------------------------------------------------------
ELEMS = [1.0, 2.0, 3.0, 4.0]


def _scans(e):
    return (
        tf.scan(lambda a, x: a + x, e),
        tf.scan(lambda a, x: a + x, e, initializer=10.0),
        tf.scan(lambda a, x: a + x, e, reverse=True),
        tf.scan(lambda a, x: a * 2 + x, e, initializer=0.0, reverse=True),
        tf.scan(lambda a, x: (a[0] + x[0], a[1] * x[1]), (e, e), initializer=(0.0, 1.0)),
        tf.foldl(lambda a, x: a - x, e),
        tf.foldl(lambda a, x: a - x, e, initializer=10.0),
        tf.foldr(lambda a, x: a - x, e),
        tf.foldr(lambda a, x: a * 2 + x, e, initializer=0.0),
        tf.foldl(lambda a, x: a + x[0] * x[1], (e, e), initializer=0.0),
    )


SCAN_EXPECTED = [
    [1, 3, 6, 10],
    [11, 13, 16, 20],
    [10, 9, 7, 4],
    [49, 24, 11, 4],
    ([1, 3, 6, 10], [1, 2, 6, 24]),
    -8,
    0,
    -2,
    49,
    30,
]


@pytest.mark.parametrize("mode", ["eager", "function"])
def test_scan_and_folds(mode):
    fn = _scans if mode == "eager" else tf.function(_scans)
    for got, expected in zip(fn(tf.constant(ELEMS)), SCAN_EXPECTED):
        if isinstance(expected, tuple):
            for g, e in zip(got, expected):
                np.testing.assert_allclose(g.numpy(), e)
        else:
            np.testing.assert_allclose(got.numpy(), expected)


def test_scan_edge_cases():
    empty = tf.zeros([0])
    out = tf.scan(lambda a, x: a + x, empty, initializer=1.0)
    assert out.shape == [0] and out.dtype == tf.float32
    assert tf.foldl(lambda a, x: a + x, empty, initializer=1.0).numpy() == 1.0
    with pytest.raises(tf.errors.OutOfRangeError):
        tf.foldl(lambda a, x: a + x, empty)
    with pytest.raises(ValueError, match="don.t have the same"):
        tf.scan(lambda a, x: (a, a), tf.constant(ELEMS), initializer=0.0)
    with pytest.raises(TypeError, match="dtype must stay the same"):
        to_int = tf.function(lambda e: tf.scan(lambda a, x: tf.cast(a, tf.int32), e, initializer=0.0))
        to_int(tf.constant(ELEMS))


def test_scan_gradients_match_finite_differences():
    def cumulative_product_loss(e):
        products = tf.scan(lambda a, x: a * tf.sin(x) + x, e, initializer=tf.constant(1.0, e.dtype))
        return tf.reduce_sum(products * products)

    values = np.array([0.3, -1.2, 0.8, 2.0])
    expected = _finite_difference(
        lambda v: float(cumulative_product_loss(tf.constant(v, tf.float64)).numpy()), values, eps=1e-6
    )
    for fn in (cumulative_product_loss, tf.function(cumulative_product_loss)):
        e = tf.constant(values, tf.float64)
        with tf.GradientTape() as tape:
            tape.watch(e)
            loss = fn(e)
        np.testing.assert_allclose(tape.gradient(loss, e).numpy(), expected, rtol=1e-6)


# ---- map_fn and vectorized_map --------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["eager", "function"])
def test_map_fn(mode):
    def run(fn):
        return fn if mode == "eager" else tf.function(fn)

    e = tf.constant(ELEMS)
    np.testing.assert_allclose(run(lambda e: tf.map_fn(lambda x: x * 2, e))(e).numpy(), [2, 4, 6, 8])
    squares = run(lambda e: tf.map_fn(lambda x: x[0] * x[1], (e, e), fn_output_signature=tf.float32))(e)
    np.testing.assert_allclose(squares.numpy(), [1, 4, 9, 16])
    ints = run(lambda e: tf.map_fn(lambda x: tf.cast(x, tf.int32), e, fn_output_signature=tf.int32))(e)
    assert ints.dtype == tf.int32 and ints.numpy().tolist() == [1, 2, 3, 4]
    pair = run(lambda e: tf.map_fn(lambda x: (x, 2 * x), e, dtype=(tf.float32, tf.float32)))(e)
    np.testing.assert_allclose(pair[1].numpy(), [2, 4, 6, 8])
    rows = run(
        lambda e: tf.map_fn(
            lambda x: tf.stack([x, -x]), e, fn_output_signature=tf.TensorSpec([2], tf.float32)
        )
    )(e)
    assert rows.shape == [4, 2] and rows.numpy()[3].tolist() == [4.0, -4.0]
    ones = run(lambda e: tf.map_fn(lambda x: 1.0, e))(e)
    assert ones.numpy().tolist() == [1.0] * 4
    empty = run(lambda e: tf.map_fn(lambda x: x * 2, e))(tf.zeros([0, 3]))
    assert empty.shape == [0, 3]


def test_map_fn_errors():
    e = tf.constant(ELEMS)
    with pytest.raises(ValueError, match="don.t have the same"):
        tf.map_fn(lambda x: x[0] * x[1], (e, e))
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32 tensor where float32"):
        tf.map_fn(lambda x: tf.cast(x, tf.int32), e)
    with pytest.raises(ValueError, match="1\\+ dimensional"):
        tf.map_fn(lambda x: x, tf.constant(1.0))
    with pytest.raises(ValueError, match="Dimensions 4 and 2 are not compatible"):
        tf.map_fn(lambda x: x[0], (e, e[:2]))


def test_map_fn_gradients_and_variables():
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])

    def loss(batch):
        return tf.reduce_sum(tf.map_fn(lambda row: tf.tanh(tf.linalg.matvec(w, row)), batch))

    batch = tf.constant([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]])
    expected = np.zeros([2, 2])
    for row in batch.numpy():
        expected += np.outer(1 - np.tanh(w.numpy() @ row) ** 2, row)
    for fn in (loss, tf.function(loss)):
        with tf.GradientTape() as tape:
            value = fn(batch)
        np.testing.assert_allclose(tape.gradient(value, w).numpy(), expected, rtol=1e-5)


@pytest.mark.parametrize("mode", ["eager", "function"])
def test_vectorized_map(mode):
    def f(e, bias):
        return tf.vectorized_map(lambda x: (x[0] + x[1] + bias, tf.reduce_sum(x[0]) * 2.0), (e, e))

    fn = f if mode == "eager" else tf.function(f)
    e = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    summed, doubled = fn(e, tf.constant(0.5))
    np.testing.assert_allclose(summed.numpy(), 2 * e.numpy() + 0.5)
    np.testing.assert_allclose(doubled.numpy(), [6.0, 14.0, 22.0])


def test_random_ops_and_prints_inside_compiled_loops(capfd):
    @tf.function
    def draws(e):
        return tf.map_fn(lambda x: tf.random.uniform([]), e)

    first, second = draws(tf.zeros([4])).numpy(), draws(tf.zeros([4])).numpy()
    assert len(set(first.tolist())) == 4 and not np.array_equal(first, second)  # new draws per step and run

    @tf.function
    def count(n):
        return tf.while_loop(lambda i: i < n, lambda i: (tf.print("step", i), i + 1)[1], [0])

    assert count(tf.constant(3))[0].numpy() == 3
    assert capfd.readouterr().err.splitlines()[-3:] == ["step 0", "step 1", "step 2"]
