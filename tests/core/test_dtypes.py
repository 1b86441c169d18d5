import numpy as np
import pytest

import lamina as tf


@pytest.mark.parametrize(
    "name, floating, integer, unsigned, complex_, size",
    [
        ("float16", True, False, False, False, 2),
        ("bfloat16", True, False, False, False, 2),
        ("float32", True, False, False, False, 4),
        ("float64", True, False, False, False, 8),
        ("int8", False, True, False, False, 1),
        ("int16", False, True, False, False, 2),
        ("int32", False, True, False, False, 4),
        ("int64", False, True, False, False, 8),
        ("uint8", False, True, True, False, 1),
        ("uint16", False, True, True, False, 2),
        ("uint32", False, True, True, False, 4),
        ("uint64", False, True, True, False, 8),
        ("complex64", False, False, False, True, 8),
        ("complex128", False, False, False, True, 16),
        ("bool", False, False, False, False, 1),
    ],
)
def test_dtype_properties(name, floating, integer, unsigned, complex_, size):
    dtype = tf.as_dtype(name)
    assert dtype.name == name
    assert dtype.is_floating is floating
    assert dtype.is_integer is integer
    assert dtype.is_unsigned is unsigned
    assert dtype.is_complex is complex_
    assert dtype.size == size
    assert tf.as_dtype(dtype.as_numpy_dtype) is dtype
    assert tf.as_dtype(dtype.as_datatype_enum) is dtype


def test_limits():
    assert tf.int32.max == 2**31 - 1 and tf.int32.min == -(2**31)
    assert tf.uint8.min == 0 and tf.uint8.max == 255
    assert tf.float32.max == np.finfo(np.float32).max
    assert tf.bfloat16.max > 3e38
    for dtype in (tf.bool, tf.string):
        with pytest.raises(TypeError):
            _ = dtype.max
    assert tf.int8.limits == (0, 127) and tf.float32.limits == (0, 1)


def test_as_dtype_conversions():
    assert tf.as_dtype("float") is tf.float32
    assert tf.as_dtype("double") is tf.float64
    assert tf.as_dtype(np.float64) is tf.float64
    assert tf.as_dtype(np.dtype("int16")) is tf.int16
    assert tf.as_dtype(bool) is tf.bool
    for python_type in (int, str, complex, None):
        with pytest.raises(TypeError):
            tf.as_dtype(python_type)
    assert tf.as_dtype(np.dtype("S3")) is tf.string
    assert tf.float32.real_dtype is tf.float32 and tf.complex128.real_dtype is tf.float64
    with pytest.raises(TypeError):
        tf.as_dtype("float31")


def test_equality_and_hash():
    assert tf.float32 == "float32" and tf.float32 != tf.float64
    assert tf.float32 == np.float32
    assert (tf.float32 == None) is False  # noqa: E711
    assert len({tf.float32, tf.as_dtype("float32"), tf.dtypes.float32}) == 1
    assert repr(tf.int64) == "tf.int64" and str(tf.int64) == "<dtype: 'int64'>"


def test_numpy_dtype_objects_of_refused_python_types_still_convert():
    # np.dtype("int64") == int is True in NumPy: the refusal of Python's int must be by identity.
    assert tf.as_dtype(np.dtype("int64")) is tf.int64 and tf.as_dtype(np.dtype("complex128")) is tf.complex128
