"""Golden cases: Tensor.__getitem__, tf.slice, tf.strided_slice masks, gather, gather_nd,
boolean_mask and where.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _r1(tf):
    return tf.range(6)


def _r2(tf):
    return tf.reshape(tf.range(12), [3, 4])


def _r3(tf):
    return tf.reshape(tf.range(24), [2, 3, 4])


def _r4(tf):
    return tf.reshape(tf.range(48, dtype=tf.float32), [2, 3, 2, 4])


# ---- __getitem__: integers ------------------------------------------------------------------------
def case_getitem_int_rank1(tf, np):
    return _r1(tf)[2]


def case_getitem_negative_int_rank1(tf, np):
    return _r1(tf)[-1]


def case_getitem_int_rank2_gives_row(tf, np):
    return _r2(tf)[1]


def case_getitem_two_ints_rank2(tf, np):
    return _r2(tf)[1, 2]


def case_getitem_negative_ints_rank3(tf, np):
    return _r3(tf)[-1, -2]


def case_getitem_all_ints_rank4(tf, np):
    return _r4(tf)[1, 2, 0, 3]


def case_getitem_int_out_of_range(tf, np):
    return _r1(tf)[6]


def case_getitem_negative_int_out_of_range(tf, np):
    return _r1(tf)[-7]


def case_getitem_int_out_of_range_second_dim(tf, np):
    return _r2(tf)[0, 4]


def case_getitem_too_many_indices(tf, np):
    return _r2(tf)[0, 0, 0]


def case_getitem_scalar_tensor(tf, np):
    return _r2(tf)[tf.constant(2)]


def case_getitem_scalar_int64_tensor(tf, np):
    return _r1(tf)[tf.constant(-2, tf.int64)]


def case_getitem_numpy_int(tf, np):
    return _r1(tf)[np.int64(3)]


def case_getitem_on_scalar(tf, np):
    return tf.constant(5)[0]


def case_getitem_float_index(tf, np):
    return _r1(tf)[1.0]


def case_getitem_float_tensor_index(tf, np):
    return _r1(tf)[tf.constant(1.0)]


def case_getitem_vector_tensor_index(tf, np):
    return _r1(tf)[tf.constant([0, 1])]


def case_getitem_list_index(tf, np):
    return _r2(tf)[[0, 1]]


def case_getitem_string_index(tf, np):
    return _r1(tf)["a"]


def case_getitem_bool_index(tf, np):
    return _r1(tf)[True]


# ---- __getitem__: slices ------------------------------------------------------------------------
def case_slice_basic(tf, np):
    return _r1(tf)[1:4]


def case_slice_open_start(tf, np):
    return _r1(tf)[:3]


def case_slice_open_stop(tf, np):
    return _r1(tf)[3:]


def case_slice_full(tf, np):
    return _r2(tf)[:]


def case_slice_negative_bounds(tf, np):
    return _r1(tf)[-4:-1]


def case_slice_step_two(tf, np):
    return _r1(tf)[::2]


def case_slice_step_three_with_start(tf, np):
    return _r1(tf)[1::3]


def case_slice_negative_step(tf, np):
    return _r1(tf)[::-1]


def case_slice_negative_step_with_bounds(tf, np):
    return _r1(tf)[4:1:-1]


def case_slice_negative_step_two(tf, np):
    return _r1(tf)[::-2]


def case_slice_negative_step_negative_bounds(tf, np):
    return _r1(tf)[-1:-4:-1]


def case_slice_stop_past_end_clamped(tf, np):
    return _r1(tf)[2:100]


def case_slice_start_past_end_empty(tf, np):
    return _r1(tf)[10:20]


def case_slice_start_before_begin_clamped(tf, np):
    return _r1(tf)[-100:2]


def case_slice_negative_step_out_of_range_clamped(tf, np):
    return _r1(tf)[100:-100:-1]


def case_slice_empty_when_start_after_stop(tf, np):
    return _r1(tf)[4:2]


def case_slice_zero_step(tf, np):
    return _r1(tf)[::0]


def case_slice_tensor_bounds(tf, np):
    return _r1(tf)[tf.constant(1) : tf.constant(5) : tf.constant(2)]


def case_slice_rank2_both_dims(tf, np):
    return _r2(tf)[1:, ::2]


def case_slice_rank2_row_int_col_slice(tf, np):
    return _r2(tf)[1, 1:3]


def case_slice_rank2_col_int(tf, np):
    return _r2(tf)[:, -1]


def case_slice_rank3_mixed(tf, np):
    return _r3(tf)[1, ::-1, 1:3]


def case_slice_rank4_mixed(tf, np):
    return _r4(tf)[:, 1:, 0, ::3]


def case_slice_rank2_reverse_both(tf, np):
    return _r2(tf)[::-1, ::-1]


# ---- __getitem__: ellipsis and newaxis ----------------------------------------------------------
def case_ellipsis_alone(tf, np):
    return _r3(tf)[...]


def case_ellipsis_then_int(tf, np):
    return _r3(tf)[..., 1]


def case_int_then_ellipsis(tf, np):
    return _r3(tf)[1, ...]


def case_ellipsis_in_middle(tf, np):
    return _r4(tf)[0, ..., 2]


def case_ellipsis_covering_nothing(tf, np):
    return _r2(tf)[1, ..., 2]


def case_two_ellipses(tf, np):
    return _r3(tf)[..., 0, ...]


def case_newaxis_front(tf, np):
    return _r2(tf)[tf.newaxis]


def case_newaxis_none_literal(tf, np):
    return _r2(tf)[None, :, None]


def case_newaxis_last(tf, np):
    return _r1(tf)[:, tf.newaxis]


def case_newaxis_with_ellipsis(tf, np):
    return _r3(tf)[..., tf.newaxis]


def case_newaxis_with_int_and_slice(tf, np):
    return _r3(tf)[1, tf.newaxis, 1:, -1]


def case_newaxis_on_scalar(tf, np):
    return tf.constant(3.0)[tf.newaxis]


def case_ellipsis_newaxis_slice_rank4(tf, np):
    return _r4(tf)[tf.newaxis, ..., ::2, 1]


def case_getitem_float_tensor_values(tf, np):
    return tf.constant([[1.5, 2.5], [3.5, 4.5]])[:, 1]


def case_getitem_string_tensor(tf, np):
    return tf.constant(["a", "b", "c"])[::-1]


def case_getitem_bool_tensor(tf, np):
    return tf.constant([True, False, True])[1:]


def case_getitem_variable(tf, np):
    return tf.Variable([[1.0, 2.0], [3.0, 4.0]])[1, ::-1]


# ---- tf.slice -------------------------------------------------------------------------------------
def case_tf_slice(tf, np):
    return tf.slice(_r2(tf), [1, 1], [2, 2])


def case_tf_slice_size_minus_one(tf, np):
    return tf.slice(_r2(tf), [1, 2], [-1, -1])


def case_tf_slice_rank3(tf, np):
    return tf.slice(_r3(tf), [0, 1, 2], [2, 1, 2])


def case_tf_slice_out_of_range(tf, np):
    return tf.slice(_r2(tf), [2, 0], [2, 2])


def case_tf_slice_negative_begin(tf, np):
    return tf.slice(_r2(tf), [-1, 0], [1, 2])


def case_tf_slice_rank_mismatch(tf, np):
    return tf.slice(_r2(tf), [0], [1])


def case_tf_slice_empty(tf, np):
    return tf.slice(_r2(tf), [1, 1], [0, 2])


# ---- tf.strided_slice and its masks ------------------------------------------------------------
def case_strided_slice_plain(tf, np):
    return tf.strided_slice(_r2(tf), [0, 1], [3, 4], [2, 2])


def case_strided_slice_default_strides(tf, np):
    return tf.strided_slice(_r1(tf), [1], [4])


def case_strided_slice_begin_mask(tf, np):
    return tf.strided_slice(_r2(tf), [2, 1], [3, 3], begin_mask=1)


def case_strided_slice_end_mask(tf, np):
    return tf.strided_slice(_r2(tf), [1, 1], [2, 2], end_mask=2)


def case_strided_slice_begin_and_end_mask_negative_stride(tf, np):
    return tf.strided_slice(_r1(tf), [0], [0], [-1], begin_mask=1, end_mask=1)


def case_strided_slice_ellipsis_mask(tf, np):
    return tf.strided_slice(_r3(tf), [0, 1], [0, 3], ellipsis_mask=1)


def case_strided_slice_new_axis_mask(tf, np):
    return tf.strided_slice(_r2(tf), [0, 0, 1], [0, 3, 3], new_axis_mask=1)


def case_strided_slice_shrink_axis_mask(tf, np):
    return tf.strided_slice(_r2(tf), [1, 0], [2, 4], shrink_axis_mask=1)


def case_strided_slice_shrink_both(tf, np):
    return tf.strided_slice(_r2(tf), [2, 3], [3, 4], shrink_axis_mask=3)


def case_strided_slice_shrink_negative(tf, np):
    return tf.strided_slice(_r1(tf), [-1], [0], shrink_axis_mask=1)


def case_strided_slice_all_masks(tf, np):
    return tf.strided_slice(
        _r4(tf),
        [0, 0, 1, 0],
        [0, 0, 2, 0],
        [1, 1, 1, 1],
        begin_mask=1,
        end_mask=1,
        ellipsis_mask=2,
        shrink_axis_mask=4,
    )


def case_strided_slice_new_axis_and_shrink(tf, np):
    return tf.strided_slice(_r2(tf), [0, 1, 0], [0, 2, 4], new_axis_mask=1, shrink_axis_mask=2)


def case_strided_slice_zero_stride(tf, np):
    return tf.strided_slice(_r1(tf), [0], [4], [0])


def case_strided_slice_shrink_out_of_range(tf, np):
    return tf.strided_slice(_r1(tf), [6], [7], shrink_axis_mask=1)


def case_strided_slice_clamped(tf, np):
    return tf.strided_slice(_r1(tf), [-10], [10], [3])


# ---- tf.gather --------------------------------------------------------------------------------
def case_gather_rank1(tf, np):
    return tf.gather(tf.constant([10, 20, 30, 40]), [3, 0, 0, 2])


def case_gather_scalar_index(tf, np):
    return tf.gather(_r2(tf), 1)


def case_gather_axis0_rank2(tf, np):
    return tf.gather(_r2(tf), [2, 0])


def case_gather_axis1(tf, np):
    return tf.gather(_r2(tf), [3, 1], axis=1)


def case_gather_negative_axis(tf, np):
    return tf.gather(_r3(tf), [0, 2], axis=-1)


def case_gather_index_matrix(tf, np):
    return tf.gather(tf.constant([1.5, 2.5, 3.5]), [[0, 1], [2, 2]])


def case_gather_int64_indices(tf, np):
    return tf.gather(_r2(tf), tf.constant([1, 1], tf.int64), axis=1)


def case_gather_batch_dims1(tf, np):
    params = tf.reshape(tf.range(12), [2, 6])
    return tf.gather(params, [[5, 0], [1, 2]], batch_dims=1)


def case_gather_batch_dims1_axis2(tf, np):
    params = _r3(tf)
    return tf.gather(params, [[0, 3], [2, 1]], axis=2, batch_dims=1)


def case_gather_batch_dims_negative(tf, np):
    params = tf.reshape(tf.range(12), [2, 6])
    return tf.gather(params, [[1], [4]], batch_dims=-1)


def case_gather_out_of_range(tf, np):
    return tf.gather(tf.constant([1, 2, 3]), [3])


def case_gather_negative_index(tf, np):
    return tf.gather(tf.constant([1, 2, 3]), [-1])


def case_gather_float_indices(tf, np):
    return tf.gather(tf.constant([1, 2, 3]), tf.constant([0.0]))


def case_gather_strings(tf, np):
    return tf.gather(tf.constant(["a", "b", "c"]), [2, 0])


def case_gather_empty_indices(tf, np):
    return tf.gather(_r2(tf), tf.constant([], tf.int32))


def case_gather_axis_out_of_range(tf, np):
    return tf.gather(_r2(tf), [0], axis=2)


# ---- tf.gather_nd ------------------------------------------------------------------------------
def case_gather_nd_elements(tf, np):
    return tf.gather_nd(_r2(tf), [[0, 0], [2, 3], [1, 2]])


def case_gather_nd_rows(tf, np):
    return tf.gather_nd(_r2(tf), [[2], [0]])


def case_gather_nd_rank3_slices(tf, np):
    return tf.gather_nd(_r3(tf), [[1, 2], [0, 0]])


def case_gather_nd_nested_index_batch(tf, np):
    return tf.gather_nd(_r2(tf), [[[0, 1]], [[2, 2]]])


def case_gather_nd_batch_dims1(tf, np):
    return tf.gather_nd(_r3(tf), [[1], [2]], batch_dims=1)


def case_gather_nd_batch_dims1_full_index(tf, np):
    return tf.gather_nd(_r3(tf), [[[1, 3]], [[0, 0]]], batch_dims=1)


def case_gather_nd_out_of_range(tf, np):
    return tf.gather_nd(_r2(tf), [[3, 0]])


def case_gather_nd_index_depth_too_large(tf, np):
    return tf.gather_nd(_r2(tf), [[0, 0, 0]])


def case_gather_nd_float_params(tf, np):
    return tf.gather_nd(tf.constant([[1.5, 2.5], [3.5, 4.5]]), [[1, 0]])


# ---- tf.boolean_mask -----------------------------------------------------------------------------
def case_boolean_mask_rank1(tf, np):
    return tf.boolean_mask(tf.constant([1, 2, 3, 4]), [True, False, True, False])


def case_boolean_mask_rows(tf, np):
    return tf.boolean_mask(_r2(tf), [False, True, True])


def case_boolean_mask_full_rank2(tf, np):
    return tf.boolean_mask(_r2(tf), tf.reshape(tf.range(12), [3, 4]) % 5 == 0)


def case_boolean_mask_axis1(tf, np):
    return tf.boolean_mask(_r2(tf), [True, False, False, True], axis=1)


def case_boolean_mask_all_false(tf, np):
    return tf.boolean_mask(_r2(tf), [False, False, False])


def case_boolean_mask_wrong_length(tf, np):
    return tf.boolean_mask(_r2(tf), [True, False])


def case_boolean_mask_scalar_mask(tf, np):
    return tf.boolean_mask(_r1(tf), True)


def case_boolean_mask_float_values(tf, np):
    return tf.boolean_mask(tf.constant([0.5, -1.5, 2.5]), tf.constant([0.5, -1.5, 2.5]) > 0)


# ---- tf.where -------------------------------------------------------------------------------------
def case_where_one_arg_rank1(tf, np):
    return tf.where([True, False, True, True])


def case_where_one_arg_rank2(tf, np):
    return tf.where(tf.constant([[1, 0], [0, 3]]) > 0)


def case_where_one_arg_numeric_input(tf, np):
    return tf.where(tf.constant([0.0, 1.5, 0.0, -2.0]))


def case_where_one_arg_none_true(tf, np):
    return tf.where(tf.constant([False, False]))


def case_where_three_args(tf, np):
    return tf.where([True, False, True], [1, 2, 3], [10, 20, 30])


def case_where_broadcast_condition(tf, np):
    return tf.where(tf.constant([[True], [False]]), tf.constant([[1.0, 2.0], [3.0, 4.0]]), 0.0)


def case_where_broadcast_scalars(tf, np):
    return tf.where(tf.constant([True, False, False]), 1, -1)


def case_where_dtype_mismatch(tf, np):
    return tf.where([True, False], tf.constant([1, 2]), tf.constant([1.0, 2.0]))


def case_where_shape_mismatch(tf, np):
    return tf.where([True, False], tf.constant([1, 2, 3]), tf.constant([1, 2, 3]))


def case_where_strings(tf, np):
    return tf.where([True, False], tf.constant(["a", "b"]), tf.constant(["c", "d"]))


def case_where_nan_branch_not_taken(tf, np):
    x = tf.constant([0.0, 4.0])
    return tf.where(x > 0, tf.sqrt(x), tf.zeros_like(x))
