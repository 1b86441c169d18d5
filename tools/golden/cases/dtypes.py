"""Golden cases: dtype inference, tf.as_dtype, DType properties, promotion, casts and overflow.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

# Every dtype name whose properties are pinned below.
_DTYPE_NAMES = (
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "bool",
    "complex64",
    "complex128",
    "string",
)
_NUMERIC_NAMES = (
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "complex64",
    "complex128",
)


def _define(name, function):
    """Adds a generated case (one per dtype) to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


# ---- tf.constant dtype inference from Python values -------------------------------------------
def case_constant_python_int(tf, np):
    return tf.constant(7)


def case_constant_python_int_list(tf, np):
    return tf.constant([1, -2, 3])


def case_constant_int32_max(tf, np):
    return tf.constant(2**31 - 1)


def case_constant_int32_min(tf, np):
    return tf.constant(-(2**31))


def case_constant_int_just_above_int32(tf, np):
    return tf.constant(2**31)


def case_constant_int_just_below_int32(tf, np):
    return tf.constant(-(2**31) - 1)


def case_constant_list_with_one_big_int(tf, np):
    return tf.constant([1, 2**40])


def case_constant_int64_max(tf, np):
    return tf.constant(2**63 - 1)


def case_constant_int_above_int64(tf, np):
    return tf.constant(2**63)


def case_constant_python_float(tf, np):
    return tf.constant(1.5)


def case_constant_float_list(tf, np):
    return tf.constant([0.1, -2.5, 1e-3])


def case_constant_int_float_mixed_list(tf, np):
    return tf.constant([1, 2.5, 3])


def case_constant_float_too_big_for_float32(tf, np):
    return tf.constant(1e39)


def case_constant_float_too_big_for_double(tf, np):
    return tf.constant(1e300 * 1e10)


def case_constant_nan_and_inf(tf, np):
    return tf.constant([float("nan"), float("inf"), -float("inf")])


def case_constant_python_bool(tf, np):
    return tf.constant(True)


def case_constant_bool_list(tf, np):
    return tf.constant([True, False, True])


def case_constant_bool_int_mixed(tf, np):
    return tf.constant([True, 1])


def case_constant_python_str(tf, np):
    return tf.constant("hello")


def case_constant_unicode_str(tf, np):
    return tf.constant(["caf\u00e9", "\u65e5\u672c"])


def case_constant_bytes_list(tf, np):
    return tf.constant([b"a", b"bc"])


def case_constant_str_and_bytes_mixed(tf, np):
    return tf.constant(["a", b"b"])


def case_constant_str_int_mixed(tf, np):
    return tf.constant([1, "a"])


def case_constant_python_complex(tf, np):
    return tf.constant(1 + 2j)


def case_constant_complex_float_mixed(tf, np):
    return tf.constant([1.0, 2j])


def case_constant_empty_list(tf, np):
    return tf.constant([])


def case_constant_nested_empty_list(tf, np):
    return tf.constant([[], []])


def case_constant_nested_ints(tf, np):
    return tf.constant([[1, 2], [3, 4], [5, 6]])


def case_constant_tuple(tf, np):
    return tf.constant((1.0, 2.0))


def case_constant_scalar_broadcast_to_shape(tf, np):
    return tf.constant(3, shape=[2, 3])


def case_constant_list_reshaped_to_shape(tf, np):
    return tf.constant([1, 2, 3, 4, 5, 6], shape=[3, 2])


def case_constant_shape_element_count_mismatch(tf, np):
    return tf.constant([1, 2, 3], shape=[2, 2])


def case_constant_explicit_float16(tf, np):
    return tf.constant([1, 2], dtype=tf.float16)


def case_constant_explicit_float64_from_ints(tf, np):
    return tf.constant([1, 2], dtype=tf.float64)


def case_constant_explicit_int64(tf, np):
    return tf.constant(5, dtype=tf.int64)


def case_constant_explicit_complex64(tf, np):
    return tf.constant([1.5, 2.0], dtype=tf.complex64)


def case_constant_whole_float_into_int(tf, np):
    return tf.constant(2.0, dtype=tf.int32)


def case_constant_fractional_float_into_int(tf, np):
    return tf.constant(2.5, dtype=tf.int32)


def case_constant_out_of_range_into_uint8(tf, np):
    return tf.constant(300, dtype=tf.uint8)


def case_constant_negative_into_uint8(tf, np):
    return tf.constant(-1, dtype=tf.uint8)


def case_constant_int_into_bool(tf, np):
    return tf.constant(1, dtype=tf.bool)


def case_constant_bool_into_int(tf, np):
    return tf.constant(True, dtype=tf.int32)


def case_constant_complex_into_float(tf, np):
    return tf.constant(1 + 1j, dtype=tf.float32)


def case_constant_string_into_int(tf, np):
    return tf.constant("1", dtype=tf.int32)


def case_constant_dtype_given_as_string(tf, np):
    return tf.constant([1, 2], dtype="float64")


# ---- tf.constant from NumPy values: the NumPy dtype is kept -------------------------------------
def _numpy_scalar_case(np_name):
    def case(tf, np):
        return tf.constant(getattr(np, np_name)(3))

    return case


for _np_name in (
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "bool_",
):
    _define(f"constant_numpy_scalar_{_np_name}", _numpy_scalar_case(_np_name))


def case_constant_numpy_default_int_array(tf, np):
    return tf.constant(np.array([1, 2, 3]))


def case_constant_numpy_default_float_array(tf, np):
    return tf.constant(np.array([1.5, 2.5]))


def case_constant_numpy_float_array_into_int(tf, np):
    return tf.constant(np.array([1.5, -2.7]), dtype=tf.int32)


def case_constant_numpy_int64_array_into_int32(tf, np):
    return tf.constant(np.array([1, 2], dtype=np.int64), dtype=tf.int32)


def case_constant_numpy_bytes_array(tf, np):
    return tf.constant(np.array([b"x", b"yz"]))


def case_constant_numpy_unicode_array(tf, np):
    return tf.constant(np.array(["x", "yz"]))


def case_constant_numpy_object_strings(tf, np):
    return tf.constant(np.array([b"a", b"b"], dtype=object))


def case_constant_list_of_numpy_scalars(tf, np):
    return tf.constant([np.float64(1.0), np.float64(2.0)])


def case_constant_list_of_mixed_numpy_scalars(tf, np):
    return tf.constant([np.int8(1), np.int16(2)])


def case_numpy_of_string_scalar(tf, np):
    return tf.constant("ab").numpy()


def case_numpy_of_float_scalar(tf, np):
    return tf.constant(1.5).numpy()


def case_convert_to_tensor_dtype_hint_used(tf, np):
    return tf.convert_to_tensor(1, dtype_hint=tf.float32)


def case_convert_to_tensor_dtype_hint_ignored(tf, np):
    return tf.convert_to_tensor(1.5, dtype_hint=tf.int32)


def case_convert_to_tensor_wrong_dtype_for_tensor(tf, np):
    return tf.convert_to_tensor(tf.constant(1), dtype=tf.float32)


def case_convert_to_tensor_list_of_tensors(tf, np):
    return tf.convert_to_tensor([tf.constant(1.0), tf.constant(2.0)])


# ---- tf.as_dtype ------------------------------------------------------------------------------
def _as_dtype_case(make_value):
    def case(tf, np):
        return tf.as_dtype(make_value(tf, np))

    return case


# What each as_dtype case converts: a function of (tf, np), so NumPy/TensorFlow objects come from
# the module under test.
_AS_DTYPE_INPUTS = {
    "name_float32": lambda tf, np: "float32",
    "name_float": lambda tf, np: "float",
    "name_double": lambda tf, np: "double",
    "name_half": lambda tf, np: "half",
    "name_bfloat16": lambda tf, np: "bfloat16",
    "name_int8": lambda tf, np: "int8",
    "name_uint64": lambda tf, np: "uint64",
    "name_bool": lambda tf, np: "bool",
    "name_string": lambda tf, np: "string",
    "name_complex64": lambda tf, np: "complex64",
    "name_unknown": lambda tf, np: "float31",
    "numpy_type_float32": lambda tf, np: np.float32,
    "numpy_type_int64": lambda tf, np: np.int64,
    "numpy_type_uint16": lambda tf, np: np.uint16,
    "numpy_type_bool": lambda tf, np: np.bool_,
    "numpy_type_complex128": lambda tf, np: np.complex128,
    "numpy_type_object": lambda tf, np: np.object_,
    "numpy_type_bytes": lambda tf, np: np.bytes_,
    "numpy_type_str": lambda tf, np: np.str_,
    "numpy_dtype_int16": lambda tf, np: np.dtype("int16"),
    "numpy_dtype_float16": lambda tf, np: np.dtype("float16"),
    "python_float": lambda tf, np: float,
    "python_bool": lambda tf, np: bool,
    "python_int": lambda tf, np: int,
    "python_str": lambda tf, np: str,
    "python_complex": lambda tf, np: complex,
    "enum_1": lambda tf, np: 1,
    "enum_9": lambda tf, np: 9,
    "enum_bfloat16": lambda tf, np: 14,
    "enum_unknown": lambda tf, np: 1000,
    "dtype_itself": lambda tf, np: tf.int16,
    "none": lambda tf, np: None,
}

for _label, _make_value in _AS_DTYPE_INPUTS.items():
    _define(f"as_dtype_{_label}", _as_dtype_case(_make_value))


def case_dtype_equals_string_name(tf, np):
    return [tf.float32 == "float32", tf.float32 == "float64", tf.int32 != "int32"]


def case_dtype_equals_numpy_type(tf, np):
    return [tf.float32 == np.float32, tf.int64 == np.int64, tf.int64 == np.int32]


def case_dtype_aliases(tf, np):
    return [tf.half, tf.double, tf.dtypes.float32]


def case_dtype_repr(tf, np):
    return [repr(tf.float32), str(tf.int64)]


# ---- DType properties ---------------------------------------------------------------------------
def _properties_case(name):
    def case(tf, np):
        dtype = tf.as_dtype(name)
        return {
            "name": dtype.name,
            "is_floating": dtype.is_floating,
            "is_integer": dtype.is_integer,
            "is_unsigned": dtype.is_unsigned,
            "is_complex": dtype.is_complex,
            "is_bool": dtype.is_bool,
            "is_numeric": dtype.is_numeric,
            "is_quantized": dtype.is_quantized,
            "size": dtype.size,
            "real_dtype": dtype.real_dtype,
            "base_dtype": dtype.base_dtype,
            "enum": dtype.as_datatype_enum,
            "numpy_type": np.dtype(dtype.as_numpy_dtype).name,
        }

    return case


def _limits_case(name):
    def case(tf, np):
        dtype = tf.as_dtype(name)
        return [dtype.min, dtype.max]

    return case


for _name in _DTYPE_NAMES:
    _define(f"properties_{_name}", _properties_case(_name))
    _define(f"limits_{_name}", _limits_case(_name))


def case_dtype_limits_property(tf, np):
    return list(tf.int8.limits)


def case_dtype_is_compatible_with(tf, np):
    return [tf.float32.is_compatible_with(tf.float32), tf.float32.is_compatible_with(tf.float64)]


# ---- promotion: a Python scalar adopts the tensor's dtype --------------------------------------
def _scalar_adopts_case(name, right):
    def case(tf, np):
        x = tf.constant([1, 2], dtype=name)
        return (x + 3) if right else (3 * x)

    return case


for _name in _NUMERIC_NAMES:
    _define(f"python_int_adopts_{_name}", _scalar_adopts_case(_name, True))
    _define(f"python_int_left_adopts_{_name}", _scalar_adopts_case(_name, False))


def _float_scalar_case(name):
    def case(tf, np):
        return tf.constant([1, 2], dtype=name) * 0.5

    return case


for _name in ("float16", "bfloat16", "float32", "float64", "complex64", "int32", "int64", "uint8"):
    _define(f"python_float_with_{_name}_tensor", _float_scalar_case(_name))


def case_python_bool_with_int_tensor(tf, np):
    return tf.constant([1, 2]) + True


def case_python_int_too_big_for_int8_tensor(tf, np):
    return tf.constant([1], tf.int8) + 1000


def case_python_negative_int_with_uint8_tensor(tf, np):
    return tf.constant([5], tf.uint8) + (-1)


def case_python_int_with_bool_tensor(tf, np):
    return tf.logical_and(tf.constant([True, False]), True)


def case_numpy_scalar_with_float32_tensor(tf, np):
    return tf.constant([1.0, 2.0]) + np.float64(1.5)


def case_numpy_array_with_float32_tensor(tf, np):
    return tf.constant([1.0, 2.0]) + np.array([1.0, 2.0])


def case_numpy_int_array_with_int32_tensor(tf, np):
    return tf.constant([1, 2]) + np.array([1, 2])


def case_list_with_float32_tensor(tf, np):
    return tf.constant([1.0, 2.0]) + [1, 2]


# ---- promotion: tensor with tensor of another dtype is an error ---------------------------------
def _mismatch_case(left, right):
    def case(tf, np):
        return tf.constant([1, 2], dtype=left) + tf.constant([1, 2], dtype=right)

    return case


for _left, _right in (
    ("int32", "float32"),
    ("float32", "float64"),
    ("int32", "int64"),
    ("float16", "float32"),
    ("uint8", "int8"),
    ("complex64", "float32"),
    ("int64", "float64"),
    ("bfloat16", "float16"),
    ("uint32", "uint64"),
    ("complex64", "complex128"),
):
    _define(f"tensor_mismatch_add_{_left}_{_right}", _mismatch_case(_left, _right))


def case_tensor_mismatch_multiply_function(tf, np):
    return tf.multiply(tf.constant([1.0]), tf.constant([1], tf.int64))


def case_tensor_mismatch_subtract_operator(tf, np):
    return tf.constant([1.0], tf.float64) - tf.constant([1.0])


def case_tensor_mismatch_compare(tf, np):
    return tf.constant([1.0]) < tf.constant([1])


def case_add_bool_tensors(tf, np):
    return tf.constant([True]) + tf.constant([False])


def case_add_string_tensors(tf, np):
    return tf.constant(["a"]) + tf.constant(["b"])


# ---- division --------------------------------------------------------------------------------
def _truediv_case(name):
    def case(tf, np):
        return tf.constant([7, -7, 6], dtype=name) / tf.constant([2, 2, 3], dtype=name)

    return case


for _name in ("int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64"):
    _define(f"truediv_{_name}", _truediv_case(_name))


def _truediv_unsigned_case(name):
    def case(tf, np):
        return tf.constant([7, 9, 6], dtype=name) / tf.constant([2, 2, 3], dtype=name)

    return case


for _name in ("uint8", "uint16", "uint32", "uint64"):
    _define(f"truediv_{_name}", _truediv_unsigned_case(_name))


def case_truediv_int_by_python_int(tf, np):
    return tf.constant([1, 2, 3]) / 2


def case_truediv_function_int(tf, np):
    return tf.math.truediv(tf.constant([1, 2], tf.int16), tf.constant([4, 4], tf.int16))


def case_divide_function_int(tf, np):
    return tf.math.divide(tf.constant([1, 2], tf.int64), tf.constant([4, 4], tf.int64))


def case_truediv_int_by_zero(tf, np):
    return tf.constant([1, -1, 0]) / tf.constant([0, 0, 0])


def case_float_divide_by_zero(tf, np):
    return tf.constant([1.0, -1.0, 0.0]) / tf.constant(0.0)


def case_realdiv_float(tf, np):
    return tf.realdiv(tf.constant([1.0, 3.0]), tf.constant([2.0, 4.0]))


def case_floordiv_int(tf, np):
    return tf.constant([7, -7, 7, -7]) // tf.constant([2, 2, -2, -2])


def case_floordiv_int64(tf, np):
    return tf.math.floordiv(tf.constant([7, -7], tf.int64), tf.constant([3, 3], tf.int64))


def case_floordiv_int8(tf, np):
    return tf.constant([7, -7], tf.int8) // tf.constant([2, 2], tf.int8)


def case_floordiv_uint8(tf, np):
    return tf.constant([7, 255], tf.uint8) // tf.constant([2, 16], tf.uint8)


def case_floordiv_float(tf, np):
    return tf.constant([7.5, -7.5, 7.5, -7.5]) // tf.constant([2.0, 2.0, -2.0, -2.0])


def case_floordiv_float_by_zero(tf, np):
    return tf.constant([1.0, -1.0]) // tf.constant([0.0, 0.0])


def case_floormod_int(tf, np):
    return tf.constant([7, -7, 7, -7]) % tf.constant([3, 3, -3, -3])


def case_floormod_int64(tf, np):
    return tf.math.floormod(tf.constant([7, -7], tf.int64), tf.constant([2, 2], tf.int64))


def case_floormod_float(tf, np):
    return tf.constant([7.5, -7.5, 7.5, -7.5]) % tf.constant([2.0, 2.0, -2.0, -2.0])


def case_floormod_float_by_zero(tf, np):
    return tf.math.floormod(tf.constant([1.0]), tf.constant([0.0]))


def case_mod_alias(tf, np):
    return tf.math.mod(tf.constant([-5, 5]), tf.constant([3, 3]))


def case_truncatediv_int(tf, np):
    return tf.truncatediv(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))


def case_truncatemod_int(tf, np):
    return tf.truncatemod(tf.constant([7, -7, 7, -7]), tf.constant([3, 3, -3, -3]))


def case_truncatemod_float(tf, np):
    return tf.truncatemod(tf.constant([7.5, -7.5]), tf.constant([2.0, 2.0]))


def case_divide_no_nan(tf, np):
    return tf.math.divide_no_nan(tf.constant([1.0, 2.0, 0.0]), tf.constant([0.0, 4.0, 0.0]))


def case_int_floordiv_python_float(tf, np):
    return tf.constant([1, 2]) // 1.5


# ---- pow --------------------------------------------------------------------------------------
def case_pow_int(tf, np):
    return tf.constant([2, -2, 3, 0]) ** tf.constant([10, 3, 0, 0])


def case_pow_int_python_exponent(tf, np):
    return tf.constant([2, 3], tf.int64) ** 3


def case_pow_int_negative_exponent(tf, np):
    return tf.pow(tf.constant([2]), tf.constant([-1]))


def case_pow_int_overflow(tf, np):
    return tf.pow(tf.constant([2]), tf.constant([31]))


def case_pow_int8(tf, np):
    return tf.pow(tf.constant([2, -3], tf.int8), tf.constant([6, 3], tf.int8))


def case_pow_float(tf, np):
    return tf.pow(tf.constant([2.0, 4.0, -8.0, 0.0]), tf.constant([0.5, -0.5, 1.0 / 3.0, 0.0]))


def case_pow_float_python_int(tf, np):
    return tf.constant([1.5, -2.0]) ** 2


def case_pow_reflected(tf, np):
    return 2 ** tf.constant([1, 2, 3])


# ---- comparisons and logic give bool ---------------------------------------------------------
def case_less_int(tf, np):
    return tf.constant([1, 2, 3]) < 2


def case_greater_equal_float(tf, np):
    return tf.constant([1.0, 2.0, 3.0]) >= tf.constant([2.0, 2.0, 2.0])


def case_equal_function(tf, np):
    return tf.equal(tf.constant([1, 2]), tf.constant([1, 3]))


def case_not_equal_function(tf, np):
    return tf.not_equal(tf.constant([1.0, float("nan")]), tf.constant([1.0, float("nan")]))


def case_equal_operator_elementwise(tf, np):
    return tf.constant([1, 2, 3]) == 2


def case_not_equal_operator_elementwise(tf, np):
    return tf.constant([1, 2, 3]) != 2


def case_equal_operator_incompatible_shapes(tf, np):
    return tf.constant([1, 2, 3]) == tf.constant([1, 2])


def case_equal_operator_none(tf, np):
    return tf.constant([1, 2]) == None  # noqa: E711 - the operator is what is tested


def case_equal_strings(tf, np):
    return tf.equal(tf.constant(["a", "b"]), tf.constant(["a", "c"]))


def case_compare_nan(tf, np):
    nan = tf.constant([float("nan")])
    return [nan < 1.0, nan > 1.0, nan == nan]


def case_compare_bool_tensors(tf, np):
    return tf.equal(tf.constant([True, False]), tf.constant([True, True]))


def case_less_uint8(tf, np):
    return tf.constant([0, 255], tf.uint8) < tf.constant([1, 1], tf.uint8)


def case_logical_and_operator(tf, np):
    return tf.constant([True, True, False]) & tf.constant([True, False, False])


def case_logical_or_operator(tf, np):
    return tf.constant([True, False]) | tf.constant([False, False])


def case_logical_xor_operator(tf, np):
    return tf.constant([True, False]) ^ tf.constant([True, True])


def case_invert_bool(tf, np):
    return ~tf.constant([True, False])


def case_bitwise_and_int_operator(tf, np):
    return tf.constant([12, 10]) & tf.constant([10, 6])


def case_invert_int(tf, np):
    return ~tf.constant([0, 5, -1])


def case_invert_uint8(tf, np):
    return ~tf.constant([0, 5], tf.uint8)


# ---- casts --------------------------------------------------------------------------------------
def case_cast_float_to_int_truncates(tf, np):
    return tf.cast(tf.constant([1.7, -1.7, 2.5, -2.5, 0.4]), tf.int32)


def case_cast_float64_to_int64(tf, np):
    return tf.cast(tf.constant([1e15 + 0.5, -3.9], tf.float64), tf.int64)


def case_cast_negative_float_to_uint8(tf, np):
    return tf.cast(tf.constant([-1.0, -3.5]), tf.uint8)


def case_cast_large_float_to_uint8(tf, np):
    return tf.cast(tf.constant([255.0, 256.0, 300.0]), tf.uint8)


def case_cast_large_float_to_int32(tf, np):
    return tf.cast(tf.constant([3e9, -3e9]), tf.int32)


def case_cast_nan_to_int32(tf, np):
    return tf.cast(tf.constant([float("nan")]), tf.int32)


def case_cast_inf_to_int32(tf, np):
    return tf.cast(tf.constant([float("inf"), -float("inf")]), tf.int32)


def case_cast_int_to_bool(tf, np):
    return tf.cast(tf.constant([0, 2, -1]), tf.bool)


def case_cast_float_to_bool(tf, np):
    return tf.cast(tf.constant([0.0, 0.1, -0.0, float("nan")]), tf.bool)


def case_cast_bool_to_float(tf, np):
    return tf.cast(tf.constant([True, False]), tf.float32)


def case_cast_bool_to_int8(tf, np):
    return tf.cast(tf.constant([True, False]), tf.int8)


def case_cast_complex_to_float(tf, np):
    return tf.cast(tf.constant([1 + 2j, -3.5 - 1j]), tf.float32)


def case_cast_complex_to_int(tf, np):
    return tf.cast(tf.constant([1.9 + 2j, -3.5 - 1j]), tf.int32)


def case_cast_float_to_complex(tf, np):
    return tf.cast(tf.constant([1.5, -2.0]), tf.complex64)


def case_cast_complex64_to_complex128(tf, np):
    return tf.cast(tf.constant([1 + 2j], tf.complex64), tf.complex128)


def case_cast_int32_to_int8_wraps(tf, np):
    return tf.cast(tf.constant([127, 128, 255, 256, -129]), tf.int8)


def case_cast_int_to_uint8_wraps(tf, np):
    return tf.cast(tf.constant([-1, 256, 257]), tf.uint8)


def case_cast_int64_to_int32_wraps(tf, np):
    return tf.cast(tf.constant([2**33 + 5, -(2**33) - 5], tf.int64), tf.int32)


def case_cast_uint32_to_int32(tf, np):
    return tf.cast(tf.constant([2**32 - 1], tf.uint32), tf.int32)


def case_cast_int_to_float16_large(tf, np):
    return tf.cast(tf.constant([65504, 65520, 70000]), tf.float16)


def case_cast_float32_to_float16_rounding(tf, np):
    return tf.cast(
        tf.constant([1.0 / 3.0, 0.1, 1.0 + 2.0**-11, 1.0 + 3 * 2.0**-11, 65519.0, 65520.0, 1e-8]), tf.float16
    )


def case_cast_float32_to_bfloat16_rounding(tf, np):
    return tf.cast(tf.constant([1.0 / 3.0, 0.1, 1.0 + 2.0**-8, 1.0 + 3 * 2.0**-8, 3e38, 1e-40]), tf.bfloat16)


def case_cast_bfloat16_back_to_float32(tf, np):
    return tf.cast(tf.cast(tf.constant([1.0 / 3.0, 100.7]), tf.bfloat16), tf.float32)


def case_cast_float16_back_to_float32(tf, np):
    return tf.cast(tf.cast(tf.constant([1.0 / 3.0, 100.7]), tf.float16), tf.float32)


def case_cast_float64_to_float32_overflow(tf, np):
    return tf.cast(tf.constant([1e39, -1e39, 1e-50], tf.float64), tf.float32)


def case_cast_same_dtype(tf, np):
    return tf.cast(tf.constant([1, 2]), tf.int32)


def case_cast_python_list(tf, np):
    return tf.cast([1, 2], tf.float32)


def case_cast_dtype_by_name(tf, np):
    return tf.cast(tf.constant([1.5]), "float64")


def case_cast_string_to_int(tf, np):
    return tf.cast(tf.constant(["1"]), tf.int32)


def case_dtypes_cast_alias(tf, np):
    return tf.dtypes.cast(tf.constant([1.9]), tf.int64)


def case_saturate_cast_int_to_uint8(tf, np):
    return tf.dtypes.saturate_cast(tf.constant([300, -5, 7]), tf.uint8)


def case_saturate_cast_float_to_int32(tf, np):
    return tf.dtypes.saturate_cast(tf.constant([1e10, -1e10, 2.7]), tf.int32)


def case_saturate_cast_float_to_int8(tf, np):
    return tf.dtypes.saturate_cast(tf.constant([200.0, -200.0, -1.5]), tf.int8)


def case_saturate_cast_float_to_float16(tf, np):
    return tf.dtypes.saturate_cast(tf.constant([1e6, -1e6, 1.0]), tf.float16)


def case_saturate_cast_int64_to_int32(tf, np):
    return tf.saturate_cast(tf.constant([2**40, -(2**40), 5], tf.int64), tf.int32)


def case_saturate_cast_uint8_to_int8(tf, np):
    return tf.saturate_cast(tf.constant([200, 5], tf.uint8), tf.int8)


def case_saturate_cast_complex_to_float(tf, np):
    return tf.saturate_cast(tf.constant([1e39 + 1j]), tf.float32)


def case_bitcast_float_to_int(tf, np):
    return tf.bitcast(tf.constant([1.0, -2.0]), tf.int32)


def case_bitcast_int32_to_uint8(tf, np):
    return tf.bitcast(tf.constant([1, 256]), tf.uint8)


# ---- integer wraparound and float overflow ----------------------------------------------------
def case_uint8_add_wraps(tf, np):
    return tf.constant([250, 255], tf.uint8) + tf.constant([10, 1], tf.uint8)


def case_uint8_subtract_wraps(tf, np):
    return tf.constant([0, 3], tf.uint8) - tf.constant([1, 5], tf.uint8)


def case_uint32_subtract_wraps(tf, np):
    return tf.constant([0], tf.uint32) - tf.constant([1], tf.uint32)


def case_uint64_subtract_wraps(tf, np):
    return tf.constant([0], tf.uint64) - tf.constant([1], tf.uint64)


def case_int8_add_wraps(tf, np):
    return tf.constant([127, -128], tf.int8) + tf.constant([1, -1], tf.int8)


def case_int32_add_wraps(tf, np):
    return tf.constant([2**31 - 1]) + 1


def case_int32_multiply_wraps(tf, np):
    return tf.constant([65536, 100000]) * tf.constant([65536, 100000])


def case_int64_add_wraps(tf, np):
    return tf.constant([2**63 - 1], tf.int64) + 1


def case_int8_negate_min(tf, np):
    return -tf.constant([-128, 5], tf.int8)


def case_int32_abs_min(tf, np):
    return tf.abs(tf.constant([-(2**31), -3]))


def case_int_floordiv_min_by_minus_one(tf, np):
    return tf.constant([-128], tf.int8) // tf.constant([-1], tf.int8)


def case_uint16_multiply_wraps(tf, np):
    return tf.constant([300], tf.uint16) * tf.constant([300], tf.uint16)


def case_float16_overflow_to_inf(tf, np):
    return tf.constant([60000.0, -60000.0], tf.float16) * 2


def case_float16_underflow(tf, np):
    return tf.constant([1e-4], tf.float16) * tf.constant([1e-4], tf.float16)


def case_bfloat16_add(tf, np):
    return tf.constant([1.0, 256.0], tf.bfloat16) + tf.constant([0.001, 1.0], tf.bfloat16)


def case_float32_exp_overflow(tf, np):
    return tf.exp(tf.constant([100.0, -200.0]))


def case_float32_max_times_two(tf, np):
    return tf.constant([3.4e38]) * 2.0


def case_inf_minus_inf(tf, np):
    inf = tf.constant([float("inf")])
    return [inf - inf, inf * 0.0, -inf]


def case_float32_precision_sum(tf, np):
    return tf.constant([16777216.0]) + 1.0


def case_reduce_sum_int8_overflow(tf, np):
    return tf.reduce_sum(tf.constant([100, 100], tf.int8))


def case_reduce_sum_uint8_wraps(tf, np):
    return tf.reduce_sum(tf.constant([200, 100], tf.uint8))


def case_reduce_mean_int_truncates(tf, np):
    return tf.reduce_mean(tf.constant([1, 2]))


def case_reduce_mean_negative_int(tf, np):
    return tf.reduce_mean(tf.constant([-1, -2]))


def case_reduce_sum_bool_error(tf, np):
    return tf.reduce_sum(tf.constant([True, False]))


def case_reduce_sum_float16(tf, np):
    return tf.reduce_sum(tf.constant([0.1] * 10, tf.float16))


# ---- Variables keep the inferred dtype ---------------------------------------------------------
def case_variable_int_dtype(tf, np):
    return tf.Variable(1).dtype


def case_variable_float_dtype(tf, np):
    return tf.Variable([1.0, 2.0]).dtype


def case_variable_explicit_dtype(tf, np):
    return tf.Variable(1, dtype=tf.float64)


def case_variable_plus_python_float(tf, np):
    return tf.Variable([1.0, 2.0]) + 0.5


def case_variable_int_plus_python_float(tf, np):
    return tf.Variable([1, 2]) + 0.5


def case_constant_of_tensor_with_other_dtype(tf, np):
    return tf.constant(tf.constant([1, 2]), dtype=tf.float32)


def case_convert_numpy_float32_scalar(tf, np):
    return tf.convert_to_tensor(np.float32(1.5))
