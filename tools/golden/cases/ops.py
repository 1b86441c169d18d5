"""Golden cases: values of each op family (math, reductions, array, linalg, nn, conv) on small
fixed inputs.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
Decompositions whose signs are not unique (QR, SVD, eigenvectors) are compared through
sign-free quantities.
"""

# Special functions are computed by different polynomial approximations in Eigen and XLA.
_SPECIAL = {"rtol": 2e-6, "atol": 1e-6}
TOLERANCE = {
    "unary_lgamma": _SPECIAL,
    "unary_digamma": _SPECIAL,
    "unary_erf": _SPECIAL,
    "unary_erfc": _SPECIAL,
    "unary_erfinv": {"rtol": 1e-5, "atol": 1e-6},
    "unary_atanh": _SPECIAL,
    "unary_acosh": _SPECIAL,
    "unary_asinh": _SPECIAL,
    "unary_expm1": _SPECIAL,
    "unary_tan": _SPECIAL,
    "unary_gelu_exact": _SPECIAL,
    "gelu_approximate": _SPECIAL,
    "bessel_i0e": _SPECIAL,
    "linalg_det": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_inv": {"rtol": 1e-5, "atol": 1e-6},
    "linalg_slogdet": {"rtol": 1e-5, "atol": 1e-6},
    "linalg_logdet": {"rtol": 1e-5, "atol": 1e-6},
    "linalg_solve": {"rtol": 1e-5, "atol": 1e-6},
    "linalg_cholesky_solve": {"rtol": 1e-5, "atol": 1e-6},
    "linalg_triangular_solve": {"rtol": 1e-5, "atol": 1e-6},
    "linalg_qr_abs": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_svd": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_eigh": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_pinv": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_lstsq": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_expm": {"rtol": 1e-5, "atol": 1e-5},
    "linalg_norm_2": {"rtol": 1e-5, "atol": 1e-6},
    "batch_normalization": {"rtol": 1e-5, "atol": 1e-6},
    "moments": {"rtol": 1e-5, "atol": 1e-6},
    "reduce_std": {"rtol": 1e-5, "atol": 1e-6},
    "reduce_variance": {"rtol": 1e-5, "atol": 1e-6},
    "local_response_normalization": {"rtol": 1e-5, "atol": 1e-6},
}


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _vector(tf, dtype=None):
    return tf.constant([-2.5, -1.0, -0.5, 0.0, 0.3, 1.0, 2.7], dtype or tf.float32)


def _matrix(tf):
    return tf.constant([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])


def _square(tf):
    return tf.constant([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]])


def _images(tf):
    """A [1, 4, 4, 2] NHWC batch with distinct values."""
    return tf.reshape(tf.range(32, dtype=tf.float32) / 8.0 - 1.5, [1, 4, 4, 2])


# ---- element-wise unary math -------------------------------------------------------------------
# name -> (function of (tf, x), input values); float32 unless the values say otherwise.
_UNARY = {
    "abs": (lambda tf, x: tf.abs(x), None),
    "negative": (lambda tf, x: tf.negative(x), None),
    "sign": (lambda tf, x: tf.sign(x), None),
    "square": (lambda tf, x: tf.square(x), None),
    "sqrt": (lambda tf, x: tf.sqrt(x), [0.0, 0.25, 2.0, 9.0, -1.0]),
    "rsqrt": (lambda tf, x: tf.math.rsqrt(x), [0.25, 2.0, 9.0, 0.0]),
    "exp": (lambda tf, x: tf.exp(x), None),
    "expm1": (lambda tf, x: tf.math.expm1(x), [-1.0, -1e-5, 0.0, 1e-5, 2.0]),
    "log": (lambda tf, x: tf.math.log(x), [0.0, 0.5, 1.0, 10.0, -1.0]),
    "log1p": (lambda tf, x: tf.math.log1p(x), [-1.0, -0.5, 1e-6, 3.0]),
    "sin": (lambda tf, x: tf.sin(x), None),
    "cos": (lambda tf, x: tf.cos(x), None),
    "tan": (lambda tf, x: tf.tan(x), [-1.0, 0.0, 0.5, 1.2]),
    "asin": (lambda tf, x: tf.asin(x), [-1.0, -0.5, 0.0, 0.7, 1.0, 1.5]),
    "acos": (lambda tf, x: tf.acos(x), [-1.0, -0.5, 0.0, 0.7, 1.0]),
    "atan": (lambda tf, x: tf.atan(x), None),
    "sinh": (lambda tf, x: tf.sinh(x), None),
    "cosh": (lambda tf, x: tf.cosh(x), None),
    "tanh": (lambda tf, x: tf.tanh(x), None),
    "asinh": (lambda tf, x: tf.asinh(x), None),
    "acosh": (lambda tf, x: tf.acosh(x), [1.0, 1.5, 3.0, 0.5]),
    "atanh": (lambda tf, x: tf.atanh(x), [-0.9, 0.0, 0.5, 1.0]),
    "erf": (lambda tf, x: tf.math.erf(x), None),
    "erfc": (lambda tf, x: tf.math.erfc(x), None),
    "erfinv": (lambda tf, x: tf.math.erfinv(x), [-0.9, 0.0, 0.3, 0.99]),
    "lgamma": (lambda tf, x: tf.math.lgamma(x), [0.5, 1.0, 2.5, 10.0, -0.5]),
    "digamma": (lambda tf, x: tf.math.digamma(x), [0.5, 1.0, 2.5, 10.0]),
    "floor": (lambda tf, x: tf.floor(x), None),
    "ceil": (lambda tf, x: tf.math.ceil(x), None),
    "round_half_to_even": (lambda tf, x: tf.round(x), [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6]),
    "rint": (lambda tf, x: tf.math.rint(x), [-2.5, -1.5, 0.5, 1.5, 2.4]),
    "reciprocal": (lambda tf, x: tf.math.reciprocal(x), [-2.0, 0.5, 4.0, 0.0]),
    "reciprocal_no_nan": (lambda tf, x: tf.math.reciprocal_no_nan(x), [-2.0, 0.0, 4.0]),
    "sigmoid": (lambda tf, x: tf.sigmoid(x), [-100.0, -1.0, 0.0, 2.0, 100.0]),
    "log_sigmoid": (lambda tf, x: tf.math.log_sigmoid(x), [-100.0, -1.0, 0.0, 2.0]),
    "softplus": (lambda tf, x: tf.math.softplus(x), [-100.0, -1.0, 0.0, 2.0, 100.0]),
    "softsign": (lambda tf, x: tf.math.softsign(x), None),
    "is_nan": (lambda tf, x: tf.math.is_nan(x), [0.0, float("nan"), float("inf")]),
    "is_inf": (lambda tf, x: tf.math.is_inf(x), [0.0, float("nan"), float("inf"), -float("inf")]),
    "is_finite": (lambda tf, x: tf.math.is_finite(x), [0.0, float("nan"), float("inf")]),
    "zero_fraction": (lambda tf, x: tf.math.zero_fraction(x), [0.0, 1.0, 0.0, 2.0]),
    "relu": (lambda tf, x: tf.nn.relu(x), None),
    "relu6": (lambda tf, x: tf.nn.relu6(x), [-1.0, 3.0, 6.0, 8.0]),
    "leaky_relu": (lambda tf, x: tf.nn.leaky_relu(x), None),
    "leaky_relu_alpha": (lambda tf, x: tf.nn.leaky_relu(x, alpha=0.5), None),
    "elu": (lambda tf, x: tf.nn.elu(x), None),
    "selu": (lambda tf, x: tf.nn.selu(x), None),
    "silu": (lambda tf, x: tf.nn.silu(x), None),
    "swish_beta": (lambda tf, x: tf.nn.swish(x, beta=2.0), None),
    "gelu_exact": (lambda tf, x: tf.nn.gelu(x), None),
    "crelu": (lambda tf, x: tf.nn.crelu(x), None),
}

for _name, (_function, _values) in _UNARY.items():

    def _unary_case(tf, np, _function=_function, _values=_values):
        x = _vector(tf) if _values is None else tf.constant(_values, tf.float32)
        return _function(tf, x)

    _define(f"unary_{_name}", _unary_case)


def case_gelu_approximate(tf, np):
    return tf.nn.gelu(_vector(tf), approximate=True)


def case_unary_float64_exp(tf, np):
    return tf.exp(_vector(tf, tf.float64))


def case_unary_float16_sqrt(tf, np):
    return tf.sqrt(tf.constant([0.5, 2.0, 3.0], tf.float16))


def case_unary_bfloat16_tanh(tf, np):
    return tf.tanh(tf.constant([-1.0, 0.5, 2.0], tf.bfloat16))


def case_unary_int_abs_sign_square(tf, np):
    x = tf.constant([-3, 0, 4])
    return [tf.abs(x), tf.sign(x), tf.square(x), tf.negative(x)]


def case_unary_complex_abs_and_angle(tf, np):
    z = tf.constant([3.0 + 4.0j, -1.0 + 0.0j, 0.0 - 2.0j])
    return [tf.abs(z), tf.math.angle(z), tf.math.real(z), tf.math.imag(z), tf.math.conj(z)]


def case_unary_complex_exp(tf, np):
    return tf.exp(tf.constant([0.0 + 3.141592653589793j, 1.0 + 1.0j], tf.complex64))


def case_bessel_i0e(tf, np):
    return tf.math.bessel_i0e(tf.constant([0.0, 1.0, 5.0]))


# ---- element-wise binary math ------------------------------------------------------------------
def case_binary_add_broadcast(tf, np):
    return tf.add(_matrix(tf), tf.constant([10.0, 20.0, 30.0]))


def case_binary_subtract_broadcast_column(tf, np):
    return tf.subtract(_matrix(tf), tf.constant([[1.0], [2.0]]))


def case_binary_multiply_int64(tf, np):
    return tf.multiply(tf.constant([3, -4], tf.int64), tf.constant([5, 6], tf.int64))


def case_binary_maximum_minimum(tf, np):
    a, b = tf.constant([1.0, float("nan"), -2.0]), tf.constant([0.5, 1.0, -3.0])
    return [tf.maximum(a, b), tf.minimum(a, b)]


def case_binary_maximum_int(tf, np):
    return tf.maximum(tf.constant([1, 5, -2]), 0)


def case_binary_squared_difference(tf, np):
    return tf.math.squared_difference(_matrix(tf), 1.0)


def case_binary_atan2(tf, np):
    return tf.atan2(tf.constant([1.0, -1.0, 0.0, 0.0]), tf.constant([1.0, -1.0, -1.0, 0.0]))


def case_binary_xlogy(tf, np):
    return tf.math.xlogy(tf.constant([0.0, 1.0, 2.0]), tf.constant([0.0, 2.0, 3.0]))


def case_binary_xdivy(tf, np):
    return tf.math.xdivy(tf.constant([0.0, 1.0]), tf.constant([0.0, 4.0]))


def case_binary_multiply_no_nan(tf, np):
    return tf.math.multiply_no_nan(tf.constant([float("inf"), 2.0]), tf.constant([0.0, 3.0]))


def case_binary_scalar_mul(tf, np):
    return tf.math.scalar_mul(2.0, _matrix(tf))


def case_binary_pow_broadcast(tf, np):
    return tf.pow(tf.constant([[2.0], [3.0]]), tf.constant([0.0, 1.0, 2.0]))


def case_binary_nextafter(tf, np):
    return tf.math.nextafter(tf.constant([1.0, 0.0]), tf.constant([2.0, -1.0]))


def case_binary_bitwise(tf, np):
    a, b = tf.constant([12, 10], tf.int32), tf.constant([10, 3], tf.int32)
    return [
        tf.bitwise.bitwise_and(a, b),
        tf.bitwise.bitwise_or(a, b),
        tf.bitwise.bitwise_xor(a, b),
        tf.bitwise.left_shift(a, 2),
        tf.bitwise.right_shift(a, 1),
        tf.bitwise.invert(a),
    ]


def case_binary_logical(tf, np):
    a, b = tf.constant([True, True, False, False]), tf.constant([True, False, True, False])
    return [tf.logical_and(a, b), tf.logical_or(a, b), tf.math.logical_xor(a, b), tf.logical_not(a)]


def case_binary_comparisons(tf, np):
    a, b = tf.constant([1, 2, 3]), tf.constant([2, 2, 2])
    return [tf.less(a, b), tf.less_equal(a, b), tf.greater(a, b), tf.greater_equal(a, b)]


def case_add_n(tf, np):
    return tf.add_n([_matrix(tf), _matrix(tf), tf.ones([2, 3])])


def case_clip_by_value(tf, np):
    return tf.clip_by_value(_vector(tf), -1.0, 1.0)


def case_clip_by_value_int(tf, np):
    return tf.clip_by_value(tf.constant([-5, 0, 5]), -2, 3)


def case_clip_by_norm(tf, np):
    return tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0)


def case_clip_by_norm_no_clip(tf, np):
    return tf.clip_by_norm(tf.constant([0.3, 0.4]), 1.0)


def case_clip_by_norm_axes(tf, np):
    return tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.3, 0.4]]), 1.0, axes=[1])


def case_clip_by_global_norm(tf, np):
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([4.0])], 2.5)
    return [clipped, norm]


# ---- scans and segments ------------------------------------------------------------------------------
def case_cumsum(tf, np):
    return tf.math.cumsum(_matrix(tf), axis=1)


def case_cumsum_exclusive_reverse(tf, np):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    return [
        tf.math.cumsum(x, exclusive=True),
        tf.math.cumsum(x, reverse=True),
        tf.math.cumsum(x, exclusive=True, reverse=True),
    ]


def case_cumsum_int(tf, np):
    return tf.math.cumsum(tf.constant([[1, 2], [3, 4]]), axis=0)


def case_cumprod(tf, np):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    return [tf.math.cumprod(x), tf.math.cumprod(x, exclusive=True), tf.math.cumprod(x, reverse=True)]


def case_cumulative_logsumexp(tf, np):
    return tf.math.cumulative_logsumexp(tf.constant([0.0, 1.0, 2.0]))


def case_segment_sum(tf, np):
    return tf.math.segment_sum(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), [0, 0, 2])


def case_segment_max_mean(tf, np):
    data, ids = tf.constant([1.0, 5.0, 2.0, 3.0]), tf.constant([0, 0, 1, 1])
    return [
        tf.math.segment_max(data, ids),
        tf.math.segment_mean(data, ids),
        tf.math.segment_min(data, ids),
        tf.math.segment_prod(data, ids),
    ]


def case_unsorted_segment_ops(tf, np):
    data, ids = tf.constant([1.0, 5.0, 2.0, 3.0]), tf.constant([2, 0, 2, 0])
    return [
        tf.math.unsorted_segment_sum(data, ids, 3),
        tf.math.unsorted_segment_max(data, ids, 3),
        tf.math.unsorted_segment_min(data, ids, 3),
        tf.math.unsorted_segment_mean(data, ids, 3),
        tf.math.unsorted_segment_prod(data, ids, 3),
        tf.math.unsorted_segment_sqrt_n(data, ids, 3),
    ]


def case_unsorted_segment_max_int_empty(tf, np):
    return tf.math.unsorted_segment_max(tf.constant([1, 2]), [0, 0], 2)


def case_bincount(tf, np):
    return tf.math.bincount(tf.constant([1, 1, 3, 0]))


def case_bincount_weights_minlength(tf, np):
    return tf.math.bincount(tf.constant([1, 1, 3]), weights=tf.constant([0.5, 1.0, 2.0]), minlength=6)


def case_polyval(tf, np):
    return tf.math.polyval(
        [tf.constant(2.0), tf.constant(-1.0), tf.constant(3.0)], tf.constant([0.0, 1.0, 2.0])
    )


# ---- reductions --------------------------------------------------------------------------------
def case_reduce_sum_all(tf, np):
    return tf.reduce_sum(_matrix(tf))


def case_reduce_sum_axis0(tf, np):
    return tf.reduce_sum(_matrix(tf), axis=0)


def case_reduce_sum_axis_negative_keepdims(tf, np):
    return tf.reduce_sum(_matrix(tf), axis=-1, keepdims=True)


def case_reduce_sum_axis_list(tf, np):
    return tf.reduce_sum(tf.reshape(tf.range(24), [2, 3, 4]), axis=[0, 2])


def case_reduce_sum_empty_axis_list(tf, np):
    return tf.reduce_sum(_matrix(tf), axis=[])


def case_reduce_sum_of_empty(tf, np):
    return [
        tf.reduce_sum(tf.zeros([0, 3]), axis=0),
        tf.reduce_prod(tf.zeros([0])),
        tf.reduce_max(tf.zeros([0])),
        tf.reduce_min(tf.zeros([0], tf.int32)),
    ]


def case_reduce_mean(tf, np):
    return [tf.reduce_mean(_matrix(tf)), tf.reduce_mean(_matrix(tf), axis=1)]


def case_reduce_mean_of_empty(tf, np):
    return tf.reduce_mean(tf.zeros([0]))


def case_reduce_max_min(tf, np):
    return [tf.reduce_max(_matrix(tf), axis=1), tf.reduce_min(_matrix(tf), axis=0)]


def case_reduce_max_with_nan(tf, np):
    x = tf.constant([1.0, float("nan"), 3.0])
    return [tf.reduce_max(x), tf.reduce_min(x)]


def case_reduce_prod(tf, np):
    return tf.reduce_prod(tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=0)


def case_reduce_prod_int(tf, np):
    return tf.reduce_prod(tf.constant([2, 3, 4]))


def case_reduce_all_any(tf, np):
    x = tf.constant([[True, False], [True, True]])
    return [tf.reduce_all(x), tf.reduce_any(x), tf.reduce_all(x, axis=1), tf.reduce_any(x, axis=0)]


def case_reduce_logsumexp(tf, np):
    return [tf.reduce_logsumexp(_matrix(tf), axis=1), tf.reduce_logsumexp(tf.constant([1000.0, 1000.0]))]


def case_reduce_logsumexp_all_inf(tf, np):
    return tf.reduce_logsumexp(tf.constant([-float("inf"), -float("inf")]))


def case_reduce_std(tf, np):
    return [tf.math.reduce_std(_matrix(tf)), tf.math.reduce_std(_matrix(tf), axis=0)]


def case_reduce_variance(tf, np):
    return tf.math.reduce_variance(_matrix(tf), axis=1, keepdims=True)


def case_reduce_euclidean_norm(tf, np):
    return [
        tf.math.reduce_euclidean_norm(tf.constant([[3.0, 4.0], [5.0, 12.0]]), axis=1),
        tf.math.reduce_euclidean_norm(tf.constant([3, 4])),
    ]


def case_reduce_sum_int8_accumulates(tf, np):
    return tf.reduce_sum(tf.constant([100, 100, -50], tf.int8))


def case_reduce_mean_float16(tf, np):
    return tf.reduce_mean(tf.constant([0.1, 0.2, 0.4], tf.float16))


def case_count_nonzero(tf, np):
    return [
        tf.math.count_nonzero(tf.constant([[0, 1], [2, 0]])),
        tf.math.count_nonzero(tf.constant([[0.0, 1.0], [2.0, 0.0]]), axis=1),
    ]


def case_argmax_argmin(tf, np):
    x = _matrix(tf)
    return [tf.argmax(x, axis=1), tf.argmin(x, axis=0), tf.argmax(x), tf.math.argmin(x, axis=1)]


def case_argmax_ties_first(tf, np):
    return tf.argmax(tf.constant([1.0, 3.0, 3.0, 2.0]))


def case_argmax_output_type(tf, np):
    return tf.argmax(tf.constant([1, 3, 2]), output_type=tf.int32)


def case_argmax_with_nan(tf, np):
    return tf.argmax(tf.constant([1.0, float("nan"), 3.0]))


def case_top_k(tf, np):
    result = tf.math.top_k(tf.constant([[1.0, 5.0, 3.0, 5.0], [0.0, -1.0, 2.0, 1.0]]), k=2)
    return [result.values, result.indices]


def case_top_k_unsorted_default_k(tf, np):
    result = tf.math.top_k(tf.constant([1, 7, 3]))
    return [result.values, result.indices]


def case_in_top_k(tf, np):
    return tf.math.in_top_k(targets=[2, 0], predictions=tf.constant([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4]]), k=2)


def case_sort(tf, np):
    x = tf.constant([3.0, -1.0, 2.0, 0.5])
    return [tf.sort(x), tf.sort(x, direction="DESCENDING")]


def case_argsort(tf, np):
    x = tf.constant([3, 1, 2, 1])
    return [tf.argsort(x), tf.argsort(x, direction="DESCENDING", stable=True)]


def case_sort_rank2(tf, np):
    return tf.sort(_matrix(tf), axis=0)


def case_unique(tf, np):
    result = tf.unique(tf.constant([4, 1, 4, 2, 1]))
    return [result.y, result.idx]


def case_unique_with_counts(tf, np):
    result = tf.unique_with_counts(tf.constant([4.0, 1.0, 4.0]))
    return [result.y, result.idx, result.count]


def case_searchsorted(tf, np):
    edges = tf.constant([[1.0, 3.0, 5.0, 7.0]])
    values = tf.constant([[0.0, 3.0, 6.0, 9.0]])
    return [tf.searchsorted(edges, values), tf.searchsorted(edges, values, side="right")]


def case_is_non_decreasing(tf, np):
    return [tf.math.is_non_decreasing([1, 1, 2]), tf.math.is_strictly_increasing([1, 1, 2])]


# ---- array: creation --------------------------------------------------------------------------
def case_zeros_ones_fill(tf, np):
    return [
        tf.zeros([2, 1]),
        tf.ones([3], tf.int64),
        tf.fill([2, 2], 7),
        tf.zeros([0, 2]),
        tf.ones([], tf.bool),
    ]


def case_zeros_like_ones_like(tf, np):
    return [
        tf.zeros_like(tf.constant([[1, 2]])),
        tf.ones_like(_matrix(tf)),
        tf.zeros_like(_matrix(tf), tf.int32),
        tf.ones_like(tf.constant([True])),
    ]


def case_range(tf, np):
    return [
        tf.range(5),
        tf.range(2, 10, 3),
        tf.range(5, 0, -2),
        tf.range(0.0, 1.0, 0.25),
        tf.range(3, dtype=tf.int64),
    ]


def case_range_float_inferred(tf, np):
    return tf.range(1, 2.5)


def case_range_empty(tf, np):
    return tf.range(3, 3)


def case_linspace(tf, np):
    return [tf.linspace(0.0, 1.0, 5), tf.linspace(tf.constant(1.0, tf.float64), 2.0, 3)]


def case_eye(tf, np):
    return [tf.eye(3), tf.eye(2, 3, dtype=tf.int32), tf.eye(2, batch_shape=[2])]


def case_one_hot(tf, np):
    return tf.one_hot([0, 2, 1], 3)


def case_one_hot_options(tf, np):
    return tf.one_hot([[0, 1], [2, -1]], 3, on_value=5, off_value=-1, axis=1)


def case_one_hot_dtype(tf, np):
    return tf.one_hot(tf.constant([1, 0], tf.int64), 2, dtype=tf.float64, axis=0)


def case_identity(tf, np):
    return tf.identity(tf.constant(["x"]))


def case_shape_size_rank(tf, np):
    x = tf.ones([2, 3, 4])
    return [tf.shape(x), tf.size(x), tf.rank(x), tf.shape(x, out_type=tf.int64), x.shape, x.ndim]


def case_shape_of_scalar(tf, np):
    return [tf.shape(tf.constant(1.0)), tf.size(tf.constant(1.0)), tf.rank(tf.constant(1.0))]


def case_sequence_mask(tf, np):
    return [tf.sequence_mask([1, 3, 0], 4), tf.sequence_mask([2, 1])]


def case_meshgrid(tf, np):
    return tf.meshgrid(tf.constant([1, 2, 3]), tf.constant([10, 20]))


def case_meshgrid_ij(tf, np):
    return tf.meshgrid(tf.constant([1, 2, 3]), tf.constant([10, 20]), indexing="ij")


# ---- array: shape manipulation ---------------------------------------------------------------------
def case_reshape(tf, np):
    x = tf.range(12)
    return [
        tf.reshape(x, [3, 4]),
        tf.reshape(x, [-1, 6]),
        tf.reshape(x, [2, -1, 2]),
        tf.reshape(tf.constant([5]), []),
    ]


def case_reshape_empty(tf, np):
    return tf.reshape(tf.zeros([0, 3]), [3, 0, -1])


def case_transpose(tf, np):
    x = tf.reshape(tf.range(24), [2, 3, 4])
    return [tf.transpose(_matrix(tf)), tf.transpose(x, [2, 0, 1]), tf.transpose(x)]


def case_transpose_conjugate(tf, np):
    return tf.transpose(tf.constant([[1.0 + 1.0j, 2.0 - 1.0j]]), conjugate=True)


def case_expand_dims(tf, np):
    x = _matrix(tf)
    return [
        tf.expand_dims(x, 0),
        tf.expand_dims(x, -1),
        tf.expand_dims(x, 1),
        tf.expand_dims(tf.constant(1), 0),
    ]


def case_squeeze(tf, np):
    x = tf.ones([1, 2, 1, 3, 1])
    return [tf.squeeze(x), tf.squeeze(x, axis=[0, 2]), tf.squeeze(x, axis=-1)]


def case_concat(tf, np):
    a, b = tf.constant([[1, 2]]), tf.constant([[3, 4], [5, 6]])
    return [tf.concat([a, b], axis=0), tf.concat([tf.transpose(a), tf.transpose(b)], axis=-1)]


def case_concat_single_and_empty_parts(tf, np):
    return [tf.concat([tf.constant([1.0])], 0), tf.concat([tf.zeros([0]), tf.constant([1.0, 2.0])], 0)]


def case_stack_unstack(tf, np):
    a, b = tf.constant([1, 2]), tf.constant([3, 4])
    return [
        tf.stack([a, b]),
        tf.stack([a, b], axis=1),
        tf.stack([a, b], axis=-1),
        tf.unstack(tf.constant([[1, 2, 3], [4, 5, 6]]), axis=1),
    ]


def case_stack_scalars(tf, np):
    return tf.stack([1.0, tf.constant(2.0)])


def case_split(tf, np):
    x = tf.reshape(tf.range(12), [2, 6])
    return [tf.split(x, 3, axis=1), tf.split(x, [1, -1, 2], axis=1), tf.split(x, 2)]


def case_tile(tf, np):
    return [tf.tile(tf.constant([[1, 2]]), [2, 3]), tf.tile(tf.constant([1.0]), [0])]


def case_pad_constant(tf, np):
    x = tf.constant([[1, 2], [3, 4]])
    return [tf.pad(x, [[1, 0], [0, 2]]), tf.pad(x, [[0, 1], [1, 1]], constant_values=9)]


def case_pad_reflect_symmetric(tf, np):
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    return [tf.pad(x, [[1, 1], [2, 2]], mode="REFLECT"), tf.pad(x, [[1, 1], [2, 2]], mode="SYMMETRIC")]


def case_pad_reflect_too_large(tf, np):
    return tf.pad(tf.constant([1, 2]), [[2, 0]], mode="REFLECT")


def case_reverse(tf, np):
    x = tf.reshape(tf.range(6), [2, 3])
    return [tf.reverse(x, [0]), tf.reverse(x, [-1]), tf.reverse(x, [0, 1])]


def case_reverse_sequence(tf, np):
    return tf.reverse_sequence(tf.constant([[1, 2, 3], [4, 5, 6]]), [2, 3], seq_axis=1, batch_axis=0)


def case_roll(tf, np):
    x = tf.reshape(tf.range(6), [2, 3])
    return [tf.roll(tf.range(5), 2, 0), tf.roll(x, -1, 1), tf.roll(x, [1, 1], [0, 1])]


def case_repeat(tf, np):
    return [
        tf.repeat(tf.constant([1, 2]), 2),
        tf.repeat(tf.constant([[1, 2], [3, 4]]), [1, 2], axis=0),
        tf.repeat(tf.constant([[1, 2], [3, 4]]), 2),
    ]


def case_broadcast_to(tf, np):
    return [tf.broadcast_to(tf.constant([1, 2, 3]), [2, 3]), tf.broadcast_to(tf.constant(5.0), [2])]


def case_broadcast_static_shape(tf, np):
    return tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([3]))


def case_broadcast_dynamic_shape(tf, np):
    return tf.broadcast_dynamic_shape(tf.constant([2, 1]), tf.constant([3]))


def case_space_to_depth(tf, np):
    return tf.nn.space_to_depth(tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1]), 2)


def case_depth_to_space(tf, np):
    return tf.nn.depth_to_space(tf.reshape(tf.range(8, dtype=tf.float32), [1, 1, 2, 4]), 2)


def case_scatter_nd(tf, np):
    return tf.scatter_nd([[1], [3], [1]], [10, 20, 5], [5])


def case_scatter_nd_slices(tf, np):
    return tf.scatter_nd([[0], [2]], [[1.0, 2.0], [3.0, 4.0]], [3, 2])


def case_tensor_scatter_nd_ops(tf, np):
    x = tf.constant([1, 2, 3, 4])
    indices, updates = [[0], [2]], [10, 20]
    return [
        tf.tensor_scatter_nd_update(x, indices, updates),
        tf.tensor_scatter_nd_add(x, indices, updates),
        tf.tensor_scatter_nd_sub(x, indices, updates),
        tf.tensor_scatter_nd_max(x, indices, [0, 30]),
        tf.tensor_scatter_nd_min(x, indices, [0, 30]),
    ]


def case_tensor_scatter_duplicate_add(tf, np):
    return tf.tensor_scatter_nd_add(tf.zeros([3]), [[1], [1]], [1.0, 2.0])


def case_where_index_then_gather(tf, np):
    x = tf.constant([3, -1, 4, -1, 5])
    return tf.gather(x, tf.where(x > 0)[:, 0])


def case_invert_permutation(tf, np):
    return tf.math.invert_permutation([2, 0, 1, 3])


# ---- linear algebra -----------------------------------------------------------------------------
def case_matmul(tf, np):
    return tf.matmul(_matrix(tf), tf.transpose(_matrix(tf)))


def case_matmul_transpose_flags(tf, np):
    a = _matrix(tf)
    return [tf.matmul(a, a, transpose_a=True), tf.matmul(a, a, transpose_b=True)]


def case_matmul_int(tf, np):
    return tf.matmul(tf.constant([[1, 2], [3, 4]]), tf.constant([[5], [6]]))


def case_matmul_batch_broadcast(tf, np):
    a = tf.reshape(tf.range(12, dtype=tf.float32), [2, 2, 3])
    b = tf.reshape(tf.range(6, dtype=tf.float32), [3, 2])
    return tf.matmul(a, b)


def case_matmul_operator(tf, np):
    return tf.constant([[1.0, 2.0]]) @ tf.constant([[3.0], [4.0]])


def case_matmul_complex_adjoint(tf, np):
    a = tf.constant([[1.0 + 1.0j, 2.0], [0.0, 1.0 - 1.0j]])
    return tf.matmul(a, a, adjoint_b=True)


def case_matmul_float64(tf, np):
    return tf.matmul(tf.constant([[0.1, 0.2]], tf.float64), tf.constant([[0.3], [0.4]], tf.float64))


def case_matvec(tf, np):
    return tf.linalg.matvec(_matrix(tf), tf.constant([1.0, 0.0, -1.0]))


def case_tensordot(tf, np):
    a = tf.reshape(tf.range(6, dtype=tf.float32), [2, 3])
    b = tf.reshape(tf.range(12, dtype=tf.float32), [3, 4])
    return [
        tf.tensordot(a, b, 1),
        tf.tensordot(a, a, [[0, 1], [0, 1]]),
        tf.tensordot(a, tf.ones([2]), [[0], [0]]),
    ]


def case_tensordot_outer(tf, np):
    return tf.tensordot(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]), axes=0)


def case_einsum(tf, np):
    a = tf.reshape(tf.range(6, dtype=tf.float32), [2, 3])
    b = tf.reshape(tf.range(12, dtype=tf.float32), [3, 4])
    return [
        tf.einsum("ij,jk->ik", a, b),
        tf.einsum("ij->ji", a),
        tf.einsum("ii", tf.eye(3) * 2.0),
        tf.einsum("ij->", a),
        tf.einsum("bi,bi->b", a, a),
        tf.einsum("i,j->ij", a[0], a[1]),
    ]


def case_einsum_ellipsis(tf, np):
    a = tf.reshape(tf.range(12, dtype=tf.float32), [2, 2, 3])
    return tf.einsum("...ij,...jk->...ik", a, tf.ones([2, 3, 1]))


def case_linalg_det(tf, np):
    return [tf.linalg.det(_square(tf)), tf.linalg.det(tf.stack([_square(tf), tf.eye(3)]))]


def case_linalg_inv(tf, np):
    return tf.linalg.inv(_square(tf))


def case_linalg_slogdet(tf, np):
    return list(tf.linalg.slogdet(tf.constant([[1.0, 2.0], [3.0, 4.0]])))


def case_linalg_logdet(tf, np):
    return tf.linalg.logdet(_square(tf))


def case_linalg_cholesky(tf, np):
    return tf.linalg.cholesky(_square(tf))


def case_linalg_cholesky_solve(tf, np):
    return tf.linalg.cholesky_solve(tf.linalg.cholesky(_square(tf)), tf.constant([[1.0], [2.0], [3.0]]))


def case_linalg_solve(tf, np):
    return tf.linalg.solve(_square(tf), tf.constant([[1.0, 0.0], [2.0, 1.0], [3.0, -1.0]]))


def case_linalg_solve_adjoint(tf, np):
    return tf.linalg.solve(tf.constant([[2.0, 1.0], [0.0, 4.0]]), tf.constant([[1.0], [2.0]]), adjoint=True)


def case_linalg_triangular_solve(tf, np):
    lower = tf.constant([[2.0, 0.0], [1.0, 4.0]])
    rhs = tf.constant([[2.0], [9.0]])
    return [
        tf.linalg.triangular_solve(lower, rhs),
        tf.linalg.triangular_solve(tf.transpose(lower), rhs, lower=False),
    ]


def case_linalg_qr_abs(tf, np):
    q, r = tf.linalg.qr(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]))
    return [tf.abs(q), tf.abs(r)]


def case_linalg_qr_full_shapes(tf, np):
    q, r = tf.linalg.qr(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), full_matrices=True)
    return [tf.shape(q), tf.shape(r)]


def case_linalg_svd(tf, np):
    x = tf.constant([[3.0, 1.0], [1.0, 3.0], [0.0, 2.0]])
    s, u, v = tf.linalg.svd(x)
    return [s, tf.abs(u), tf.abs(v), tf.linalg.svd(x, compute_uv=False)]


def case_linalg_eigh(tf, np):
    values, vectors = tf.linalg.eigh(tf.constant([[2.0, 1.0], [1.0, 3.0]]))
    return [values, tf.abs(vectors), tf.linalg.eigvalsh(_square(tf))]


def case_linalg_pinv(tf, np):
    return tf.linalg.pinv(tf.constant([[1.0, 2.0], [2.0, 4.0], [0.0, 1.0]]))


def case_linalg_lstsq(tf, np):
    return tf.linalg.lstsq(
        tf.constant([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]), tf.constant([[1.0], [2.0], [2.0]])
    )


def case_linalg_expm(tf, np):
    return tf.linalg.expm(tf.constant([[0.0, 1.0], [-1.0, 0.0]]))


def case_linalg_trace_diag(tf, np):
    x = _square(tf)
    return [
        tf.linalg.trace(x),
        tf.linalg.diag_part(x),
        tf.linalg.diag(tf.constant([1, 2])),
        tf.linalg.set_diag(x, tf.constant([0.0, 0.0, 0.0])),
    ]


def case_linalg_band_part(tf, np):
    x = tf.reshape(tf.range(16), [4, 4])
    return [tf.linalg.band_part(x, 1, 0), tf.linalg.band_part(x, 0, -1), tf.linalg.band_part(x, -1, 1)]


def case_linalg_matrix_transpose_adjoint(tf, np):
    x = tf.constant([[[1.0 + 2.0j, 3.0]]])
    return [tf.linalg.matrix_transpose(x), tf.linalg.adjoint(x)]


def case_linalg_cross(tf, np):
    return tf.linalg.cross(
        tf.constant([[1.0, 0.0, 0.0], [1.0, 2.0, 3.0]]), tf.constant([[0.0, 1.0, 0.0], [4.0, 5.0, 6.0]])
    )


def case_linalg_norm_default(tf, np):
    return [
        tf.norm(_matrix(tf)),
        tf.norm(_matrix(tf), axis=1),
        tf.norm(tf.constant([3.0, 4.0]), keepdims=True),
    ]


def case_linalg_norm_orders(tf, np):
    x = tf.constant([3.0, -4.0, 1.0])
    return [tf.norm(x, ord=1), tf.norm(x, ord=float("inf")), tf.norm(x, ord=3)]


def case_linalg_norm_matrix_orders(tf, np):
    x = _matrix(tf)
    return [
        tf.norm(x, ord="fro", axis=[0, 1]),
        tf.norm(x, ord=1, axis=[0, 1]),
        tf.norm(x, ord=float("inf"), axis=[0, 1]),
    ]


def case_linalg_norm_2(tf, np):
    return tf.norm(tf.constant([[3.0, 0.0], [0.0, 2.0]]), ord=2, axis=[0, 1])


def case_linalg_normalize(tf, np):
    normalized, norm = tf.linalg.normalize(tf.constant([3.0, 4.0]))
    return [normalized, norm]


def case_l2_normalize(tf, np):
    return [
        tf.math.l2_normalize(tf.constant([3.0, 4.0])),
        tf.math.l2_normalize(_matrix(tf), axis=1),
        tf.math.l2_normalize(tf.constant([0.0, 0.0])),
    ]


def case_global_norm(tf, np):
    return tf.linalg.global_norm([tf.constant([3.0]), tf.constant([[4.0]])])


# ---- nn: activations, losses, normalization ---------------------------------------------------
def case_softmax(tf, np):
    return [
        tf.nn.softmax(_matrix(tf)),
        tf.nn.softmax(_matrix(tf), axis=0),
        tf.nn.softmax(tf.constant([1000.0, 0.0])),
    ]


def case_log_softmax(tf, np):
    return [tf.nn.log_softmax(_matrix(tf)), tf.math.log_softmax(tf.constant([1000.0, 0.0]))]


def case_softmax_float64(tf, np):
    return tf.nn.softmax(tf.constant([1.0, 2.0, 3.0], tf.float64))


def case_bias_add(tf, np):
    return [
        tf.nn.bias_add(_matrix(tf), tf.constant([1.0, 2.0, 3.0])),
        tf.nn.bias_add(tf.ones([1, 2, 2]), tf.constant([1.0, 2.0]), data_format="NCHW"),
    ]


def case_l2_loss(tf, np):
    return tf.nn.l2_loss(_matrix(tf))


def case_moments(tf, np):
    mean, variance = tf.nn.moments(_matrix(tf), axes=[0])
    mean_all, variance_all = tf.nn.moments(_matrix(tf), axes=[0, 1], keepdims=True)
    return [mean, variance, mean_all, variance_all]


def case_batch_normalization(tf, np):
    x = _matrix(tf)
    return tf.nn.batch_normalization(
        x,
        tf.constant([0.5, 1.0, -1.0]),
        tf.constant([1.0, 4.0, 0.25]),
        offset=tf.constant([0.0, 1.0, 0.0]),
        scale=tf.constant([2.0, 1.0, 1.0]),
        variance_epsilon=1e-3,
    )


def case_softmax_cross_entropy(tf, np):
    labels = tf.constant([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    logits = tf.constant([[1.0, 2.0, 3.0], [100.0, 0.0, -100.0]])
    return tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)


def case_softmax_cross_entropy_axis0(tf, np):
    labels = tf.constant([[0.0, 1.0], [1.0, 0.0]])
    return tf.nn.softmax_cross_entropy_with_logits(labels, tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=0)


def case_sparse_softmax_cross_entropy(tf, np):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant([2, 0]), logits=tf.constant([[1.0, 2.0, 3.0], [100.0, 0.0, -100.0]])
    )


def case_sparse_softmax_cross_entropy_bad_label(tf, np):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant([3]), logits=tf.constant([[1.0, 2.0, 3.0]])
    )


def case_sigmoid_cross_entropy(tf, np):
    return tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.constant([0.0, 1.0, 0.5, 1.0]), logits=tf.constant([-100.0, 2.0, 0.0, 100.0])
    )


def case_weighted_cross_entropy(tf, np):
    return tf.nn.weighted_cross_entropy_with_logits(
        labels=tf.constant([0.0, 1.0]), logits=tf.constant([1.0, -1.0]), pos_weight=3.0
    )


def case_log_poisson_loss(tf, np):
    return [
        tf.nn.log_poisson_loss(tf.constant([1.0, 3.0]), tf.constant([0.5, 1.0])),
        tf.nn.log_poisson_loss(tf.constant([0.0, 3.0]), tf.constant([0.5, 1.0]), compute_full_loss=True),
    ]


def case_embedding_lookup(tf, np):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    return tf.nn.embedding_lookup(params, tf.constant([[2, 0], [1, 1]]))


def case_local_response_normalization(tf, np):
    return tf.nn.local_response_normalization(_images(tf), depth_radius=1, bias=1.0, alpha=0.5, beta=0.75)


def case_normalize_moments(tf, np):
    return list(
        tf.nn.normalize_moments(tf.constant(4.0), tf.constant([2.0, 4.0]), tf.constant([2.0, 8.0]), None)
    )


def case_nn_in_top_k_ties(tf, np):
    return tf.nn.in_top_k(tf.constant([1, 0]), tf.constant([[0.5, 0.5, 0.1], [0.2, 0.2, 0.2]]), 1)


# ---- convolution and pooling ---------------------------------------------------------------------
def _kernel(tf, height, width, in_channels, out_channels):
    count = height * width * in_channels * out_channels
    values = tf.range(count, dtype=tf.float32) / float(count) - 0.5
    return tf.reshape(values, [height, width, in_channels, out_channels])


def case_conv2d_valid(tf, np):
    return tf.nn.conv2d(_images(tf), _kernel(tf, 2, 2, 2, 3), strides=1, padding="VALID")


def case_conv2d_same(tf, np):
    return tf.nn.conv2d(_images(tf), _kernel(tf, 3, 3, 2, 1), strides=1, padding="SAME")


def case_conv2d_same_stride2(tf, np):
    return tf.nn.conv2d(_images(tf), _kernel(tf, 3, 3, 2, 2), strides=2, padding="SAME")


def case_conv2d_same_stride2_even_kernel(tf, np):
    return tf.nn.conv2d(_images(tf), _kernel(tf, 2, 2, 2, 1), strides=[1, 2, 2, 1], padding="SAME")


def case_conv2d_dilated(tf, np):
    return tf.nn.conv2d(_images(tf), _kernel(tf, 2, 2, 2, 1), strides=1, padding="VALID", dilations=2)


def case_conv2d_explicit_padding(tf, np):
    return tf.nn.conv2d(
        _images(tf), _kernel(tf, 2, 2, 2, 1), strides=1, padding=[[0, 0], [1, 0], [0, 2], [0, 0]]
    )


def case_conv2d_channel_mismatch(tf, np):
    return tf.nn.conv2d(_images(tf), _kernel(tf, 2, 2, 3, 1), strides=1, padding="VALID")


def case_conv1d(tf, np):
    x = tf.reshape(tf.range(10, dtype=tf.float32), [1, 5, 2])
    return [
        tf.nn.conv1d(x, _kernel(tf, 1, 3, 2, 2)[0], stride=1, padding="VALID"),
        tf.nn.conv1d(x, _kernel(tf, 1, 2, 2, 1)[0], stride=2, padding="SAME"),
    ]


def case_conv3d(tf, np):
    x = tf.reshape(tf.range(27, dtype=tf.float32) / 10.0, [1, 3, 3, 3, 1])
    kernel = tf.reshape(tf.constant([1.0, -1.0, 0.5, 2.0, 0.0, 1.0, -0.5, 1.0]), [2, 2, 2, 1, 1])
    return tf.nn.conv3d(x, kernel, strides=[1, 1, 1, 1, 1], padding="VALID")


def case_convolution_generic(tf, np):
    return tf.nn.convolution(_images(tf), _kernel(tf, 2, 2, 2, 1), padding="SAME")


def case_depthwise_conv2d(tf, np):
    return tf.nn.depthwise_conv2d(_images(tf), _kernel(tf, 2, 2, 2, 2), strides=[1, 1, 1, 1], padding="VALID")


def case_depthwise_conv2d_same_stride(tf, np):
    return tf.nn.depthwise_conv2d(_images(tf), _kernel(tf, 3, 3, 2, 1), strides=[1, 2, 2, 1], padding="SAME")


def case_separable_conv2d(tf, np):
    return tf.nn.separable_conv2d(
        _images(tf), _kernel(tf, 2, 2, 2, 1), _kernel(tf, 1, 1, 2, 3), strides=[1, 1, 1, 1], padding="VALID"
    )


def case_conv2d_transpose(tf, np):
    x = tf.reshape(tf.range(8, dtype=tf.float32), [1, 2, 2, 2])
    return tf.nn.conv2d_transpose(
        x, _kernel(tf, 3, 3, 1, 2), output_shape=[1, 4, 4, 1], strides=2, padding="SAME"
    )


def case_conv2d_transpose_valid(tf, np):
    x = tf.reshape(tf.range(4, dtype=tf.float32), [1, 2, 2, 1])
    return tf.nn.conv2d_transpose(
        x, _kernel(tf, 2, 2, 1, 1), output_shape=[1, 3, 3, 1], strides=1, padding="VALID"
    )


def case_conv1d_transpose(tf, np):
    x = tf.reshape(tf.range(3, dtype=tf.float32), [1, 3, 1])
    return tf.nn.conv1d_transpose(x, tf.constant([[[1.0]], [[2.0]]]), output_shape=[1, 6, 1], strides=2)


def case_max_pool2d(tf, np):
    return [tf.nn.max_pool2d(_images(tf), 2, 2, "VALID"), tf.nn.max_pool2d(_images(tf), 3, 2, "SAME")]


def case_avg_pool2d(tf, np):
    return [tf.nn.avg_pool2d(_images(tf), 2, 2, "VALID"), tf.nn.avg_pool2d(_images(tf), 3, 2, "SAME")]


def case_avg_pool2d_same_stride1(tf, np):
    return tf.nn.avg_pool2d(_images(tf), 3, 1, "SAME")


def case_max_pool_negative_values_same(tf, np):
    x = -tf.ones([1, 3, 3, 1]) - tf.reshape(tf.range(9, dtype=tf.float32), [1, 3, 3, 1])
    return tf.nn.max_pool2d(x, 2, 2, "SAME")


def case_pool1d(tf, np):
    x = tf.reshape(tf.constant([1.0, 3.0, 2.0, 5.0, 4.0]), [1, 5, 1])
    return [tf.nn.max_pool1d(x, 2, 2, "VALID"), tf.nn.avg_pool1d(x, 2, 2, "SAME")]


def case_pool3d(tf, np):
    x = tf.reshape(tf.range(8, dtype=tf.float32), [1, 2, 2, 2, 1])
    return [tf.nn.max_pool3d(x, 2, 1, "VALID"), tf.nn.avg_pool3d(x, 2, 1, "VALID")]


def case_pool_generic(tf, np):
    return tf.nn.pool(_images(tf), window_shape=[2, 2], pooling_type="MAX", strides=[2, 2], padding="VALID")


def case_max_pool_with_argmax(tf, np):
    values, argmax = tf.nn.max_pool_with_argmax(_images(tf), 2, 2, "VALID")
    return [values, argmax]


# ---- random: streams differ from TensorFlow by design, so only shapes, dtypes, ranges and the
# seeding rules are pinned ---------------------------------------------------------------------------
def _shape_dtype(tf, tensor):
    return [tensor.shape, tensor.dtype]


def case_random_uniform_defaults(tf, np):
    x = tf.random.uniform([2, 3], seed=1)
    return _shape_dtype(tf, x) + [tf.reduce_all((x >= 0.0) & (x < 1.0))]


def case_random_uniform_range(tf, np):
    x = tf.random.uniform([50], minval=-2.0, maxval=-1.0, dtype=tf.float64, seed=2)
    return _shape_dtype(tf, x) + [tf.reduce_all((x >= -2.0) & (x < -1.0))]


def case_random_uniform_int(tf, np):
    x = tf.random.uniform([50], minval=3, maxval=7, dtype=tf.int64, seed=3)
    return _shape_dtype(tf, x) + [tf.reduce_all((x >= 3) & (x < 7))]


def case_random_uniform_int_needs_maxval(tf, np):
    return tf.random.uniform([2], dtype=tf.int32)


def case_random_normal_shape_dtype(tf, np):
    return _shape_dtype(tf, tf.random.normal([3, 1], dtype=tf.float16, seed=4))


def case_random_truncated_normal_within_two_stddev(tf, np):
    x = tf.random.truncated_normal([200], mean=1.0, stddev=0.5, seed=5)
    return _shape_dtype(tf, x) + [tf.reduce_all(tf.abs(x - 1.0) <= 1.0)]


def case_random_shuffle_is_permutation(tf, np):
    return tf.sort(tf.random.shuffle(tf.range(10), seed=6))


def case_random_categorical_shape_dtype(tf, np):
    x = tf.random.categorical(tf.math.log([[0.5, 0.5, 0.0]]), 20, seed=7)
    return _shape_dtype(tf, x) + [tf.reduce_all(x < 2)]


def case_random_set_seed_reproducible(tf, np):
    tf.random.set_seed(123)
    first = tf.random.uniform([4])
    tf.random.set_seed(123)
    second = tf.random.uniform([4])
    return tf.reduce_all(first == second)


def case_random_consecutive_calls_differ(tf, np):
    tf.random.set_seed(123)
    return tf.reduce_any(tf.random.uniform([4], seed=1) != tf.random.uniform([4], seed=1))


def case_random_stateless_is_deterministic(tf, np):
    first = tf.random.stateless_uniform([3], seed=[1, 2])
    second = tf.random.stateless_uniform([3], seed=[1, 2])
    return [first.dtype, tf.reduce_all(first == second)]
