"""tf.debugging: check_numerics, Assert, the assert_* family and the static checks."""

import numpy as np
import pytest

import lamina as tf

InvalidArgumentError = tf.errors.InvalidArgumentError


# ---- check_numerics -----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_check_numerics_passes_finite_values_through(dtype):
    values = np.array([1.5, -2.0, 0.0], dtype=tf.as_dtype(dtype).as_numpy_dtype)
    result = tf.debugging.check_numerics(tf.constant(values), "unused")
    assert result.dtype == tf.as_dtype(dtype)
    np.testing.assert_array_equal(result.numpy(), values)


@pytest.mark.parametrize(
    "values, found",
    [([1.0, np.nan], "NaN"), ([np.inf, 1.0], "Inf"), ([-np.inf, np.nan], "Inf and NaN")],
)
def test_check_numerics_names_the_message_and_what_was_found(values, found):
    with pytest.raises(InvalidArgumentError, match=f"my tensor : Tensor had {found} values"):
        tf.debugging.check_numerics(tf.constant(values, dtype=tf.float32), "my tensor")
    with pytest.raises(InvalidArgumentError, match="all finite"):
        tf.debugging.assert_all_finite(tf.constant(values, dtype=tf.float32), "all finite")


def test_check_numerics_rejects_integers():
    with pytest.raises(InvalidArgumentError, match="not in the list of allowed values"):
        tf.debugging.check_numerics(tf.constant([1]), "ints")


def test_check_numerics_gradient_is_identity_and_checked():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.debugging.check_numerics(x * 3.0, "scaled")
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [3.0, 3.0])
    with pytest.raises(InvalidArgumentError, match="detected in gradient. scaled : Tensor had NaN values"):
        tape.gradient(y, x, output_gradients=tf.constant([np.nan, 1.0], dtype=tf.float32))


# ---- Assert -------------------------------------------------------------------------------------
def test_assert_returns_none_when_true():
    assert tf.debugging.Assert(True, ["never shown"]) is None
    assert tf.Assert(tf.constant(True), [tf.constant([1, 2])]) is None


def test_assert_lists_the_data_when_false():
    with pytest.raises(InvalidArgumentError, match=r"Summarized data: b'hello'\n1, 2, 3\n5"):
        tf.debugging.Assert(False, ["hello", tf.constant([1, 2, 3]), 5])
    with pytest.raises(InvalidArgumentError, match=r"Summarized data: 0, 1, \.\.\."):
        tf.debugging.Assert(tf.constant(False), [np.arange(10)], summarize=2)


def test_assert_needs_a_single_condition():
    with pytest.raises(ValueError, match="more than one element"):
        tf.debugging.Assert(tf.constant([True, False]), ["x"])


# ---- element-wise assertions --------------------------------------------------------------------
PASSING = [
    (tf.debugging.assert_equal, [1, 2, 3], [1, 2, 3]),
    (tf.debugging.assert_none_equal, [1, 2], [3, 4]),
    (tf.debugging.assert_less, [1.0, 2.0], [1.5, 2.5]),
    (tf.debugging.assert_less_equal, [1, 2], [1, 3]),
    (tf.debugging.assert_greater, [[2, 3], [4, 5]], 1),
    (tf.debugging.assert_greater_equal, [2.0, 3.0], 2.0),
    (tf.debugging.assert_equal, ["a", "b"], ["a", "b"]),
    (tf.debugging.assert_equal, [], []),
]
FAILING = [
    (tf.debugging.assert_equal, [1, 2, 3], [1, 5, 3], "x == y"),
    (tf.debugging.assert_none_equal, [1, 2], [1, 3], "x != y"),
    (tf.debugging.assert_less, [1.0, 2.0], [1.0, 3.0], "x < y"),
    (tf.debugging.assert_less_equal, [1, 4], [1, 3], "x <= y"),
    (tf.debugging.assert_greater, [2, 1], 1, "x > y"),
    (tf.debugging.assert_greater_equal, [2.0, 1.0], 2.0, "x >= y"),
]


@pytest.mark.parametrize("assertion, x, y", PASSING, ids=lambda v: getattr(v, "__name__", None))
def test_passing_assertions_return_none(assertion, x, y):
    assert assertion(x, y) is None


@pytest.mark.parametrize("assertion, x, y, condition", FAILING, ids=lambda v: getattr(v, "__name__", None))
def test_failing_assertions_raise_with_message_and_values(assertion, x, y, condition):
    with pytest.raises(InvalidArgumentError) as info:
        assertion(x, y, message="custom message")
    text = str(info.value)
    assert text.startswith("custom message\n") and f"Condition {condition} did not hold." in text
    assert f"First {np.size(x)} elements of x:\n{np.array(x)}" in text


def test_failure_report_lists_the_first_differing_indices():
    with pytest.raises(InvalidArgumentError) as info:
        tf.debugging.assert_equal(np.arange(10), np.zeros(10, np.int64), summarize=2)
    text = str(info.value)
    assert "Indices of first 2 different values:\n[[1]\n [2]]" in text
    assert "Corresponding x values:\n[1 2]" in text and "First 2 elements of x:\n[0 1]" in text


def test_assertions_check_dtypes_and_shapes():
    with pytest.raises(InvalidArgumentError, match="expected to be a int32 tensor but is a float32"):
        tf.debugging.assert_equal(tf.constant([1]), tf.constant([1.0]))
    with pytest.raises(InvalidArgumentError, match=r"Incompatible shapes: \[3\] vs. \[2\]"):
        tf.assert_equal([1, 2, 3], [1, 2])
    with pytest.raises(InvalidArgumentError, match="needs real numbers"):
        tf.debugging.assert_less(tf.constant([1j]), tf.constant([2j]))


@pytest.mark.parametrize(
    "assertion, passing, failing, condition",
    [
        (tf.debugging.assert_negative, [-1, -2], [-1, 0], "x < 0"),
        (tf.debugging.assert_positive, [1.0, 0.5], [1.0, 0.0], "x > 0"),
        (tf.debugging.assert_non_negative, [0, 2], [1, -2], "x >= 0"),
        (tf.debugging.assert_non_positive, [0.0, -2.0], [1.0, -2.0], "x <= 0"),
    ],
    ids=["negative", "positive", "non_negative", "non_positive"],
)
def test_sign_assertions(assertion, passing, failing, condition):
    assert assertion(passing) is None
    with pytest.raises(InvalidArgumentError, match=f"sign\nCondition {condition} did not hold"):
        assertion(failing, message="sign")


def test_assert_near_uses_dtype_tolerances():
    assert tf.debugging.assert_near([1.0, 2.0], [1.0, 2.000001]) is None
    assert tf.debugging.assert_near([1.0, 2.0], [1.0, 2.1], atol=0.2) is None
    # float64's default tolerance is 10 * eps = 2.2e-15.
    close = tf.constant([1.0 + 2e-15], tf.float64)
    assert tf.debugging.assert_near(tf.constant([1.0], tf.float64), close) is None
    with pytest.raises(InvalidArgumentError, match="Corresponding y values:\n\\[2.1\\]"):
        tf.debugging.assert_near([1.0, 2.0], [1.0, 2.1])
    with pytest.raises(ValueError, match="floating or complex"):
        tf.debugging.assert_near([1, 2], [1, 2])


# ---- static checks ------------------------------------------------------------------------------
def test_rank_assertions():
    assert tf.debugging.assert_rank([1, 2], 1) is None
    assert tf.debugging.assert_rank_at_least([[1]], 1) is None
    assert tf.debugging.assert_rank_in([1, 2], [0, 1]) is None
    with pytest.raises(ValueError, match=r"must have rank 2.  Received rank 1, shape \(2,\)"):
        tf.debugging.assert_rank([1, 2], tf.constant(2))
    with pytest.raises(ValueError, match="^note.  Tensor  must have rank at least 2"):
        tf.debugging.assert_rank_at_least([1, 2], 2, message="note")
    with pytest.raises(ValueError, match=r"must have rank in \(0, 2\)"):
        tf.debugging.assert_rank_in([1, 2], [0, 2])
    with pytest.raises(ValueError, match="Rank must be a scalar"):
        tf.debugging.assert_rank([1, 2], [1])


def test_dtype_assertions():
    assert tf.debugging.assert_type(tf.constant([1, 2]), tf.int32) is None
    with pytest.raises(TypeError, match="tm.  tensor must be of type tf.float32; got tf.int32"):
        tf.debugging.assert_type(tf.constant([1, 2]), tf.float32, message="tm")
    with pytest.raises(TypeError, match="to be integer type"):
        tf.debugging.assert_integer(tf.constant([1.0]))
    assert tf.debugging.assert_same_float_dtype([tf.constant(1.0), tf.constant(2.0)]) == tf.float32
    assert tf.debugging.assert_same_float_dtype(None, tf.float64) == tf.float64
    with pytest.raises(ValueError, match="must be of the same type"):
        tf.debugging.assert_same_float_dtype([tf.constant(1.0), tf.constant(1.0, tf.float64)])


def test_scalar_iterable_and_numeric_checks():
    assert tf.debugging.assert_scalar(tf.constant(1.0)) is None
    with pytest.raises(ValueError, match=r"Expected scalar shape, saw shape: \(1,\)"):
        tf.debugging.assert_scalar(tf.constant([1.0]))
    assert tf.debugging.assert_proper_iterable([1, 2]) is None
    with pytest.raises(TypeError, match="proper"):
        tf.debugging.assert_proper_iterable("abc")
    assert tf.debugging.is_numeric_tensor(tf.constant([1]))
    assert not tf.debugging.is_numeric_tensor(tf.constant(["a"]))
    assert not tf.debugging.is_numeric_tensor(tf.constant(True))
    assert not tf.debugging.is_numeric_tensor(3)


def test_assert_shapes_with_symbols_ellipsis_and_scalars():
    x, y = tf.zeros([2, 3]), tf.zeros([2, 5])
    assert tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("N", "D")), (tf.zeros([3]), ("Q",))]) is None
    assert tf.debugging.assert_shapes([(tf.zeros([4, 2, 3]), (..., "N", 3)), (tf.constant(1.0), ())]) is None
    assert tf.debugging.assert_shapes([(x, (None, ".")), (tf.zeros([1]), ())]) is None
    expected = (r"Specified by tensor shape=\(2, 3\) dtype=float32 dimension 0.  "
                r"Tensor shape=\(3, 4\) dtype=float32 dimension 1 must have size 2")
    with pytest.raises(ValueError, match=expected):
        tf.debugging.assert_shapes([(x, ("N", "D")), (tf.zeros([3, 4]), ("D", "N"))])
    with pytest.raises(ValueError, match="^hey.  Specified explicitly.  .* must have size 3"):
        tf.debugging.assert_shapes([(tf.zeros([2]), (3,))], message="hey")
    with pytest.raises(ValueError, match=r"must have rank in \(0, 1\)"):
        tf.debugging.assert_shapes([(x, ("N",))])
