"""The Tensor and Variable operators (+ - * / // % ** @, unary - abs ~, & | ^, comparisons) and the
public names of tf.math, tf.bitwise and tf.dtypes that back them."""

import operator

import numpy as np
import pytest

import lamina as tf

X = np.array([[1.5, -2.0, 3.0], [0.5, 4.0, -1.0]], np.float32)
Y = np.array([2.0, -0.5, 1.5], np.float32)

ARITHMETIC = [
    (operator.add, np.add), (operator.sub, np.subtract), (operator.mul, np.multiply),
    (operator.truediv, np.true_divide), (operator.floordiv, np.floor_divide), (operator.mod, np.mod),
    (operator.lt, np.less), (operator.le, np.less_equal), (operator.gt, np.greater),
    (operator.ge, np.greater_equal), (operator.eq, np.equal), (operator.ne, np.not_equal),
]


def operands(kind):
    """The left operand as a tensor or a variable."""
    return tf.constant(X) if kind == "tensor" else tf.Variable(X)


@pytest.mark.parametrize("kind", ["tensor", "variable"])
@pytest.mark.parametrize("python_operator,numpy_function", ARITHMETIC,
                         ids=lambda f: getattr(f, "__name__", ""))
def test_binary_operators(kind, python_operator, numpy_function):
    left = operands(kind)
    expected = numpy_function(X, Y)
    for result in (python_operator(left, tf.constant(Y)), python_operator(left, Y)):
        np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-6)
    # Reflected forms: the Python/NumPy operand on the left.
    np.testing.assert_allclose(np.asarray(python_operator(2.0, left)), numpy_function(np.float32(2.0), X),
                               rtol=1e-6)


@pytest.mark.parametrize("kind", ["tensor", "variable"])
def test_power_unary_and_matmul_operators(kind):
    left = operands(kind)
    positive = tf.constant(np.abs(X) + 0.5)
    np.testing.assert_allclose((positive ** 2).numpy(), (np.abs(X) + 0.5) ** 2, rtol=1e-6)
    np.testing.assert_allclose((2.0 ** positive).numpy(), 2.0 ** (np.abs(X) + 0.5), rtol=1e-6)
    np.testing.assert_array_equal((-left).numpy(), -X)
    np.testing.assert_array_equal(abs(left).numpy(), np.abs(X))
    np.testing.assert_allclose((left @ tf.constant(X.T)).numpy(), X @ X.T, rtol=1e-6)
    np.testing.assert_allclose((X.T.tolist() @ left).numpy(), X.T @ X, rtol=1e-6)
    with pytest.raises(TypeError):
        +left  # noqa: B018 - TensorFlow defines no unary plus


def test_integer_operators():
    a, b = tf.constant([7, -7, 6]), tf.constant([2, 2, 3])
    np.testing.assert_array_equal((a // b).numpy(), [3, -4, 2])
    np.testing.assert_array_equal((a % b).numpy(), [1, 1, 0])
    assert (a / b).dtype == tf.float64
    np.testing.assert_array_equal((a ** 2).numpy(), [49, 49, 36])
    np.testing.assert_array_equal((a & 3).numpy(), [3, 1, 2])
    np.testing.assert_array_equal((a | 8).numpy(), [15, -7, 14])
    np.testing.assert_array_equal((a ^ b).numpy(), [5, -5, 5])
    np.testing.assert_array_equal((~a).numpy(), [-8, 6, -7])
    np.testing.assert_array_equal((1 & a).numpy(), [1, 1, 0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        a // 0
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        a % 0


def test_boolean_operators_are_logical():
    p, q = tf.constant([True, True, False]), tf.constant([True, False, False])
    np.testing.assert_array_equal((p & q).numpy(), [True, False, False])
    np.testing.assert_array_equal((p | q).numpy(), [True, True, False])
    np.testing.assert_array_equal((p ^ q).numpy(), [False, True, False])
    np.testing.assert_array_equal((~p).numpy(), [False, False, True])
    np.testing.assert_array_equal((True & q).numpy(), [True, False, False])
    np.testing.assert_array_equal((False | q).numpy(), [True, False, False])
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant([1.0]) & tf.constant([1.0])
    with pytest.raises(tf.errors.InvalidArgumentError):
        ~tf.constant([1.0])


def test_operator_dtype_errors_match_tensorflow():
    ints = tf.constant([1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError):
        ints + 1.5  # `+` converts with a hint, so the op sees float32
    with pytest.raises(tf.errors.InvalidArgumentError):
        ints + tf.constant([1.0, 2.0])
    strict = (operator.sub, operator.mul, operator.truediv, operator.pow, operator.lt, operator.eq)
    for python_operator in strict:
        with pytest.raises(TypeError):
            python_operator(ints, 1.5)
    with pytest.raises(TypeError):
        1.5 + ints
    with pytest.raises(TypeError):
        ints / tf.constant([1.0, 2.0])


def test_equality_semantics():
    a = tf.constant([1, 2, 3])
    assert (a == None) is False  # noqa: E711 - the operator is what is tested
    assert (a != None) is True  # noqa: E711
    assert not bool(a == tf.constant([1, 2]))
    assert bool(a != tf.constant([1, 2]))
    assert bool(tf.constant(3) == 3)
    variable = tf.Variable([1.0, 2.0])
    np.testing.assert_array_equal((variable == [1.0, 0.0]).numpy(), [True, False])
    assert (variable == None) is False  # noqa: E711
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(TypeError):
        hash(variable)


def test_operators_record_gradients_through_variables():
    variable = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(variable * variable / 2.0 - 3.0 * variable + abs(variable) ** 2)
    np.testing.assert_allclose(tape.gradient(loss, variable).numpy(), [1.0 - 3.0 + 2.0, 2.0 - 3.0 + 4.0])


def test_numpy_operands():
    x = tf.constant([1.0, 2.0])
    assert (np.float32(2) + x).dtype == tf.float32
    result = x + np.array([2.0, 3.0])  # a float64 NumPy array adopts the tensor's dtype
    assert result.dtype == tf.float32
    np.testing.assert_array_equal(result.numpy(), [3.0, 5.0])


NAMESPACES = {
    tf: (
        "add subtract multiply divide truediv pow negative abs sign square sqrt exp sin cos tan asin acos "
        "atan atan2 sinh cosh tanh asinh acosh atanh sigmoid round floor minimum maximum logical_and "
        "logical_or logical_not equal not_equal less less_equal greater greater_equal complex "
        "saturate_cast scalar_mul truncatediv truncatemod realdiv reduce_sum reduce_mean reduce_max "
        "reduce_min reduce_prod reduce_any reduce_all reduce_logsumexp argmax argmin cumsum sort argsort "
        "clip_by_value clip_by_norm clip_by_global_norm cast add_n"
    ),
    tf.math: (
        "add subtract multiply divide truediv floordiv floormod mod pow negative abs sign square sqrt "
        "rsqrt exp expm1 log log1p sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh "
        "sigmoid softplus erf erfc lgamma digamma round floor ceil minimum maximum squared_difference "
        "reciprocal is_nan is_inf is_finite logical_and logical_or logical_not logical_xor equal "
        "not_equal less less_equal greater greater_equal divide_no_nan l2_normalize real imag conj angle "
        "scalar_mul multiply_no_nan xdivy xlogy reduce_sum reduce_mean reduce_max reduce_min reduce_prod "
        "reduce_any reduce_all reduce_logsumexp reduce_variance reduce_std reduce_euclidean_norm argmax "
        "argmin cumsum cumprod cumulative_logsumexp count_nonzero segment_sum segment_mean segment_max "
        "segment_min segment_prod unsorted_segment_sum unsorted_segment_mean unsorted_segment_max "
        "unsorted_segment_min unsorted_segment_prod bincount top_k"
    ),
    tf.bitwise: (
        "bitwise_and bitwise_or bitwise_xor invert left_shift right_shift"
    ),
    tf.dtypes: (
        "saturate_cast complex cast"
    ),
}


@pytest.mark.parametrize("namespace", NAMESPACES, ids=lambda m: m.__name__)
def test_public_names(namespace):
    missing = [name for name in NAMESPACES[namespace].split() if not callable(getattr(namespace, name, None))]
    assert not missing
    import lamina.bitwise  # noqa: F401  - `import tf.bitwise` works like TensorFlow's namespaces
