"""Reductions, scans, segment ops, bincount, top_k and sorting: values against NumPy over dtypes and
axis forms, gradients against finite differences, and TensorFlow's tie rules and error classes."""

import numpy as np
import pytest

import lamina as tf
from tests.ops.harness import OpCase, check_gradient, check_values, default_inputs, inputs_for

SHAPE = (2, 3, 4)
FLOATS = ("float16", "bfloat16", "float32")
INTS = ("int8", "int32", "int64", "uint8")
# (axis, keepdims) forms every reduction is checked with.
AXES = [(None, False), (1, False), (-1, True), ([0, 2], False), ((0, -2), True), ([], False)]


def np_axis(axis):
    if axis is None:
        return None
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def small_ints(rng, shape, dtype):
    """Values in [0, 3): products and sums stay inside every integer dtype."""
    return (rng.integers(0, 3, size=shape).astype(tf.as_dtype(dtype).as_numpy_dtype),)


def np_int_mean(x, axis=None, keepdims=False):
    total = np.sum(x.astype(np.int64), axis=axis, keepdims=keepdims)
    count = x.size // max(np.size(total), 1) if axis is not None else x.size
    return np.trunc(total / count).astype(x.dtype)


REDUCTIONS = [
    ("reduce_sum", tf.reduce_sum, np.sum, FLOATS + INTS + ("complex64",)),
    ("reduce_mean", tf.reduce_mean, np.mean, FLOATS + ("complex64",)),
    ("reduce_max", tf.reduce_max, np.max, FLOATS + INTS),
    ("reduce_min", tf.reduce_min, np.min, FLOATS + INTS),
    ("reduce_prod", tf.reduce_prod, np.prod, FLOATS + INTS),
    ("reduce_logsumexp", tf.reduce_logsumexp,
     lambda x, axis=None, keepdims=False: np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims)), FLOATS),
    ("reduce_variance", tf.math.reduce_variance, np.var, FLOATS + ("complex64",)),
    ("reduce_std", tf.math.reduce_std, np.std, FLOATS),
    ("reduce_euclidean_norm", tf.math.reduce_euclidean_norm,
     lambda x, axis=None, keepdims=False: np.sqrt(np.sum(np.abs(x) ** 2, axis=axis, keepdims=keepdims)),
     FLOATS + ("complex64",)),
]


def reduction_case(name, function, numpy_function, dtypes, axis, keepdims):
    return OpCase(
        f"{name}[{axis},{keepdims}]",
        lambda x: function(x, axis=axis, keepdims=keepdims),
        lambda x: numpy_function(x, axis=np_axis(axis), keepdims=keepdims),
        dtypes=dtypes, shapes=(SHAPE,),
        make_inputs=small_ints if name == "reduce_prod" else None,
        rtol=3e-2 if name in ("reduce_variance", "reduce_std") else None,
    )


def reduction_params():
    params = []
    for name, function, numpy_function, dtypes in REDUCTIONS:
        for index, (axis, keepdims) in enumerate(AXES):
            # Every axis form in float32; the other dtypes with one axis form each, to bound compilations.
            for dtype in dtypes if index == 1 else ("float32",):
                case = reduction_case(name, function, numpy_function, dtypes, axis, keepdims)
                params.append(pytest.param(case, dtype, id=f"{case.name}-{dtype}"))
    return params


@pytest.mark.parametrize("case,dtype", reduction_params())
def test_reduction_values(case, dtype):
    check_values(case, SHAPE, dtype)


@pytest.mark.parametrize("name,function", [(r[0], r[1]) for r in REDUCTIONS], ids=[r[0] for r in REDUCTIONS])
def test_reduction_gradients(name, function):
    x = default_inputs(1, 0.5, 2.0)(np.random.default_rng(0), (2, 3), "float64")[0]
    check_gradient(lambda t: function(t, axis=1), [x], rtol=1e-5, atol=1e-6)
    check_gradient(lambda t: function(t, axis=None, keepdims=True), [x], rtol=1e-5, atol=1e-6)


def test_integer_mean_truncates_toward_zero():
    assert tf.reduce_mean(tf.constant([1, 2])).numpy() == 1
    assert tf.reduce_mean(tf.constant([-1, -2])).numpy() == -1
    x = np.array([[3, 4, 6], [-7, 1, 1]], np.int8)
    result = tf.reduce_mean(tf.constant(x), axis=1)
    assert result.dtype == tf.int8
    np.testing.assert_array_equal(result.numpy(), [4, -1])


def test_any_all_count_nonzero():
    x = np.array([[True, False, False], [True, True, True]])
    np.testing.assert_array_equal(tf.reduce_any(x, axis=1).numpy(), [True, True])
    np.testing.assert_array_equal(tf.reduce_all(x, axis=1, keepdims=True).numpy(), [[False], [True]])
    assert tf.reduce_all(x).numpy() == np.False_
    counted = tf.math.count_nonzero(tf.constant([[1.0, 0.0, 2.0], [0.0, 0.0, 3.0]]), axis=1)
    assert counted.dtype == tf.int64
    np.testing.assert_array_equal(counted.numpy(), [2, 1])
    assert tf.math.count_nonzero(tf.constant([1, 0]), dtype=tf.int32).dtype == tf.int32
    assert tf.math.count_nonzero(tf.constant([True, False, True])).numpy() == 2
    assert tf.math.count_nonzero(tf.constant(["a", "", "b"])).numpy() == 2


def test_empty_reductions_give_the_identity():
    assert tf.reduce_max(tf.zeros([0])).numpy() == -np.inf
    assert tf.reduce_max(tf.zeros([0], tf.int32)).numpy() == np.iinfo(np.int32).min
    assert tf.reduce_min(tf.zeros([0], tf.uint8)).numpy() == 255
    assert tf.reduce_prod(tf.zeros([0])).numpy() == 1.0
    assert tf.reduce_sum(tf.zeros([0, 2]), axis=0).shape == [2]
    assert np.isnan(tf.reduce_mean(tf.zeros([0])).numpy())
    assert tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])).numpy() == -np.inf


def test_ties_share_the_gradient_evenly():
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        biggest = tf.reduce_max(x, axis=1)
        smallest = tf.reduce_min(x)
    np.testing.assert_allclose(tape.gradient(biggest, x).numpy(), [[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(tape.gradient(smallest, x).numpy(), [[1, 0, 0], [0, 0, 0]])


def test_bad_axes_are_invalid_arguments():
    x = tf.constant([[1, 2]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"reduction dimension \(2 for input with 2"):
        tf.reduce_sum(x, axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\(-3 for input with 2 dimension"):
        tf.reduce_max(x, axis=-3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="duplicate dimension: 0"):
        tf.reduce_sum(x, axis=[0, -2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="not in the list of allowed values"):
        tf.reduce_sum(tf.constant([True]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.reduce_any(tf.constant([1]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.reduce_logsumexp(tf.constant([1, 2]))
    with pytest.raises(TypeError, match="real or complex"):
        tf.math.reduce_std(tf.constant([1, 2]))


def test_axis_given_as_a_tensor():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(tf.reduce_sum(x, axis=tf.constant(1)).numpy(), [3.0, 12.0])
    np.testing.assert_allclose(tf.reduce_mean(x, axis=tf.constant([0, 1])).numpy(), 2.5)


# ---- argmax / argmin ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ("float32", "bfloat16", "int8", "uint16", "int64", "bool"))
def test_argmax_argmin_values(dtype):
    x = inputs_for(OpCase("arg", None, None), (3, 4), dtype)[0]
    for axis in (0, 1, -1):
        result = tf.argmax(tf.constant(x), axis=axis)
        assert result.dtype == tf.int64
        np.testing.assert_array_equal(result.numpy(), np.argmax(x, axis=axis))
        np.testing.assert_array_equal(tf.math.argmin(tf.constant(x), axis=axis, output_type=tf.int32).numpy(),
                                      np.argmin(x, axis=axis))


def test_argmax_defaults_and_errors():
    x = tf.constant([[1, 3], [5, 2]])
    np.testing.assert_array_equal(tf.argmax(x).numpy(), [1, 0])  # axis defaults to 0
    assert tf.argmax(tf.constant([3.0, 3.0, 1.0])).numpy() == 0  # the first among ties
    assert tf.argmax(tf.constant([1.0, np.nan, 3.0])).numpy() == 2  # nan is skipped, as on TF's CPU
    assert tf.argmax(tf.constant([1, 2]), output_type=tf.int16).dtype == tf.int16
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"range \[-1, 1\), but got 1"):
        tf.argmax(tf.constant([1, 2]), axis=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="empty"):
        tf.argmax(tf.zeros([0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="output_type"):
        tf.argmin(tf.constant([1, 2]), output_type=tf.int16)


# ---- scans -------------------------------------------------------------------------------------
def np_scan(function, x, axis, exclusive, reverse, identity):
    if reverse:
        x = np.flip(x, axis)
    result = function(x, axis=axis)
    if exclusive:
        result = np.concatenate([np.full_like(np.take(result, [0], axis), identity),
                                 np.delete(result, -1, axis)], axis)
    return np.flip(result, axis) if reverse else result


def np_cumulative_logsumexp(x, axis):
    return np.log(np.cumsum(np.exp(x), axis=axis))


SCANS = [
    ("cumsum", tf.cumsum, np.cumsum, 0, ("float32", "int32", "uint8", "complex64", "bfloat16")),
    ("cumprod", tf.math.cumprod, np.cumprod, 1, ("float32", "int64", "float16")),
    ("cumulative_logsumexp", tf.math.cumulative_logsumexp, np_cumulative_logsumexp, -np.inf,
     ("float32", "float16")),
]
SCAN_FORMS = [(0, False, False), (1, True, False), (-1, False, True), (1, True, True)]


def scan_params():
    params = []
    for name, function, numpy_function, identity, dtypes in SCANS:
        for index, (axis, exclusive, reverse) in enumerate(SCAN_FORMS):
            for dtype in dtypes if index == 3 else ("float32",):
                case = OpCase(
                    f"{name}[{axis},{exclusive},{reverse}]",
                    lambda x, f=function, a=axis, e=exclusive, r=reverse: (
                        f(x, axis=a, exclusive=e, reverse=r)),
                    lambda x, f=numpy_function, a=axis, e=exclusive, r=reverse, i=identity: (
                        np_scan(f, x, a, e, r, i)),
                    shapes=((2, 3),),
                    make_inputs=small_ints if name != "cumulative_logsumexp" else None,
                )
                params.append(pytest.param(case, dtype, id=f"{case.name}-{dtype}"))
    return params


@pytest.mark.parametrize("case,dtype", scan_params())
def test_scan_values(case, dtype):
    check_values(case, (2, 3), dtype)


@pytest.mark.parametrize("function,exclusive", [(tf.cumsum, True), (tf.math.cumprod, True),
                                                (tf.math.cumulative_logsumexp, False)])
def test_scan_gradients(function, exclusive):
    # (An exclusive logsumexp starts at -inf, where finite differences are nan.)
    x = default_inputs(1, 0.5, 2.0)(np.random.default_rng(0), (2, 3), "float64")[0]
    check_gradient(lambda t: function(t, axis=1, exclusive=exclusive, reverse=True), [x])
    check_gradient(lambda t: function(t, axis=0), [x])


def test_cumprod_gradient_with_zeros_is_exact():
    # TensorFlow divides by x here and reports 0 for the middle element; the true derivative is 8.
    x = tf.constant([2.0, 0.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.math.cumprod(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 8.0, 0.0])


def test_scan_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"scan axis in the range \[-1, 1\), but got 1"):
        tf.cumsum([1, 2, 3], axis=1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.cumsum(tf.constant([True]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.math.cumulative_logsumexp(tf.constant([1, 2]))


# ---- segments ----------------------------------------------------------------------------------
def np_segment(kind, data, ids, num_segments, empty):
    out = np.full((num_segments,) + data.shape[1:], empty, dtype=np.float64 if kind == "mean" else data.dtype)
    for segment in range(num_segments):
        rows = data[ids == segment]
        if len(rows):
            out[segment] = {"sum": np.sum, "max": np.max, "min": np.min, "prod": np.prod,
                            "mean": np.mean}[kind](rows, axis=0)
    return out


SEGMENT_DATA = np.array([[1.0, -2.0], [3.0, 4.0], [-5.0, 6.0], [7.0, 0.5], [2.0, 2.0]])
SORTED_IDS = np.array([0, 0, 2, 2, 3])
SORTED = [("sum", tf.math.segment_sum, 0), ("mean", tf.math.segment_mean, 0), ("max", tf.math.segment_max, 0),
          ("min", tf.math.segment_min, 0), ("prod", tf.math.segment_prod, 1)]


@pytest.mark.parametrize("kind,function,empty", SORTED, ids=[s[0] for s in SORTED])
@pytest.mark.parametrize("dtype", ("float32", "int32", "float64"))
def test_sorted_segment_values(kind, function, empty, dtype):
    data = SEGMENT_DATA.astype(dtype)
    result = function(tf.constant(data), tf.constant(SORTED_IDS))
    assert result.dtype == tf.as_dtype(dtype)
    expected = np_segment(kind, data, SORTED_IDS, 4, empty)
    if dtype == "int32" and kind == "mean":
        expected = np.trunc(expected)
    np.testing.assert_allclose(result.numpy(), expected.astype(dtype))


@pytest.mark.parametrize("function", [s[1] for s in SORTED], ids=[s[0] for s in SORTED])
def test_sorted_segment_gradients(function):
    ids = tf.constant(SORTED_IDS, tf.int64)
    check_gradient(lambda data: function(data, ids), [SEGMENT_DATA])


UNSORTED_IDS = np.array([3, 0, -1, 3, 0])
UNSORTED = [("sum", tf.math.unsorted_segment_sum, 0), ("mean", tf.math.unsorted_segment_mean, 0),
            ("max", tf.math.unsorted_segment_max, "lowest"), ("min", tf.math.unsorted_segment_min, "highest"),
            ("prod", tf.math.unsorted_segment_prod, 1)]


@pytest.mark.parametrize("kind,function,empty", UNSORTED, ids=[s[0] for s in UNSORTED])
@pytest.mark.parametrize("dtype", ("float32", "int32"))
def test_unsorted_segment_values(kind, function, empty, dtype):
    data = SEGMENT_DATA.astype(dtype)
    if empty in ("lowest", "highest"):
        info = np.finfo(dtype) if "float" in dtype else np.iinfo(dtype)
        empty = info.min if empty == "lowest" else info.max
    result = function(tf.constant(data), tf.constant(UNSORTED_IDS), 5)
    expected = np_segment(kind, data, UNSORTED_IDS, 5, empty)
    if kind == "mean" and dtype == "int32":
        assert result.dtype == tf.float64  # integer sums divided with truediv
    else:
        assert result.dtype == tf.as_dtype(dtype)
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("function", [s[1] for s in UNSORTED] + [tf.math.unsorted_segment_sqrt_n],
                         ids=[s[0] for s in UNSORTED] + ["sqrt_n"])
def test_unsorted_segment_gradients(function):
    check_gradient(lambda data: function(data, tf.constant(UNSORTED_IDS), 5), [SEGMENT_DATA])


def test_unsorted_segment_with_multi_dimensional_ids_and_sqrt_n():
    data = np.arange(12.0).reshape(2, 2, 3)
    ids = tf.constant([[0, 1], [1, 1]])
    np.testing.assert_allclose(tf.math.unsorted_segment_sum(data, ids, 2).numpy(),
                               [data[0, 0], data[0, 1] + data[1, 0] + data[1, 1]])
    np.testing.assert_allclose(tf.math.unsorted_segment_sqrt_n(data, ids, tf.constant(2, tf.int64)).numpy(),
                               [data[0, 0], (data[0, 1] + data[1, 0] + data[1, 1]) / np.sqrt(3)])


def test_segment_max_ties_share_the_gradient():
    x = tf.constant([2.0, 2.0, 3.0])
    for function in (lambda d: tf.math.segment_max(d, [0, 0, 1]),
                     lambda d: tf.math.unsorted_segment_max(d, [0, 0, 1], 2)):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = function(x)
        np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0.5, 0.5, 1.0])


def test_segment_errors():
    data = tf.constant(SEGMENT_DATA)
    with pytest.raises(tf.errors.InvalidArgumentError, match="not increasing"):
        tf.math.segment_sum(data, [1, 0, 2, 2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Segment id -1 out of range \[0, 4\)"):
        tf.math.segment_sum(data, [-1, 0, 2, 2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="same size as dimension 0"):
        tf.math.segment_mean(data, [0, 0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="vector"):
        tf.math.segment_max(data, [[0, 0, 1, 1, 1]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tindices"):
        tf.math.segment_sum(data, [0.0, 0.0, 1.0, 1.0, 1.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[0\] = 5 is out of range"):
        tf.math.unsorted_segment_sum(data, [5, 0, 1, 1, 1], 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not start with"):
        tf.math.unsorted_segment_sum(tf.ones([2, 2, 3]), [[0, 1]], 2)
    assert tf.math.segment_sum(tf.zeros([0, 2]), tf.zeros([0], tf.int32)).shape == [0, 2]


# ---- bincount ----------------------------------------------------------------------------------
def test_bincount():
    values = [1, 1, 3]
    np.testing.assert_array_equal(tf.math.bincount(values).numpy(), [0, 2, 0, 1])
    assert tf.math.bincount(values).dtype == tf.int32
    np.testing.assert_array_equal(tf.math.bincount(values, minlength=6).numpy(), [0, 2, 0, 1, 0, 0])
    np.testing.assert_array_equal(tf.math.bincount(values, maxlength=2).numpy(), [0, 2])
    weighted = tf.math.bincount(values, weights=[0.5, 1.0, 2.0], dtype=tf.float64)
    assert weighted.dtype == tf.float32  # the weights' dtype wins
    np.testing.assert_allclose(weighted.numpy(), [0.0, 1.5, 0.0, 2.0])
    assert tf.math.bincount(values, dtype=tf.float32).dtype == tf.float32
    np.testing.assert_array_equal(tf.math.bincount(values, binary_output=True).numpy(), [0, 1, 0, 1])
    np.testing.assert_array_equal(tf.math.bincount([[1, 1], [3, 0]]).numpy(), [1, 2, 0, 1])
    per_row = tf.math.bincount([[1, 1], [3, 0]], axis=-1)
    np.testing.assert_array_equal(per_row.numpy(), [[0, 2, 0, 0], [1, 0, 0, 1]])
    np.testing.assert_array_equal(tf.math.bincount(tf.constant([1.0, 2.0])).numpy(), [0, 1, 1])
    np.testing.assert_array_equal(tf.math.bincount(tf.constant([2], tf.int64)).numpy(), [0, 0, 1])
    assert tf.math.bincount(tf.zeros([0], tf.int32)).shape == [0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="non-negative"):
        tf.math.bincount([1, -1])


# ---- top_k and sorting -------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ("float32", "bfloat16", "int32", "uint8"))
def test_top_k(dtype):
    x = inputs_for(OpCase("top_k", None, None), (3, 5), dtype)[0]
    values, indices = tf.math.top_k(tf.constant(x), k=3)
    order = np.argsort(-x.astype(np.float64), axis=-1, kind="stable")[:, :3]
    np.testing.assert_array_equal(indices.numpy(), order)
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(x, order, -1))
    assert values.dtype == tf.as_dtype(dtype) and indices.dtype == tf.int32


def test_top_k_details():
    result = tf.math.top_k([2.0, 2.0, 3.0], 2, index_type=tf.int64)
    assert result.indices.dtype == tf.int64
    np.testing.assert_array_equal(result.indices.numpy(), [2, 0])  # ties: the lower index first
    x = tf.constant([2.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        top = tf.math.top_k(x, 2).values
    np.testing.assert_array_equal(tape.gradient(top, x).numpy(), [1.0, 0.0, 1.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least k columns. Had 3, needed 4"):
        tf.math.top_k([1, 5, 3], 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="k >= 0"):
        tf.math.top_k([1, 5, 3], -1)
    with pytest.raises(tf.errors.InvalidArgumentError, match=">= 1-D"):
        tf.math.top_k(3.0, 1)


@pytest.mark.parametrize("dtype", ("float32", "float16", "int32", "uint8", "int64"))
def test_sort_and_argsort(dtype):
    x = np.array([[3, 1, 2, 1, 3], [0, 5, 5, 2, 1]], dtype=dtype)
    np.testing.assert_array_equal(tf.sort(x).numpy(), np.sort(x))
    descending_values = tf.sort(x, axis=0, direction="DESCENDING")
    np.testing.assert_array_equal(descending_values.numpy(), -np.sort(-x.astype(float), 0))
    np.testing.assert_array_equal(tf.argsort(x).numpy(), np.argsort(x, kind="stable"))
    # Descending and stable: equal values keep their original order.
    descending = tf.argsort(x, direction="DESCENDING", stable=True)
    assert descending.dtype == tf.int32
    np.testing.assert_array_equal(descending.numpy(), np.argsort(-x.astype(float), kind="stable"))


def test_sort_gradient_and_errors():
    values = np.array([[0.3, -1.0, 2.0], [1.0, 0.5, 0.0]])
    check_gradient(lambda x: tf.sort(x, direction="DESCENDING"), [values])
    with pytest.raises(ValueError, match="direction"):
        tf.sort([3, 1], direction="down")
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.sort([3, 1], axis=1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.argsort(tf.constant(3))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.sort(tf.constant([True, False]))
