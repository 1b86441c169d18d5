"""Golden cases: which error class TensorFlow raises for bad input, and the tf.errors module.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing). A case
that raises records the exception class name; the test requires lamina to raise that class.
"""


def _m23(tf):
    return tf.reshape(tf.range(6, dtype=tf.float32), [2, 3])


# ---- shape mismatches ---------------------------------------------------------------------------
def case_matmul_inner_dim_mismatch(tf, np):
    return tf.matmul(_m23(tf), _m23(tf))


def case_matmul_operator_inner_dim_mismatch(tf, np):
    return _m23(tf) @ tf.ones([2, 2])


def case_matmul_rank1(tf, np):
    return tf.matmul(tf.ones([3]), tf.ones([3]))


def case_matmul_batch_mismatch(tf, np):
    return tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 1]))


def case_add_broadcast_mismatch(tf, np):
    return tf.ones([2]) + tf.ones([3])


def case_multiply_broadcast_mismatch_rank2(tf, np):
    return tf.multiply(tf.ones([2, 3]), tf.ones([3, 2]))


def case_add_broadcast_ok(tf, np):
    return tf.ones([2, 1]) + tf.ones([3])


def case_concat_dim_mismatch(tf, np):
    return tf.concat([tf.ones([2, 3]), tf.ones([2, 4])], axis=0)


def case_concat_rank_mismatch(tf, np):
    return tf.concat([tf.ones([2, 3]), tf.ones([3])], axis=0)


def case_concat_dtype_mismatch(tf, np):
    return tf.concat([tf.ones([2]), tf.ones([2], tf.int32)], axis=0)


def case_concat_empty_list(tf, np):
    return tf.concat([], axis=0)


def case_stack_shape_mismatch(tf, np):
    return tf.stack([tf.ones([2]), tf.ones([3])])


def case_stack_dtype_mismatch(tf, np):
    return tf.stack([tf.ones([2]), tf.ones([2], tf.float64)])


def case_stack_axis_out_of_range(tf, np):
    return tf.stack([tf.ones([2]), tf.ones([2])], axis=3)


def case_reshape_wrong_count(tf, np):
    return tf.reshape(tf.range(6), [4, 2])


def case_reshape_two_unknown(tf, np):
    return tf.reshape(tf.range(6), [-1, -1])


def case_reshape_unknown_not_divisible(tf, np):
    return tf.reshape(tf.range(6), [-1, 4])


def case_reshape_negative_dim(tf, np):
    return tf.reshape(tf.range(6), [-2, 3])


def case_broadcast_to_incompatible(tf, np):
    return tf.broadcast_to(tf.ones([3]), [2, 2])


def case_add_n_shape_mismatch(tf, np):
    return tf.add_n([tf.ones([2]), tf.ones([3])])


def case_add_n_empty(tf, np):
    return tf.add_n([])


def case_tile_multiples_length(tf, np):
    return tf.tile(tf.ones([2, 2]), [2])


def case_pad_paddings_shape(tf, np):
    return tf.pad(tf.ones([2, 2]), [[1, 1]])


def case_pad_negative(tf, np):
    return tf.pad(tf.ones([2, 2]), [[-1, 0], [0, 0]])


def case_where_condition_shape(tf, np):
    return tf.where(tf.constant([True, False, True]), tf.ones([2]), tf.zeros([2]))


# ---- bad axis ---------------------------------------------------------------------------------------
def case_reduce_sum_axis_out_of_range(tf, np):
    return tf.reduce_sum(_m23(tf), axis=2)


def case_reduce_mean_negative_axis_out_of_range(tf, np):
    return tf.reduce_mean(_m23(tf), axis=-3)


def case_reduce_max_duplicate_axis(tf, np):
    return tf.reduce_max(_m23(tf), axis=[1, 1])


def case_reduce_sum_float_axis(tf, np):
    return tf.reduce_sum(_m23(tf), axis=1.0)


def case_concat_axis_out_of_range(tf, np):
    return tf.concat([tf.ones([2]), tf.ones([2])], axis=1)


def case_concat_negative_axis_out_of_range(tf, np):
    return tf.concat([tf.ones([2, 2]), tf.ones([2, 2])], axis=-3)


def case_expand_dims_axis_out_of_range(tf, np):
    return tf.expand_dims(tf.ones([2, 3]), axis=3)


def case_expand_dims_negative_axis_out_of_range(tf, np):
    return tf.expand_dims(tf.ones([2, 3]), axis=-4)


def case_squeeze_non_one_dim(tf, np):
    return tf.squeeze(tf.ones([2, 1, 3]), axis=0)


def case_squeeze_axis_out_of_range(tf, np):
    return tf.squeeze(tf.ones([2, 1]), axis=2)


def case_one_hot_axis_out_of_range(tf, np):
    return tf.one_hot([0, 1], 3, axis=5)


def case_one_hot_float_indices(tf, np):
    return tf.one_hot(tf.constant([0.0, 1.0]), 3)


def case_argmax_axis_out_of_range(tf, np):
    return tf.argmax(tf.ones([2, 3]), axis=2)


def case_transpose_bad_perm_repeat(tf, np):
    return tf.transpose(_m23(tf), perm=[0, 0])


def case_transpose_perm_wrong_length(tf, np):
    return tf.transpose(_m23(tf), perm=[1, 0, 2])


def case_transpose_perm_out_of_range(tf, np):
    return tf.transpose(_m23(tf), perm=[0, 2])


def case_reverse_axis_out_of_range(tf, np):
    return tf.reverse(_m23(tf), axis=[2])


def case_split_uneven(tf, np):
    return tf.split(tf.range(4), 3)


def case_split_sizes_wrong_sum(tf, np):
    return tf.split(tf.range(6), [2, 2])


def case_split_axis_out_of_range(tf, np):
    return tf.split(tf.range(6), 2, axis=1)


def case_unstack_axis_out_of_range(tf, np):
    return tf.unstack(tf.ones([2, 3]), axis=2)


def case_cumsum_axis_out_of_range(tf, np):
    return tf.math.cumsum(tf.ones([2, 3]), axis=2)


def case_softmax_axis_out_of_range(tf, np):
    return tf.nn.softmax(tf.ones([2, 3]), axis=2)


# ---- wrong dtype ------------------------------------------------------------------------------------
def case_add_int_float_tensors(tf, np):
    return tf.add(tf.constant([1]), tf.constant([1.0]))


def case_sin_of_int32(tf, np):
    return tf.sin(tf.constant([1, 2]))


def case_exp_of_int64(tf, np):
    return tf.exp(tf.constant([1], tf.int64))


def case_log_of_int(tf, np):
    return tf.math.log(tf.constant([1]))


def case_sqrt_of_int(tf, np):
    return tf.sqrt(tf.constant([4]))


def case_matmul_int_float(tf, np):
    return tf.matmul(tf.ones([2, 2], tf.int32), tf.ones([2, 2]))


def case_matmul_bool(tf, np):
    return tf.matmul(tf.ones([2, 2], tf.bool), tf.ones([2, 2], tf.bool))


def case_softmax_of_int(tf, np):
    return tf.nn.softmax(tf.constant([1, 2]))


def case_logical_and_of_int(tf, np):
    return tf.logical_and(tf.constant([1]), tf.constant([0]))


def case_reduce_max_of_string(tf, np):
    return tf.reduce_max(tf.constant(["a", "b"]))


def case_abs_of_uint8(tf, np):
    return tf.abs(tf.constant([1], tf.uint8))


def case_negative_of_uint8(tf, np):
    return tf.negative(tf.constant([1], tf.uint8))


def case_sigmoid_of_int(tf, np):
    return tf.sigmoid(tf.constant([1]))


def case_cast_to_unknown_dtype(tf, np):
    return tf.cast(tf.constant([1]), "float31")


def case_range_delta_zero(tf, np):
    return tf.range(0, 5, 0)


def case_range_wrong_direction(tf, np):
    return tf.range(5, 0, 1)


def case_range_mixed_dtypes(tf, np):
    return tf.range(tf.constant(0), tf.constant(5.0))


# ---- out of range indices, checked on CPU ----------------------------------------------------
def case_gather_index_too_large(tf, np):
    return tf.gather(tf.ones([3]), [0, 5])


def case_gather_index_negative(tf, np):
    return tf.gather(tf.ones([3]), [-1])


def case_gather_axis1_index_too_large(tf, np):
    return tf.gather(tf.ones([2, 3]), [3], axis=1)


def case_gather_nd_index_too_large(tf, np):
    return tf.gather_nd(tf.ones([2, 2]), [[0, 2]])


def case_scatter_nd_index_too_large(tf, np):
    return tf.scatter_nd([[4]], [1.0], [3])


def case_scatter_nd_negative_index(tf, np):
    return tf.scatter_nd([[-1]], [1.0], [3])


def case_tensor_scatter_update_index_too_large(tf, np):
    return tf.tensor_scatter_nd_update(tf.zeros([3]), [[3]], [1.0])


def case_tensor_scatter_add_index_too_large(tf, np):
    return tf.tensor_scatter_nd_add(tf.zeros([3]), [[7]], [1.0])


def case_one_hot_index_out_of_range_is_zeros(tf, np):
    return tf.one_hot([5, -1], 3)


def case_unsorted_segment_sum_id_too_large(tf, np):
    return tf.math.unsorted_segment_sum(tf.ones([3]), [0, 1, 5], num_segments=2)


# ---- integer division by zero --------------------------------------------------------------------
def case_int_floordiv_by_zero(tf, np):
    return tf.constant([1, 2]) // tf.constant([1, 0])


def case_int_floormod_by_zero(tf, np):
    return tf.constant([1, 2]) % tf.constant([0, 1])


def case_int64_floordiv_by_zero(tf, np):
    return tf.math.floordiv(tf.constant([3], tf.int64), tf.constant([0], tf.int64))


def case_int_truncatediv_by_zero(tf, np):
    return tf.truncatediv(tf.constant([3]), tf.constant([0]))


def case_int_truncatemod_by_zero(tf, np):
    return tf.truncatemod(tf.constant([3]), tf.constant([0]))


def case_uint8_floordiv_by_zero(tf, np):
    return tf.constant([3], tf.uint8) // tf.constant([0], tf.uint8)


def case_int_truediv_by_zero_is_inf(tf, np):
    return tf.constant([3]) / tf.constant([0])


def case_int_floordiv_python_zero(tf, np):
    return tf.constant([3]) // 0


# ---- linear algebra -----------------------------------------------------------------------------------
def case_inverse_singular(tf, np):
    return tf.linalg.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]]))


def case_inverse_non_square(tf, np):
    return tf.linalg.inv(tf.ones([2, 3]))


def case_inverse_of_int(tf, np):
    return tf.linalg.inv(tf.constant([[1, 0], [0, 1]]))


def case_cholesky_not_positive_definite(tf, np):
    # TensorFlow does not raise: the factor holds NaNs (and unspecified values elsewhere).
    return tf.reduce_any(tf.math.is_nan(tf.linalg.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]]))))


def case_cholesky_non_square(tf, np):
    return tf.linalg.cholesky(tf.ones([2, 3]))


def case_determinant_non_square(tf, np):
    return tf.linalg.det(tf.ones([2, 3]))


def case_solve_shape_mismatch(tf, np):
    return tf.linalg.solve(tf.eye(2), tf.ones([3, 1]))


def case_solve_singular(tf, np):
    return tf.linalg.solve(tf.zeros([2, 2]), tf.ones([2, 1]))


def case_matrix_transpose_rank1(tf, np):
    return tf.linalg.matrix_transpose(tf.ones([3]))


# ---- creation -------------------------------------------------------------------------------------
def case_fill_negative_dim(tf, np):
    return tf.fill([2, -1], 0.0)


def case_zeros_negative_dim(tf, np):
    return tf.zeros([-3])


def case_ones_negative_dim(tf, np):
    return tf.ones([2, -1])


def case_fill_non_scalar_value(tf, np):
    return tf.fill([2], [1.0, 2.0])


def case_eye_negative(tf, np):
    return tf.eye(-1)


def case_constant_ragged_list(tf, np):
    return tf.constant([[1, 2], [3]])


def case_constant_ragged_nested(tf, np):
    return tf.constant([[1, 2], [3, [4]]])


def case_constant_float_into_int(tf, np):
    return tf.constant(1.5, dtype=tf.int32)


def case_constant_list_float_into_int(tf, np):
    return tf.constant([1, 2.5], dtype=tf.int64)


def case_constant_unsupported_object(tf, np):
    return tf.constant(object())


def case_constant_none(tf, np):
    return tf.constant(None)


def case_convert_to_tensor_dict(tf, np):
    return tf.convert_to_tensor({"a": 1})


def case_one_hot_negative_depth(tf, np):
    return tf.one_hot([0], -1)


# ---- Python conversions of tensors ---------------------------------------------------------------
def case_bool_of_multi_element(tf, np):
    return bool(tf.constant([1, 2]))


def case_bool_of_single_element_vector(tf, np):
    return bool(tf.constant([0]))


def case_bool_of_empty(tf, np):
    return bool(tf.constant([], tf.int32))


def case_bool_of_scalar(tf, np):
    return [bool(tf.constant(0.0)), bool(tf.constant(3))]


def case_if_on_multi_element(tf, np):
    if tf.constant([True, False]):
        return 1
    return 0


def case_int_of_multi_element(tf, np):
    return int(tf.constant([1, 2]))


def case_int_of_scalar(tf, np):
    return [int(tf.constant(3.9)), float(tf.constant(2)), int(tf.constant([7]))]


def case_len_of_scalar(tf, np):
    return len(tf.constant(1))


def case_len_of_matrix(tf, np):
    return len(tf.ones([4, 2]))


def case_iterate_scalar(tf, np):
    return list(tf.constant(1))


def case_index_list_with_int_tensor(tf, np):
    return [1, 2, 3][tf.constant(1)]


def case_hash_tensor(tf, np):
    return hash(tf.constant(1))


def case_tensor_as_dict_key(tf, np):
    return {tf.constant(1): 1}


# ---- debugging checks ----------------------------------------------------------------------------------
def case_check_numerics_nan(tf, np):
    return tf.debugging.check_numerics(tf.constant([1.0, float("nan")]), "found a nan")


def case_check_numerics_inf(tf, np):
    return tf.debugging.check_numerics(tf.constant([float("inf")]), "found an inf")


def case_check_numerics_passes(tf, np):
    return tf.debugging.check_numerics(tf.constant([1.0, 2.0]), "fine")


def case_check_numerics_of_int(tf, np):
    return tf.debugging.check_numerics(tf.constant([1]), "ints")


def case_assert_equal_fails(tf, np):
    return tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]))


def case_assert_equal_passes(tf, np):
    return tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 2]))


def case_assert_equal_broadcast_passes(tf, np):
    return tf.debugging.assert_equal(tf.constant([2, 2]), 2)


def case_assert_equal_shape_mismatch(tf, np):
    return tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 2, 3]))


def case_assert_equal_root_alias(tf, np):
    return tf.assert_equal(tf.constant(1.0), tf.constant(2.0))


def case_assert_less_fails(tf, np):
    return tf.debugging.assert_less(tf.constant([1, 5]), tf.constant([2, 3]))


def case_assert_positive_fails(tf, np):
    return tf.debugging.assert_positive(tf.constant([1.0, 0.0]))


def case_assert_non_negative_passes(tf, np):
    return tf.debugging.assert_non_negative(tf.constant([1.0, 0.0]))


def case_assert_rank_fails(tf, np):
    return tf.debugging.assert_rank(tf.ones([2, 2]), 3)


def case_assert_shapes_fails(tf, np):
    return tf.debugging.assert_shapes([(tf.ones([2, 3]), ("n", "m")), (tf.ones([3]), ("n",))])


def case_assert_type_fails(tf, np):
    return tf.debugging.assert_type(tf.constant([1]), tf.float32)


def case_ensure_shape_mismatch(tf, np):
    return tf.ensure_shape(tf.ones([2, 3]), [3, 2])


def case_ensure_shape_rank_mismatch(tf, np):
    return tf.ensure_shape(tf.ones([2, 3]), [6])


def case_ensure_shape_passes_with_none(tf, np):
    return tf.ensure_shape(tf.ones([2, 3]), [None, 3])


def case_assert_rank_passes(tf, np):
    return tf.debugging.assert_rank(tf.ones([2, 2]), 2)


# ---- GradientTape misuse --------------------------------------------------------------------------
def case_tape_second_gradient_non_persistent(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    return tape.gradient(y, x)


def case_tape_second_gradient_persistent_ok(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    return [tape.gradient(y, x), tape.gradient(y, x)]


def case_tape_jacobian_after_gradient_non_persistent(tf, np):
    x = tf.constant([2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    return tape.jacobian(y, x)


def case_tape_reenter_active(tf, np):
    tape = tf.GradientTape()
    with tape:
        with tape:
            pass
    return 0


def case_tape_watch_non_tensor(tf, np):
    with tf.GradientTape() as tape:
        tape.watch("x")
    return 0


def case_tape_gradient_of_int_target(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(x, tf.int32)
    return tape.gradient(y, x)


def case_tape_unwatched_source_none(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    return tape.gradient(y, x)


def case_tape_bad_unconnected_option(tf, np):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 2.0
    return tape.gradient(y, x, unconnected_gradients="sometimes")


# ---- Variables ------------------------------------------------------------------------------------
def case_variable_assign_shape_mismatch(tf, np):
    v = tf.Variable([1.0, 2.0])
    v.assign([1.0, 2.0, 3.0])
    return v


def case_variable_assign_dtype_mismatch(tf, np):
    v = tf.Variable([1.0, 2.0])
    v.assign(tf.constant([1, 2]))
    return v


def case_variable_assign_float_into_int(tf, np):
    v = tf.Variable([1, 2])
    v.assign([1.5, 2.0])
    return v


def case_variable_assign_add_shape_mismatch(tf, np):
    v = tf.Variable([1.0, 2.0])
    v.assign_add([1.0])
    return v


def case_variable_assign_ok(tf, np):
    v = tf.Variable([1.0, 2.0])
    v.assign([3.0, 4.0])
    v.assign_sub([1.0, 1.0])
    return v


def case_variable_from_ragged_list(tf, np):
    return tf.Variable([[1.0], [2.0, 3.0]])


def case_variable_no_initial_value(tf, np):
    return tf.Variable()


def case_variable_hash(tf, np):
    return hash(tf.Variable(1.0))


# ---- tf.errors: hierarchy and codes -----------------------------------------------------------
_ERROR_NAMES = (
    "CancelledError",
    "UnknownError",
    "InvalidArgumentError",
    "DeadlineExceededError",
    "NotFoundError",
    "AlreadyExistsError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "FailedPreconditionError",
    "AbortedError",
    "OutOfRangeError",
    "UnimplementedError",
    "InternalError",
    "UnavailableError",
    "DataLossError",
    "UnauthenticatedError",
)

_CODE_NAMES = (
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
)


def case_errors_codes(tf, np):
    return {name: getattr(tf.errors, name) for name in _CODE_NAMES}


def case_errors_subclass_op_error(tf, np):
    return {name: issubclass(getattr(tf.errors, name), tf.errors.OpError) for name in _ERROR_NAMES}


def case_errors_class_codes(tf, np):
    return {name: getattr(tf.errors, name)(None, None, "m").error_code for name in _ERROR_NAMES}


def case_errors_op_error_is_exception(tf, np):
    return [issubclass(tf.errors.OpError, Exception), issubclass(tf.errors.InvalidArgumentError, ValueError)]


def case_errors_op_error_attributes(tf, np):
    error = tf.errors.NotFoundError(None, None, "no such file")
    return [error.message, error.error_code, error.op is None, error.node_def is None, str(error)]


def case_errors_caught_from_op(tf, np):
    try:
        tf.gather(tf.ones([2]), [4])
    except tf.errors.OpError as error:
        return [type(error).__name__, error.error_code, isinstance(error, tf.errors.InvalidArgumentError)]
    return None


def case_errors_caught_by_base_class(tf, np):
    try:
        tf.constant([1]) // tf.constant([0])
    except tf.errors.OpError as error:
        return type(error).__name__
    return None


def case_errors_raise_and_catch_user_error(tf, np):
    try:
        raise tf.errors.OutOfRangeError(None, None, "end of sequence")
    except tf.errors.OpError as error:
        return [error.error_code, error.message]
