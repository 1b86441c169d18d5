"""Golden cases: GradientTape gradients whose TensorFlow values are worth pinning (ties, kinks,
NaN branches, sparse ops, integer sources, higher order, Jacobians, custom gradients).

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
Sparse gradients (TensorFlow's IndexedSlices) are densified with tf.convert_to_tensor so both sides
compare dense values.
"""

TOLERANCE = {
    "softmax_cross_entropy": {"rtol": 1e-5, "atol": 1e-6},
    "sparse_softmax_cross_entropy": {"rtol": 1e-5, "atol": 1e-6},
    "sigmoid_cross_entropy": {"rtol": 1e-5, "atol": 1e-6},
    "log_softmax": {"rtol": 1e-5, "atol": 1e-6},
    "jacobian_of_softmax": {"rtol": 1e-5, "atol": 1e-6},
}


def _grad(tf, function, *values):
    """Gradient of function(*sources) (summed) with respect to each source, sources watched."""
    sources = [tf.constant(v) if not hasattr(v, "dtype") else v for v in values]
    with tf.GradientTape() as tape:
        for source in sources:
            tape.watch(source)
        target = function(*sources)
    grads = tape.gradient(target, sources)
    return [None if g is None else tf.convert_to_tensor(g) for g in grads]


def _grad1(tf, function, value):
    return _grad(tf, function, value)[0]


# ---- ties and kinks ---------------------------------------------------------------------------------
def case_reduce_max_ties(tf, np):
    return _grad1(tf, tf.reduce_max, [1.0, 3.0, 3.0, 2.0])


def case_reduce_max_ties_axis(tf, np):
    return _grad1(tf, lambda x: tf.reduce_max(x, axis=1), [[1.0, 1.0, 0.0], [2.0, 5.0, 5.0]])


def case_reduce_min_ties(tf, np):
    return _grad1(tf, tf.reduce_min, [0.0, 0.0, 0.0, 1.0])


def case_maximum_ties(tf, np):
    return _grad(tf, tf.maximum, [1.0, 2.0, 3.0], [1.0, 1.0, 4.0])


def case_minimum_ties(tf, np):
    return _grad(tf, tf.minimum, [1.0, 2.0, 3.0], [1.0, 1.0, 4.0])


def case_abs_at_zero(tf, np):
    return _grad1(tf, tf.abs, [-2.0, 0.0, 3.0])


def case_relu_at_zero(tf, np):
    return _grad1(tf, tf.nn.relu, [-1.0, 0.0, 1.0])


def case_relu6_at_bounds(tf, np):
    return _grad1(tf, tf.nn.relu6, [-1.0, 0.0, 3.0, 6.0, 7.0])


def case_leaky_relu_at_zero(tf, np):
    return _grad1(tf, lambda x: tf.nn.leaky_relu(x, alpha=0.1), [-1.0, 0.0, 1.0])


def case_elu_at_zero(tf, np):
    return _grad1(tf, tf.nn.elu, [-1.0, 0.0, 1.0])


def case_sqrt_at_zero(tf, np):
    return _grad1(tf, tf.sqrt, [0.0, 4.0])


def case_log_at_zero(tf, np):
    return _grad1(tf, tf.math.log, [0.0, 2.0])


def case_pow_at_zero_base(tf, np):
    return _grad(tf, tf.pow, [0.0, 2.0], [2.0, 3.0])


def case_pow_zero_to_zero(tf, np):
    return _grad(tf, tf.pow, [0.0], [0.0])


def case_sign_gradient_is_zero(tf, np):
    return _grad1(tf, tf.sign, [-1.0, 0.0, 2.0])


def case_round_and_floor_zero_gradient(tf, np):
    return _grad1(tf, lambda x: tf.round(x) + tf.floor(x), [0.5, 1.7])


def case_clip_by_value_at_bounds(tf, np):
    return _grad1(tf, lambda x: tf.clip_by_value(x, 0.0, 1.0), [-1.0, 0.0, 0.5, 1.0, 2.0])


def case_clip_by_value_tensor_bounds(tf, np):
    return _grad(
        tf, lambda x, lo, hi: tf.clip_by_value(x, lo, hi), [-1.0, 0.5, 2.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]
    )


def case_norm_at_zero(tf, np):
    return _grad1(tf, tf.norm, [0.0, 0.0])


def case_norm_nonzero(tf, np):
    return _grad1(tf, tf.norm, [3.0, 4.0])


def case_l2_normalize_at_zero(tf, np):
    return _grad1(tf, tf.math.l2_normalize, [0.0, 0.0])


def case_reduce_prod_with_zero(tf, np):
    return _grad1(tf, tf.reduce_prod, [2.0, 0.0, 3.0])


def case_reduce_prod_with_two_zeros(tf, np):
    return _grad1(tf, tf.reduce_prod, [2.0, 0.0, 0.0])


def case_divide_by_zero_gradient(tf, np):
    return _grad(tf, tf.divide, [1.0, 0.0], [0.0, 2.0])


def case_divide_no_nan_gradient(tf, np):
    return _grad(tf, tf.math.divide_no_nan, [1.0, 3.0], [0.0, 2.0])


# ---- where with a NaN branch -----------------------------------------------------------------
def case_where_nan_branch(tf, np):
    return _grad1(tf, lambda x: tf.where(x > 0.0, tf.sqrt(x), tf.zeros_like(x)), [0.0, 4.0])


def case_where_log_branch(tf, np):
    return _grad1(tf, lambda x: tf.where(x > 0.0, tf.math.log(x), x), [0.0, -1.0, 1.0])


def case_where_double_where_is_safe(tf, np):
    def safe(x):
        positive = x > 0.0
        return tf.where(positive, tf.sqrt(tf.where(positive, x, tf.ones_like(x))), tf.zeros_like(x))

    return _grad1(tf, safe, [0.0, 4.0])


def case_where_both_branch_inputs(tf, np):
    return _grad(tf, lambda a, b: tf.where([True, False], a, b), [1.0, 2.0], [3.0, 4.0])


# ---- gathers and scatters ----------------------------------------------------------------------
def case_gather_repeated_indices(tf, np):
    return _grad1(tf, lambda x: tf.gather(x, [0, 0, 2]), [1.0, 2.0, 3.0, 4.0])


def case_gather_axis1(tf, np):
    return _grad1(tf, lambda x: tf.gather(x, [1, 1], axis=1) * 2.0, [[1.0, 2.0], [3.0, 4.0]])


def case_gather_batch_dims(tf, np):
    return _grad1(tf, lambda x: tf.gather(x, [[1], [0]], batch_dims=1), [[1.0, 2.0], [3.0, 4.0]])


def case_gather_nd(tf, np):
    return _grad1(tf, lambda x: tf.gather_nd(x, [[0, 1], [0, 1], [1, 0]]), [[1.0, 2.0], [3.0, 4.0]])


def case_scatter_nd_updates(tf, np):
    return _grad1(
        tf,
        lambda u: tf.scatter_nd([[1], [3], [1]], u, [4]) * tf.constant([1.0, 2.0, 3.0, 4.0]),
        [10.0, 20.0, 30.0],
    )


def case_tensor_scatter_update(tf, np):
    def scatter(t, u):
        return tf.tensor_scatter_nd_update(t, [[0], [2]], u) * tf.constant([1.0, 2.0, 3.0])

    return _grad(tf, scatter, [1.0, 1.0, 1.0], [5.0, 6.0])


def case_tensor_scatter_add(tf, np):
    def scatter(t, u):
        return tf.tensor_scatter_nd_add(t, [[0], [0]], u) * tf.constant([2.0, 3.0])

    return _grad(tf, scatter, [1.0, 1.0], [5.0, 6.0])


def case_boolean_mask(tf, np):
    return _grad1(tf, lambda x: tf.boolean_mask(x, [True, False, True]) * 2.0, [1.0, 2.0, 3.0])


def case_getitem_slice(tf, np):
    return _grad1(tf, lambda x: x[1:, ::-1] * 3.0, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def case_unsorted_segment_sum(tf, np):
    return _grad1(
        tf, lambda x: tf.math.unsorted_segment_sum(x, [1, 0, 1], 2) * tf.constant([1.0, 5.0]), [1.0, 2.0, 3.0]
    )


# ---- casts and integers -------------------------------------------------------------------------
def case_cast_chain_float(tf, np):
    return _grad1(tf, lambda x: tf.cast(tf.cast(x, tf.float64) * 2.0, tf.float32), [1.5, -2.0])


def case_cast_through_float16(tf, np):
    return _grad1(tf, lambda x: tf.cast(x, tf.float16) * tf.constant(3.0, tf.float16), [1.5])


def case_cast_through_int_is_none(tf, np):
    return _grad1(tf, lambda x: tf.cast(tf.cast(x, tf.int32), tf.float32), [1.5, -2.0])


def case_integer_source_is_none(tf, np):
    return _grad1(tf, lambda x: x * 2, tf.constant([1, 2]))


def case_integer_source_unconnected_zero(tf, np):
    x = tf.constant([1, 2])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 2
    return tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def case_float64_source(tf, np):
    return _grad1(tf, lambda x: x * x, tf.constant([3.0], tf.float64))


def case_float16_source(tf, np):
    return _grad1(tf, lambda x: x * x, tf.constant([3.0], tf.float16))


def case_complex_source(tf, np):
    return _grad1(tf, lambda z: tf.math.real(z * tf.math.conj(z)), tf.constant([1.0 + 2.0j]))


def case_complex_multiply(tf, np):
    return _grad1(tf, lambda z: tf.math.real(z * tf.constant(2.0 + 1.0j)), tf.constant([1.0 + 1.0j]))


# ---- unconnected gradients, stop_gradient --------------------------------------------------------
def case_unconnected_none(tf, np):
    x, y = tf.constant(1.0), tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = x * 3.0
    return tape.gradient(z, [x, y])


def case_unconnected_zero(tf, np):
    x, y = tf.constant(1.0), tf.constant([2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = x * 3.0
    return tape.gradient(z, [x, y], unconnected_gradients=tf.UnconnectedGradients.ZERO)


def case_unconnected_zero_by_string(tf, np):
    x, y = tf.constant(1.0), tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = x * 3.0
    return tape.gradient(z, y, unconnected_gradients="zero")


def case_stop_gradient(tf, np):
    return _grad1(tf, lambda x: x * tf.stop_gradient(x), [3.0, -1.0])


def case_stop_gradient_whole(tf, np):
    return _grad1(tf, lambda x: tf.stop_gradient(x * x), [3.0])


def case_stop_recording(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = y * x
        w = y + z
    return tape.gradient(w, x)


def case_target_is_source(tf, np):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
    return tape.gradient(x, x)


def case_output_gradients(tf, np):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.gradient(y, x, output_gradients=tf.constant([10.0, 100.0]))


def case_list_of_targets_summed(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        a, b = x * x, x * 3.0
    return tape.gradient([a, b], x)


def case_nested_sources(tf, np):
    x, y = tf.constant(2.0), tf.constant(5.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = x * y
    return tape.gradient(z, {"a": x, "b": [y, x]})


def case_vector_target_summed(tf, np):
    return _grad1(tf, lambda x: tf.stack([x * 2.0, x * x]), [1.0, 3.0])


# ---- variables ------------------------------------------------------------------------------------
def case_variable_gradient(tf, np):
    v = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v * v)
    return tape.gradient(y, v)


def case_variable_non_trainable_is_none(tf, np):
    v = tf.Variable([1.0, 2.0], trainable=False)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v * v)
    return tape.gradient(y, v)


def case_variable_not_watched_automatically(tf, np):
    v = tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = v * v
    return tape.gradient(y, v)


def case_variable_watched_explicitly(tf, np):
    v = tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(v)
        y = v * v
    return tape.gradient(y, v)


def case_variable_read_twice(tf, np):
    v = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = v * 2.0 + v * v
    return tape.gradient(y, v)


def case_watched_variables(tf, np):
    v = tf.Variable(1.0, name="a")
    w = tf.Variable(2.0, name="b")
    with tf.GradientTape() as tape:
        _ = v * w
    return [var.numpy() for var in tape.watched_variables()]


def case_int_variable_gradient_none(tf, np):
    v = tf.Variable([1, 2])
    with tf.GradientTape() as tape:
        y = v * 2
    return tape.gradient(y, v)


# ---- persistent and nested tapes ------------------------------------------------------------------
def case_persistent_two_targets(tf, np):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    return [tape.gradient(y, x), tape.gradient(z, x)]


def case_second_derivative(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    return [dy, outer.gradient(dy, x)]


def case_second_derivative_of_sin(tf, np):
    x = tf.constant([0.5, 1.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.sin(x)
        dy = inner.gradient(y, x)
    return outer.gradient(dy, x)


def case_second_derivative_of_exp_times_square(tf, np):
    x = tf.constant(1.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.exp(x) * x * x
        dy = inner.gradient(y, x)
    return outer.gradient(dy, x)


def case_third_derivative(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = x**4
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    return t3.gradient(d2, x)


def case_second_derivative_of_relu_is_zero(tf, np):
    x = tf.constant([-1.0, 2.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.nn.relu(x) * x
        dy = inner.gradient(y, x)
    return outer.gradient(dy, x)


def case_hessian_vector_of_matmul(tf, np):
    x = tf.constant([[1.0, 2.0]])
    w = tf.constant([[1.0, 0.5], [0.0, 2.0]])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.square(tf.matmul(x, w)))
        g = inner.gradient(y, x)
    return outer.gradient(g, x)


# ---- jacobians -----------------------------------------------------------------------------------
def case_jacobian_elementwise(tf, np):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.jacobian(y, x)


def case_jacobian_matrix_output(tf, np):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.stack([x * 2.0, x * x, tf.reverse(x, [0])])
    return tape.jacobian(y, x)


def case_jacobian_scalar_target(tf, np):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x)
    return tape.jacobian(y, x)


def case_jacobian_of_matmul(tf, np):
    x = tf.constant([[1.0, 2.0]])
    w = tf.constant([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.matmul(x, w)
    return tape.jacobian(y, x)


def case_jacobian_of_softmax(tf, np):
    x = tf.constant([1.0, 2.0, 0.5])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.softmax(x)
    return tape.jacobian(y, x)


def case_jacobian_list_of_sources(tf, np):
    x, y = tf.constant([1.0, 2.0]), tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = x * y
    return tape.jacobian(z, [x, y])


def case_jacobian_unconnected_none(tf, np):
    x, y = tf.constant([1.0, 2.0]), tf.constant([3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, y])
        z = x * 2.0
    return tape.jacobian(z, y)


def case_jacobian_unconnected_zero(tf, np):
    x, y = tf.constant([1.0, 2.0]), tf.constant([3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, y])
        z = x * 2.0
    return tape.jacobian(z, y, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def case_batch_jacobian(tf, np):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    w = tf.constant([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.matmul(x, w) * tf.reduce_sum(x, axis=1, keepdims=True)
    return tape.batch_jacobian(y, x)


def case_batch_jacobian_elementwise(tf, np):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x)
    return tape.batch_jacobian(y, x)


def case_batch_jacobian_persistent_reuse(tf, np):
    x = tf.constant([[1.0], [2.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    return [tape.batch_jacobian(y, x), tape.batch_jacobian(y * 2.0, x)]


# ---- custom_gradient ----------------------------------------------------------------------------
def case_custom_gradient_scaled(tf, np):
    @tf.custom_gradient
    def triple_gradient(x):
        def grad(dy):
            return dy * 3.0

        return tf.identity(x), grad

    return _grad1(tf, lambda x: triple_gradient(x) * 2.0, [1.0, 2.0])


def case_custom_gradient_stable_log1pexp(tf, np):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1.0 - 1.0 / (1.0 + e))

        return tf.math.log(1.0 + e), grad

    return _grad1(tf, log1pexp, [0.0, 100.0])


def case_custom_gradient_two_inputs(tf, np):
    @tf.custom_gradient
    def weird_multiply(a, b):
        def grad(dy):
            return dy * 10.0, dy * 20.0

        return a * b, grad

    return _grad(tf, weird_multiply, [1.0, 2.0], [3.0, 4.0])


def case_custom_gradient_clip(tf, np):
    @tf.custom_gradient
    def clip_gradient(x):
        def grad(dy):
            return tf.clip_by_value(dy, -0.5, 0.5)

        return tf.identity(x), grad

    return _grad1(tf, lambda x: clip_gradient(x) * tf.constant([0.1, 5.0, -5.0]), [1.0, 1.0, 1.0])


# ---- losses and activations ---------------------------------------------------------------------
def case_softmax_cross_entropy(tf, np):
    labels = tf.constant([[0.0, 1.0, 0.0], [0.5, 0.25, 0.25]])
    return _grad1(
        tf, lambda z: tf.nn.softmax_cross_entropy_with_logits(labels, z), [[1.0, 2.0, 3.0], [0.5, 0.5, -1.0]]
    )


def case_sparse_softmax_cross_entropy(tf, np):
    return _grad1(
        tf,
        lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits([2, 0], z),
        [[1.0, 2.0, 3.0], [0.5, 0.5, -1.0]],
    )


def case_sigmoid_cross_entropy(tf, np):
    labels = tf.constant([0.0, 1.0, 0.5])
    return _grad1(
        tf, lambda z: tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=z), [-1.0, 2.0, 0.0]
    )


def case_log_softmax(tf, np):
    return _grad1(tf, lambda z: tf.nn.log_softmax(z) * tf.constant([1.0, 0.0, 2.0]), [1.0, 2.0, 3.0])


def case_sigmoid_and_tanh(tf, np):
    return _grad1(tf, lambda x: tf.sigmoid(x) + tf.tanh(x), [-1.0, 0.0, 2.0])


def case_softplus(tf, np):
    return _grad1(tf, tf.nn.softplus, [-30.0, 0.0, 30.0])


def case_reduce_mean_and_square(tf, np):
    return _grad1(tf, lambda x: tf.reduce_mean(tf.square(x)), [[1.0, 2.0], [3.0, 4.0]])


def case_reduce_logsumexp(tf, np):
    return _grad1(tf, tf.reduce_logsumexp, [1.0, 2.0, 3.0])


def case_matmul_both_inputs(tf, np):
    return _grad(tf, tf.matmul, [[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0], [2.0, 1.0]])


def case_broadcast_add_reduces(tf, np):
    return _grad(tf, tf.add, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [10.0, 20.0, 30.0])


def case_broadcast_multiply_scalar(tf, np):
    return _grad(tf, tf.multiply, [[1.0, 2.0], [3.0, 4.0]], 3.0)


def case_concat_and_split(tf, np):
    def f(a, b):
        left, right = tf.split(tf.concat([a, b], axis=0), [1, 3])
        return left * 2.0 + tf.reduce_sum(right) * 0.0 + tf.reduce_sum(right * right)

    return _grad(tf, f, [1.0, 2.0], [3.0, 4.0])


def case_reshape_transpose(tf, np):
    return _grad1(
        tf,
        lambda x: tf.transpose(tf.reshape(x, [2, 3])) * tf.constant([[1.0, 2.0]] * 3),
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    )


def case_cumsum(tf, np):
    return _grad1(tf, lambda x: tf.math.cumsum(x) * tf.constant([1.0, 2.0, 3.0]), [1.0, 2.0, 3.0])


def case_sort_by_top_k(tf, np):
    return _grad1(tf, lambda x: tf.math.top_k(x, k=2).values * tf.constant([1.0, 10.0]), [3.0, 1.0, 2.0])
