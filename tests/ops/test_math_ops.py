"""Element-wise math ops: values against NumPy/SciPy over the dtypes TensorFlow supports, gradients
against finite differences, TensorFlow's dtype rules, its gradient conventions where they differ
from the textbook (ties, zeros), and its error classes."""

import numpy as np
import pytest
import scipy.special

import lamina as tf
from tests.ops.harness import (
    COMPLEX,
    FLOATS,
    OpCase,
    check_gradient,
    check_values,
    default_inputs,
    inputs_for,
)

# Value checks cover the low-precision floats and complex64; float64 is covered by the gradient
# checks (which run the forward pass in float64 too), complex128 by a few cases. Every extra
# (op, dtype) costs an XLA compilation.
FLOATS32 = ("float16", "bfloat16", "float32")
FLOAT_COMPLEX = FLOATS32 + ("complex64",)
SOME_INTS = ("int8", "int32", "int64", "uint8")
SIGNED = ("int8", "int32", "int64")


def uniform(low, high, count=1):
    """Inputs drawn from [low, high] (real and imaginary parts for complex dtypes)."""

    def make(rng, shape, dtype):
        out = []
        for _ in range(count):
            kind = np.dtype(tf.as_dtype(dtype).as_numpy_dtype).kind
            if kind in "iu":
                out.append(rng.integers(low, high + 1, size=shape).astype(tf.as_dtype(dtype).as_numpy_dtype))
            elif kind == "c":
                out.append((rng.uniform(low, high, shape) + 1j * rng.uniform(low, high, shape)).astype(dtype))
            else:
                out.append(rng.uniform(low, high, shape).astype(tf.as_dtype(dtype).as_numpy_dtype))
        return tuple(out)

    return make


def away_from_zero(low, high, count=1):
    """Like `uniform`, but every value has magnitude >= low (divisors, logs, poles)."""
    base = uniform(low, high, count)

    def make(rng, shape, dtype):
        signs = [np.where(rng.random(shape) < 0.5, -1, 1) for _ in range(count)]
        values = base(rng, shape, dtype)
        pairs = zip(values, signs, strict=True)
        return tuple(x if x.dtype.kind == "u" else x * s.astype(x.dtype) for x, s in pairs)

    return make


UNARY = [
    OpCase("negative", tf.negative, np.negative, dtypes=FLOAT_COMPLEX + ("complex128", "float64") + SIGNED),
    OpCase("abs", tf.abs, np.abs, dtypes=FLOATS32 + SIGNED + COMPLEX, make_inputs=away_from_zero(0.1, 2)),
    OpCase("sign", tf.sign, np.sign, dtypes=FLOATS32 + SIGNED, grad=False),
    OpCase("sign_complex", tf.sign, lambda x: x / np.abs(x), dtypes=COMPLEX, grad=False),
    OpCase("square", tf.square, np.square, dtypes=FLOAT_COMPLEX + SOME_INTS,
           make_inputs=uniform(-3, 3)),
    OpCase("sqrt", tf.sqrt, np.sqrt, dtypes=FLOAT_COMPLEX, make_inputs=uniform(0.2, 3)),
    OpCase("rsqrt", tf.math.rsqrt, lambda x: 1 / np.sqrt(x), dtypes=FLOAT_COMPLEX,
           make_inputs=uniform(0.2, 3)),
    OpCase("reciprocal", tf.math.reciprocal, np.reciprocal, dtypes=FLOAT_COMPLEX,
           make_inputs=away_from_zero(0.3, 2)),
    OpCase("exp", tf.exp, np.exp, dtypes=FLOAT_COMPLEX + ("complex128",)),
    OpCase("expm1", tf.math.expm1, np.expm1, dtypes=FLOAT_COMPLEX),
    OpCase("log", tf.math.log, np.log, dtypes=FLOAT_COMPLEX + ("complex128",), make_inputs=uniform(0.2, 3)),
    OpCase("log1p", tf.math.log1p, np.log1p, dtypes=FLOAT_COMPLEX, make_inputs=uniform(-0.5, 2)),
    OpCase("sin", tf.sin, np.sin, dtypes=FLOAT_COMPLEX),
    OpCase("cos", tf.cos, np.cos, dtypes=FLOAT_COMPLEX),
    OpCase("tan", tf.tan, np.tan, dtypes=FLOAT_COMPLEX, make_inputs=uniform(-1, 1)),
    OpCase("asin", tf.asin, np.arcsin, dtypes=FLOAT_COMPLEX, make_inputs=uniform(-0.9, 0.9)),
    OpCase("acos", tf.acos, np.arccos, dtypes=FLOAT_COMPLEX, make_inputs=uniform(-0.9, 0.9)),
    OpCase("atan", tf.atan, np.arctan, dtypes=FLOAT_COMPLEX, make_inputs=uniform(-0.9, 0.9)),
    OpCase("sinh", tf.sinh, np.sinh, dtypes=FLOAT_COMPLEX),
    OpCase("cosh", tf.cosh, np.cosh, dtypes=FLOAT_COMPLEX),
    OpCase("tanh", tf.tanh, np.tanh, dtypes=FLOAT_COMPLEX),
    OpCase("asinh", tf.asinh, np.arcsinh, dtypes=FLOAT_COMPLEX),
    OpCase("acosh", tf.acosh, np.arccosh, dtypes=FLOATS32, make_inputs=uniform(1.2, 3)),
    OpCase("atanh", tf.atanh, np.arctanh, dtypes=FLOATS32, make_inputs=uniform(-0.9, 0.9)),
    OpCase("sigmoid", tf.sigmoid, lambda x: 1 / (1 + np.exp(-x)), dtypes=FLOAT_COMPLEX),
    OpCase("softplus", tf.math.softplus, lambda x: np.log1p(np.exp(x)), dtypes=FLOATS32,
           make_inputs=uniform(-5, 5)),
    OpCase("erf", tf.math.erf, scipy.special.erf, dtypes=FLOATS),
    OpCase("erfc", tf.math.erfc, scipy.special.erfc, dtypes=FLOATS),
    OpCase("lgamma", tf.math.lgamma, scipy.special.gammaln, dtypes=FLOATS32, make_inputs=uniform(0.3, 4)),
    OpCase("digamma", tf.math.digamma, scipy.special.digamma, dtypes=FLOATS32, make_inputs=uniform(0.5, 4)),
    OpCase("round", tf.round, np.round, dtypes=FLOATS32 + SIGNED, make_inputs=uniform(-4, 4), grad=False),
    OpCase("rint", tf.math.rint, np.rint, dtypes=FLOATS32, make_inputs=uniform(-4, 4), grad=False),
    OpCase("floor", tf.floor, np.floor, dtypes=FLOATS32, grad=False),
    OpCase("ceil", tf.math.ceil, np.ceil, dtypes=FLOATS32, grad=False),
    OpCase("is_nan", tf.math.is_nan, np.isnan, dtypes=FLOATS32, grad=False),
    OpCase("is_finite", tf.math.is_finite, np.isfinite, dtypes=FLOATS32, grad=False),
    OpCase("real", tf.math.real, np.real, dtypes=COMPLEX + ("float32",), grad=False),
    OpCase("imag", tf.math.imag, np.imag, dtypes=COMPLEX + ("float32",), grad=False),
    OpCase("conj", tf.math.conj, np.conj, dtypes=COMPLEX + ("float32", "int32"), grad=False),
    OpCase("angle", tf.math.angle, np.angle, dtypes=COMPLEX + ("float32",), grad=False),
    OpCase("logical_not", tf.logical_not, np.logical_not, dtypes=("bool",), grad=False),
    OpCase("invert", tf.bitwise.invert, np.invert, dtypes=SOME_INTS + ("uint16", "uint64"), grad=False),
    OpCase("l2_normalize", lambda x: tf.math.l2_normalize(x, axis=1),
           lambda x: x / np.sqrt(np.sum(np.abs(x) ** 2, axis=1, keepdims=True)), dtypes=FLOAT_COMPLEX),
    OpCase("l2_normalize_all", tf.math.l2_normalize, lambda x: x / np.sqrt(np.sum(x**2)),
           dtypes=("float32",)),
]


def _unary_params(cases):
    return [pytest.param(case, dtype, id=f"{case.name}-{dtype}") for case in cases for dtype in case.dtypes]


@pytest.mark.parametrize("case,dtype", _unary_params(UNARY))
def test_unary_values(case, dtype):
    check_values(case, case.shapes[0], dtype)


@pytest.mark.parametrize("case", [c for c in UNARY if c.grad], ids=lambda c: c.name)
def test_unary_gradients(case):
    check_gradient(case.lamina_fn, inputs_for(case, case.shapes[0], "float64"), rtol=1e-5, atol=1e-6)


def broadcast_pair(low, high, nonzero_divisor=False):
    """Two inputs of shapes (2, 3) and (3,): the second broadcasts against the first."""

    def make(rng, shape, dtype):
        first = uniform(low, high)(rng, shape, dtype)[0]
        maker = away_from_zero(max(low, 1) if np.dtype(first.dtype).kind in "iu" else 0.5, high) if (
            nonzero_divisor) else uniform(low, high)
        second = maker(rng, shape[-1:], dtype)[0]
        return first, second

    return make


def np_truncatediv(x, y):
    quotient = np.trunc(x / y)
    return quotient.astype(x.dtype) if x.dtype.kind in "iu" else quotient


def np_floordiv(x, y):
    return np.floor_divide(x, y) if x.dtype.kind in "iu" else np.floor(x / y)


def np_xlogy(x, y):
    return np.where(x == 0, 0, x * np.log(np.where(x == 0, 1, y)))


REAL = FLOATS32 + SOME_INTS
PAIR = broadcast_pair(-3, 3)
DIVISION = broadcast_pair(-3, 3, nonzero_divisor=True)
POSITIVE = broadcast_pair(0.2, 3)
SAME_SHAPE = default_inputs(2)


def binary(name, lamina_fn, numpy_fn, dtypes, make_inputs=PAIR, grad=True):
    return OpCase(name, lamina_fn, numpy_fn, dtypes=dtypes, make_inputs=make_inputs, grad=grad)


BINARY = [
    binary("add", tf.add, np.add, FLOAT_COMPLEX + SOME_INTS + ("uint32",)),
    binary("subtract", tf.subtract, np.subtract, FLOAT_COMPLEX + SOME_INTS),
    binary("multiply", tf.multiply, np.multiply, FLOAT_COMPLEX + SOME_INTS + ("uint64",)),
    binary("truediv_float", tf.math.truediv, np.true_divide, FLOAT_COMPLEX, DIVISION),
    OpCase("divide_int", tf.divide, np.true_divide, dtypes=SOME_INTS, make_inputs=DIVISION, grad=False,
           rtol=1e-6),
    binary("realdiv", tf.realdiv, np.true_divide, ("float32", "complex64"), DIVISION),
    binary("floordiv", tf.math.floordiv, np_floordiv, REAL, DIVISION, grad=False),
    binary("floormod", tf.math.floormod, np.mod, REAL + ("int16",), DIVISION),
    binary("truncatediv", tf.truncatediv, np_truncatediv, REAL, DIVISION, grad=False),
    binary("truncatemod", tf.truncatemod, np.fmod, REAL, DIVISION, grad=False),
    binary("maximum", tf.maximum, np.maximum, REAL + ("uint16",)),
    binary("minimum", tf.minimum, np.minimum, REAL + ("int16",)),
    binary("squared_difference", tf.math.squared_difference, lambda x, y: np.abs(x - y) ** 2,
           FLOAT_COMPLEX + ("int32", "int64")),
    binary("atan2", tf.atan2, np.arctan2, FLOATS32),
    binary("divide_no_nan", tf.math.divide_no_nan, np.true_divide, FLOAT_COMPLEX, DIVISION),
    binary("multiply_no_nan", tf.math.multiply_no_nan, np.multiply, FLOAT_COMPLEX),
    binary("xdivy", tf.math.xdivy, np.true_divide, FLOAT_COMPLEX, DIVISION),
    binary("xlogy", tf.math.xlogy, np_xlogy, FLOATS32, POSITIVE),
    binary("xlog1py", tf.math.xlog1py, lambda x, y: x * np.log1p(y), ("float32", "float64"), POSITIVE),
    binary("less", tf.less, np.less, REAL, grad=False),
    binary("less_equal", tf.less_equal, np.less_equal, ("float32", "int32"), grad=False),
    binary("greater", tf.greater, np.greater, ("bfloat16", "uint8"), grad=False),
    binary("greater_equal", tf.greater_equal, np.greater_equal, ("float64", "int64"), grad=False),
    binary("equal", tf.equal, np.equal, ("float32", "int32", "bool", "complex64"), SAME_SHAPE, grad=False),
    binary("not_equal", tf.not_equal, np.not_equal, ("float16", "int8", "bool"), SAME_SHAPE, grad=False),
    binary("logical_and", tf.logical_and, np.logical_and, ("bool",), SAME_SHAPE, grad=False),
    binary("logical_or", tf.logical_or, np.logical_or, ("bool",), SAME_SHAPE, grad=False),
    binary("logical_xor", tf.math.logical_xor, np.logical_xor, ("bool",), SAME_SHAPE, grad=False),
    binary("bitwise_and", tf.bitwise.bitwise_and, np.bitwise_and, SOME_INTS, grad=False),
    binary("bitwise_or", tf.bitwise.bitwise_or, np.bitwise_or, SOME_INTS, grad=False),
    binary("bitwise_xor", tf.bitwise.bitwise_xor, np.bitwise_xor, SOME_INTS + ("uint32",), grad=False),
]


@pytest.mark.parametrize("case,dtype", _unary_params(BINARY))
def test_binary_values(case, dtype):
    check_values(case, case.shapes[0], dtype)


@pytest.mark.parametrize("case", [c for c in BINARY if c.grad], ids=lambda c: c.name)
def test_binary_gradients(case):
    check_gradient(case.lamina_fn, inputs_for(case, case.shapes[0], "float64"), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dtype", ("float32", "float64", "int32", "int8"))
def test_pow_values_and_gradient(dtype):
    base = np.array([[0.5, 2.0, 3.0], [1.5, 1.0, 2.5]]).astype(dtype) if "float" in dtype else (
        np.array([[0, 2, 3], [1, -2, 2]], dtype=dtype))
    exponent = np.array([2, 3, 0], dtype=dtype)
    got = tf.pow(tf.constant(base), tf.constant(exponent))
    assert got.dtype == tf.as_dtype(dtype)
    np.testing.assert_allclose(got.numpy(), np.power(base, exponent), rtol=1e-6)
    if dtype == "float64":
        check_gradient(tf.pow, [base, np.array([2.0, 0.5, 1.5])])


def test_pow_complex():
    x = np.array([1 + 1j, 2 - 0.5j])
    np.testing.assert_allclose(tf.pow(tf.constant(x), tf.constant(np.array([2 + 0j, 0.5j]))).numpy(),
                               np.power(x, [2, 0.5j]))


# ---- dtype rules -------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype,expected", [
    ("int8", "float32"), ("uint8", "float32"), ("int16", "float32"), ("uint16", "float32"),
    ("int32", "float64"), ("int64", "float64"), ("uint32", "float64"),
])
def test_truediv_of_integers_is_floating(dtype, expected):
    x = tf.constant(np.array([1, 7], dtype=dtype))
    result = x / tf.constant(np.array([2, 2], dtype=dtype))
    assert result.dtype == tf.as_dtype(expected)
    np.testing.assert_allclose(result.numpy(), [0.5, 3.5])
    assert tf.math.divide_no_nan(x, tf.constant(np.array([0, 2], dtype=dtype))).dtype == tf.as_dtype(expected)


def test_floor_division_and_modulo_follow_the_divisor_sign():
    x, y = tf.constant([-7, 7, -7, 7]), tf.constant([2, 2, -2, -2])
    np.testing.assert_array_equal((x // y).numpy(), [-4, 3, 3, -4])
    np.testing.assert_array_equal((x % y).numpy(), [1, 1, -1, -1])
    assert (x // y).dtype == tf.int32
    xf, yf = tf.constant([-7.0, 7.0]), tf.constant([2.0, -2.0])
    np.testing.assert_array_equal((xf // yf).numpy(), [-4.0, -4.0])
    np.testing.assert_array_equal((xf % yf).numpy(), [1.0, -1.0])
    np.testing.assert_array_equal(tf.truncatediv(x, y).numpy(), [-3, 3, 3, -3])
    np.testing.assert_array_equal(tf.truncatemod(x, y).numpy(), [-1, 1, -1, 1])


def test_integer_edge_cases_match_tensorflow():
    int_min = tf.constant([-2**31])
    assert (int_min // -1).numpy()[0] == -2**31
    assert (int_min % -1).numpy()[0] == 0
    # Shift amounts are clamped to [0, bits - 1].
    shifted = tf.bitwise.left_shift(tf.constant([1, 1, 1], tf.int8), tf.constant([3, 8, -1], tf.int8))
    np.testing.assert_array_equal(shifted.numpy(), [8, -128, 1])
    right = tf.bitwise.right_shift(tf.constant([-16, -16, 16], tf.int8), tf.constant([2, 9, -1], tf.int8))
    np.testing.assert_array_equal(right.numpy(), [-4, -1, 16])
    assert tf.bitwise.right_shift(tf.constant([255], tf.uint8), tf.constant([1], tf.uint8)).numpy()[0] == 127


@pytest.mark.parametrize("function", [tf.math.floordiv, tf.math.floormod, tf.truncatediv, tf.truncatemod])
@pytest.mark.parametrize("dtype", ["int32", "uint8", "int64"])
def test_integer_division_by_zero_is_an_error(function, dtype):
    # TensorFlow reports the truncating forms as an InternalError.
    error = tf.errors.InternalError if function in (tf.truncatediv, tf.truncatemod) else (
        tf.errors.InvalidArgumentError)
    with pytest.raises(error, match="Integer division by zero|integer div and mod"):
        function(tf.constant(np.array([4, 5], dtype)), tf.constant(np.array([1, 0], dtype)))


def test_float_division_by_zero_gives_inf():
    result = tf.constant([1.0, -1.0, 0.0]) / 0.0
    np.testing.assert_array_equal(result.numpy(), [np.inf, -np.inf, np.nan])
    np.testing.assert_array_equal((tf.constant([1]) / 0).numpy(), [np.inf])
    np.testing.assert_array_equal((tf.constant([7.0]) // 0.0).numpy(), [np.inf])
    assert np.isnan((tf.constant([7.0]) % 0.0).numpy()[0])


def test_no_nan_ops_at_zero():
    np.testing.assert_array_equal(tf.math.divide_no_nan(tf.constant([1.0, 0.0]), 0.0).numpy(), [0.0, 0.0])
    inf_and_nan = tf.constant([np.inf, np.nan, 2.0])
    np.testing.assert_array_equal(tf.math.multiply_no_nan(inf_and_nan, tf.constant([0.0, 0.0, 3.0])).numpy(),
                                  [0.0, 0.0, 6.0])
    np.testing.assert_array_equal(tf.math.xlogy(tf.constant([0.0, 0.0]), tf.constant([0.0, -1.0])).numpy(),
                                  [0.0, 0.0])
    np.testing.assert_array_equal(tf.math.xdivy(tf.constant([0.0, 1.0]), tf.constant([0.0, 0.0])).numpy(),
                                  [0.0, np.inf])
    np.testing.assert_array_equal(tf.math.reciprocal_no_nan(tf.constant([0.0, 4.0])).numpy(), [0.0, 0.25])


def test_integer_pow_with_negative_exponent_is_an_error():
    with pytest.raises(tf.errors.InvalidArgumentError, match="negative integer powers"):
        tf.pow(tf.constant([2, 3]), tf.constant([1, -1]))


def test_python_scalars_adopt_the_tensor_dtype():
    for dtype in (tf.bfloat16, tf.uint8, tf.float64):
        x = tf.ones([2], dtype)
        for result in (x + 1, 2 - x, x * 2, 3 % x):
            assert result.dtype == dtype
    assert (tf.ones([2], tf.int8) ** 2).dtype == tf.int8


def test_mismatched_dtypes_raise_tensorflow_errors():
    ints, floats = tf.constant([1, 2]), tf.constant([1.0, 2.0])
    functions = (tf.add, tf.subtract, tf.multiply, tf.maximum, tf.math.floormod, tf.pow, tf.equal, tf.less)
    for function in functions:
        with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor"):
            function(ints, floats)
    # A Python value that the tensor's dtype cannot hold: TypeError, except for `add`'s hinted conversion.
    for function in (tf.subtract, tf.multiply, tf.math.truediv, tf.maximum, tf.less, tf.equal):
        with pytest.raises(TypeError):
            function(ints, 1.5)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.add(ints, 1.5)
    with pytest.raises(TypeError, match="must have the same dtype"):
        tf.math.truediv(ints, floats)
    with pytest.raises(TypeError):
        tf.math.divide_no_nan(ints, floats)
    with pytest.raises(ValueError):
        tf.math.multiply_no_nan(floats, tf.constant([1.0, 2.0], tf.float64))


def test_unsupported_dtypes_raise_invalid_argument():
    cases = [(tf.sqrt, tf.constant([4])), (tf.exp, tf.constant([1])),
             (tf.negative, tf.constant([1], tf.uint8)),
             (tf.abs, tf.constant([1], tf.uint16)), (tf.math.is_nan, tf.constant([1])),
             (tf.math.softplus, tf.constant([1])), (tf.bitwise.invert, tf.constant([1.0])),
             (tf.logical_not, tf.constant([1]))]
    for function, argument in cases:
        with pytest.raises(tf.errors.InvalidArgumentError, match="not in the list of allowed values"):
            function(argument)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.add(tf.constant([True]), tf.constant([True]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.less(tf.constant([1j]), tf.constant([2j]))


# ---- rounding, signs, complex parts ------------------------------------------------------------
def test_round_is_bankers_rounding():
    values = tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, 2.6])
    np.testing.assert_array_equal(tf.round(values).numpy(), [0.0, 2.0, 2.0, -0.0, -2.0, 3.0])
    np.testing.assert_array_equal(tf.round(tf.constant([2.5, 3.5], tf.float16)).numpy(), [2.0, 4.0])
    assert tf.round(tf.constant([3])).dtype == tf.int32


def test_sign_and_abs_special_values():
    np.testing.assert_array_equal(tf.sign(tf.constant([-0.0, 2.0, -3.0])).numpy(), [0.0, 1.0, -1.0])
    assert np.signbit(tf.sign(tf.constant([-0.0])).numpy()[0]) == np.False_
    assert np.isnan(tf.sign(tf.constant([np.nan])).numpy()[0])
    np.testing.assert_allclose(tf.sign(tf.constant([3 + 4j, 0j])).numpy(), [0.6 + 0.8j, 0])
    magnitude = tf.abs(tf.constant([3 + 4j], tf.complex64))
    assert magnitude.dtype == tf.float32 and magnitude.numpy()[0] == 5.0
    assert tf.abs(tf.constant([-128], tf.int8)).numpy()[0] == -128  # wraps, like TensorFlow


def test_complex_parts():
    z = tf.complex(tf.constant([1.0, -2.0]), tf.constant([2.0, 0.5]))
    assert z.dtype == tf.complex64
    assert tf.complex(tf.constant(1.0, tf.float64), tf.constant(2.0, tf.float64)).dtype == tf.complex128
    assert tf.math.real(z).dtype == tf.float32
    np.testing.assert_allclose(tf.math.imag(z).numpy(), [2.0, 0.5])
    np.testing.assert_allclose(tf.math.angle(tf.constant([-1.5, 2.0])).numpy(), [np.pi, 0.0], rtol=1e-6)
    np.testing.assert_array_equal(tf.math.imag(tf.constant([1])).numpy(), [0])
    with pytest.raises(TypeError, match="incorrect types"):
        tf.complex(1, 2)
    with pytest.raises(TypeError, match="incorrect types"):
        tf.complex(tf.constant(1.0), tf.constant(2.0, tf.float64))
    with pytest.raises(TypeError):
        tf.math.conj(tf.constant(["a"]))
    with pytest.raises(TypeError):
        tf.math.angle(tf.constant([1]))


def test_scalar_mul():
    np.testing.assert_array_equal(tf.math.scalar_mul(2, tf.constant([1.0, 2.0])).numpy(), [2.0, 4.0])
    np.testing.assert_array_equal(tf.scalar_mul(tf.constant(3), tf.constant([1, 2])).numpy(), [3, 6])
    with pytest.raises(ValueError, match="0-D"):
        tf.math.scalar_mul(tf.constant([2.0, 3.0]), tf.constant([1.0, 2.0]))
    with pytest.raises(TypeError):
        tf.math.scalar_mul(2.5, tf.constant([1, 2]))


def test_l2_normalize_options_and_errors():
    x = tf.constant([[3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(tf.math.l2_normalize(x, axis=1).numpy(), [[0.6, 0.8], [0.0, 0.0]])
    np.testing.assert_allclose(tf.math.l2_normalize(x, dim=-1).numpy(), [[0.6, 0.8], [0.0, 0.0]])
    np.testing.assert_allclose(tf.math.l2_normalize(x, axis=[0, 1]).numpy(), [[0.6, 0.8], [0.0, 0.0]])
    with pytest.raises(TypeError):
        tf.math.l2_normalize(tf.constant([3, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2"):
        tf.math.l2_normalize(x, axis=2)


@pytest.mark.parametrize("source,target,values,expected", [
    ("float32", "uint8", [-1.0, 300.0, 1.5, np.inf], [0, 255, 1, 255]),
    ("int32", "uint8", [-1, 300, 7], [0, 255, 7]),
    ("int64", "int32", [2**40, -2**40, 5], [2**31 - 1, -2**31, 5]),
    ("float32", "int32", [3e9, -3e9], [2147483520, -2**31]),
    ("float64", "float16", [1e6, -1e6, 0.5], [65504.0, -65504.0, 0.5]),
    ("uint8", "int8", [200, 3], [127, 3]),
    ("int8", "uint64", [-5, 5], [0, 5]),
    ("float32", "int64", [1e19, -1e19], [9223371487098961920, -2**63]),
    ("int32", "float32", [7, -7], [7.0, -7.0]),
])
def test_saturate_cast(source, target, values, expected):
    result = tf.dtypes.saturate_cast(tf.constant(np.array(values, dtype=source)), target)
    assert result.dtype == tf.as_dtype(target)
    np.testing.assert_array_equal(result.numpy(), np.array(expected, dtype=target))


@pytest.mark.parametrize("target,expected", [
    ("int8", [-1, -3, 44, 0, 0, 0]),
    ("uint8", [255, 253, 44, 0, 0, 0]),
    ("uint16", [65535, 65533, 300, 0, 0, 0]),
    ("int32", [-1, -3, 300, -2**31, -2**31, -2**31]),
    ("int64", [-1, -3, 300, 3000000000, -2**63, -2**63]),
])
def test_cast_of_out_of_range_floats_matches_tensorflow_cpu(target, expected):
    # x86 semantics: out of range, nan and inf give the minimum of int32/int64; narrower types keep
    # the low bits of the int32 value.
    values = tf.constant([-1.0, -3.5, 300.0, 3e9, float("nan"), float("inf")])
    np.testing.assert_array_equal(tf.cast(values, target).numpy(), np.array(expected, dtype=target))
    np.testing.assert_array_equal(tf.cast(tf.cast(values, tf.float16), target).numpy()[:3], expected[:3])


def test_cast_between_strings_and_numbers_is_unimplemented():
    with pytest.raises(tf.errors.UnimplementedError, match="Cast string to int32"):
        tf.cast(tf.constant(["1"]), tf.int32)


def test_bitcast():
    np.testing.assert_array_equal(tf.bitcast(tf.constant([1.0, -2.0]), tf.int32).numpy(),
                                  np.array([1.0, -2.0], np.float32).view(np.int32))
    widened = tf.bitcast(tf.constant([1, 256]), tf.uint8)
    assert widened.shape == [2, 4]
    np.testing.assert_array_equal(widened.numpy(), np.array([1, 256], np.int32).view(np.uint8).reshape(2, 4))
    narrowed = tf.bitcast(tf.constant(np.arange(8, dtype=np.uint8).reshape(2, 4)), tf.int32)
    np.testing.assert_array_equal(narrowed.numpy(), np.arange(8, dtype=np.uint8).view(np.int32))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.bitcast(tf.constant([1, 2, 3], tf.uint8), tf.int32)


def test_special_functions():
    x = np.array([-0.9, 0.0, 0.3, 0.99])
    np.testing.assert_allclose(tf.math.erfinv(x).numpy(), scipy.special.erfinv(x), rtol=1e-6, atol=1e-7)
    p = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(tf.math.ndtri(p).numpy(), scipy.special.ndtri(p), rtol=1e-6, atol=1e-7)
    z = np.array([-100.0, -1.0, 0.0, 2.0])
    np.testing.assert_allclose(tf.math.log_sigmoid(z).numpy(), -np.logaddexp(0, -z), rtol=1e-12)
    b = np.array([0.0, 1.0, 5.0])
    np.testing.assert_allclose(tf.math.bessel_i0e(b).numpy(), scipy.special.i0e(b), rtol=1e-6)
    np.testing.assert_allclose(tf.math.bessel_i1e(b).numpy(), scipy.special.i1e(b), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(tf.math.bessel_i0(b).numpy(), scipy.special.i0(b), rtol=1e-6)
    np.testing.assert_allclose(tf.math.bessel_i1(b).numpy(), scipy.special.i1(b), rtol=1e-6)
    after = tf.math.nextafter(tf.constant([1.0, 0.0]), tf.constant([2.0, -1.0])).numpy()
    np.testing.assert_array_equal(after, np.nextafter(np.float32([1.0, 0.0]), np.float32([2.0, -1.0])))
    check_gradient(tf.math.log_sigmoid, [z])
    check_gradient(tf.math.erfinv, [x[:3]])


def test_polyval_and_monotonicity():
    coefficients = [tf.constant(2.0), tf.constant(-1.0), 3.0]
    values = tf.math.polyval(coefficients, tf.constant([0.0, 1.0, 2.0]))
    np.testing.assert_allclose(values.numpy(), [3.0, 4.0, 9.0])
    check_gradient(lambda x: tf.math.polyval([2.0, -1.0, 3.0], x), [np.array([0.5, -1.5])])
    assert bool(tf.math.is_non_decreasing([1, 1, 2])) and not bool(tf.math.is_strictly_increasing([1, 1, 2]))
    assert bool(tf.math.is_strictly_increasing([[1.0, 2.0], [3.0, 4.5]]))
    assert bool(tf.math.is_non_decreasing([]))
    with pytest.raises(TypeError):
        tf.math.is_non_decreasing([1j, 2j])


def test_saturate_cast_complex_and_errors():
    result = tf.saturate_cast(tf.constant([1e6 + 2j]), tf.float16)
    assert result.dtype == tf.float16 and result.numpy()[0] == 65504.0
    assert tf.saturate_cast(tf.constant([1.5]), tf.complex64).numpy()[0] == 1.5 + 0j
    with pytest.raises(TypeError):
        tf.saturate_cast(tf.constant([5]), tf.bool)


# ---- comparisons -------------------------------------------------------------------------------
def test_equality_operators_follow_tensorflow_2():
    a, b = tf.constant([1, 2, 3]), tf.constant([1, 2])
    assert (a == None) is False  # noqa: E711 - the operator itself is under test
    assert (a != None) is True  # noqa: E711
    assert (a == b).shape == [] and not bool(a == b)
    assert bool(a != b)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[3\] vs. \[2\]"):
        tf.equal(a, b)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        tf.not_equal(a, b)
    np.testing.assert_array_equal((a == [1, 0, 3]).numpy(), [True, False, True])
    with pytest.raises(TypeError):
        a == "x"  # noqa: B015


def test_string_comparison_and_concatenation():
    words = tf.constant(["a", "b"])
    np.testing.assert_array_equal((words == "a").numpy(), [True, False])
    np.testing.assert_array_equal(tf.not_equal(words, ["a", "c"]).numpy(), [False, True])
    np.testing.assert_array_equal((words + "!").numpy(), [b"a!", b"b!"])
    assert (tf.constant("x") + tf.constant("y")).numpy() == b"xy"
    assert not bool(tf.constant(["a", "b", "c"]) == tf.constant(["a", "b"]))


def test_maximum_minimum_propagate_nan():
    x, y = tf.constant([np.nan, 1.0]), tf.constant([1.0, np.nan])
    assert np.all(np.isnan(tf.maximum(x, y).numpy()))
    assert np.all(np.isnan(tf.minimum(x, y).numpy()))


# ---- TensorFlow's gradient conventions --------------------------------------------------------
def gradient(function, value):
    x = tf.constant(value)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = function(x)
    return tape.gradient(y, x)


KINKS = [
    ("abs_at_zero", tf.abs, [0.0, -1.0, 2.0], [0.0, -1.0, 1.0]),
    ("maximum_tie_goes_to_x", lambda x: tf.maximum(x, 1.0), [1.0, 0.0, 3.0], [1.0, 0.0, 1.0]),
    ("minimum_tie_goes_to_x", lambda x: tf.minimum(x, 1.0), [1.0, 0.0, 3.0], [1.0, 1.0, 0.0]),
    ("sign", tf.sign, [0.3, -4.0], [0.0, 0.0]),
    ("pow_zero_base", lambda x: tf.pow(0.0, x), [0.0, 1.0], [0.0, 0.0]),
    ("pow_negative_base", lambda x: tf.pow(-2.0, x), [2.0], [0.0]),
    ("pow_at_zero", lambda x: x**2.0, [0.0, 1.0], [0.0, 2.0]),
    ("xlogy", lambda x: tf.math.xlogy(x, x), [0.0, 1.0], [0.0, 1.0]),
    ("xdivy", lambda x: tf.math.xdivy(x, x), [0.0, 1.0], [0.0, 0.0]),
    ("divide_no_nan", lambda x: tf.math.divide_no_nan(1.0, x), [0.0, 1.0], [0.0, -1.0]),
    ("l2_normalize_of_zero", tf.math.l2_normalize, [0.0, 0.0], [1e6, 1e6]),
    # Sqrt, Rsqrt and Reciprocal pass a zero gradient through as zero even where their slope is infinite,
    # so the branch a `where` does not take cannot make the gradient nan.
    ("where_sqrt", lambda x: tf.where(x > 0.0, tf.sqrt(x), tf.zeros_like(x)), [0.0, 4.0], [0.0, 0.25]),
    ("where_rsqrt", lambda x: tf.where(x > 0.0, tf.math.rsqrt(x), x), [0.0, 4.0], [1.0, -0.0625]),
    ("where_reciprocal", lambda x: tf.where(x > 0.0, tf.math.reciprocal(x), x), [0.0, 4.0], [1.0, -0.0625]),
]


@pytest.mark.parametrize("function,value,expected", [k[1:] for k in KINKS], ids=[k[0] for k in KINKS])
def test_gradient_conventions_at_kinks(function, value, expected):
    np.testing.assert_allclose(gradient(function, value).numpy(), expected)


def test_multiply_no_nan_gradient_reaches_a_zero_multiplier():
    x, y = tf.constant([2.0, 3.0]), tf.constant([0.0, 4.0])
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = tf.math.multiply_no_nan(x, y)
    dx, dy = tape.gradient(z, [x, y])
    np.testing.assert_array_equal(dx.numpy(), [0.0, 4.0])
    np.testing.assert_array_equal(dy.numpy(), [2.0, 3.0])


def test_non_differentiable_ops_give_none():
    for function in (tf.floor, tf.math.ceil, tf.round, tf.math.rint, lambda x: x // 2.0,
                     lambda x: tf.cast(tf.cast(x, tf.int32), tf.float32)):
        assert gradient(function, [0.3, 4.2]) is None


def test_cast_gradient_between_float_types():
    result = gradient(lambda x: tf.cast(x, tf.float64) * 3.0, np.array([1.0, 2.0], np.float32))
    assert result.dtype == tf.float32
    np.testing.assert_array_equal(result.numpy(), [3.0, 3.0])


def test_float16_and_bfloat16_gradients():
    for dtype in (tf.float16, tf.bfloat16):
        result = gradient(lambda x: tf.square(x) * tf.sigmoid(x), tf.constant([0.5, -1.0], dtype))
        assert result.dtype == dtype
        x = np.array([0.5, -1.0])
        sig = 1 / (1 + np.exp(-x))
        np.testing.assert_allclose(result.numpy().astype(np.float64), 2 * x * sig + x**2 * sig * (1 - sig),
                                   rtol=2e-2)
