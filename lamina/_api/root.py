"""The top-level `tf` namespace."""

# ruff: noqa: F401
from lamina._core.backprop import GradientTape, UnconnectedGradients, custom_gradient
from lamina._core.convert import convert_to_tensor, register_tensor_conversion_function
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
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable, VariableAggregation, VariableSynchronization

# ---- array ops ----
from lamina.ops.array_ops import constant, fill, identity, ones, reshape, stack, zeros

# ---- gradient ops ----
from lamina.ops.gradient_ops import stop_gradient

# ---- math ops ----
from lamina.ops.math_ops import add, add_n, cast, multiply, negative, subtract
