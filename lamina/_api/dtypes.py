"""`tf.dtypes`."""

# ruff: noqa: F401
from lamina._core.dtypes import (
    DType,
    as_dtype,
    bfloat16,
    bool,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    resource,
    string,
    uint8,
    uint16,
    uint32,
    uint64,
    variant,
)
from lamina.ops.cast_ops import cast, saturate_cast
from lamina.ops.math_ops import complex
