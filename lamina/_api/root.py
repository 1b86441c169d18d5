"""The top-level `tf` namespace."""

# ruff: noqa: F401
from lamina._core.backprop import GradientTape, UnconnectedGradients, custom_gradient, gradients
from lamina._core.context import executing_eagerly, name_scope
from lamina._core.convert import (
    convert_to_tensor,
    get_static_value,
    is_tensor,
    register_tensor_conversion_function,
)
from lamina._core.devices import DeviceSpec, device
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
from lamina._core.graph import Graph, Operation, init_scope
from lamina._core.module import Module
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.tensor_spec import TensorSpec
from lamina._core.variables import Variable, VariableAggregation, VariableSynchronization
from lamina._function.function import function
from lamina.keras.core_initializer import Constant as constant_initializer
from lamina.keras.core_initializer import Ones as ones_initializer
from lamina.keras.core_initializer import RandomNormal as random_normal_initializer
from lamina.keras.core_initializer import RandomUniform as random_uniform_initializer
from lamina.keras.core_initializer import Zeros as zeros_initializer

# ---- array ops ----
from lamina.ops.array_ops import (
    broadcast_dynamic_shape,
    broadcast_static_shape,
    broadcast_to,
    concat,
    ensure_shape,
    expand_dims,
    identity,
    identity_n,
    meshgrid,
    one_hot,
    pad,
    rank,
    repeat,
    reshape,
    reverse,
    reverse_sequence,
    roll,
    sequence_mask,
    shape,
    shape_n,
    size,
    split,
    squeeze,
    stack,
    tile,
    transpose,
    unstack,
)

# ---- math ops ----
from lamina.ops.cast_ops import bitcast, cast, saturate_cast
from lamina.ops.clip_ops import clip_by_global_norm, clip_by_norm, clip_by_value
from lamina.ops.comparison_ops import (
    equal,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    not_equal,
)

# ---- control flow ----
from lamina.ops.control_flow_ops import case, cond, switch_case, while_loop

# ---- creation ops ----
from lamina.ops.creation_ops import constant, eye, fill, linspace, ones, ones_like, range, zeros, zeros_like
from lamina.ops.debug_ops import Assert, assert_equal, assert_greater, assert_less, assert_rank
from lamina.ops.dependency_ops import (
    control_dependencies,
    group,
    no_op,
    tuple,  # noqa: A004 - TensorFlow's public name
)
from lamina.ops.functional_ops import foldl, foldr, map_fn, scan, vectorized_map

# ---- gradient ops ----
from lamina.ops.gradient_ops import stop_gradient
from lamina.ops.indexing_ops import (
    boolean_mask,
    gather,
    gather_nd,
    scatter_nd,
    searchsorted,
    slice,
    strided_slice,
    tensor_scatter_nd_add,
    tensor_scatter_nd_max,
    tensor_scatter_nd_min,
    tensor_scatter_nd_sub,
    tensor_scatter_nd_update,
    unique,
    unique_with_counts,
    where,
)

# ---- linear algebra ----
from lamina.ops.linalg_ops import einsum, matmul, norm, tensordot
from lamina.ops.logging_ops import print  # noqa: A004 - TensorFlow's public name
from lamina.ops.math_functions import (
    abs,
    acos,
    acosh,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    cos,
    cosh,
    exp,
    floor,
    round,
    sigmoid,
    sign,
    sin,
    sinh,
    tan,
    tanh,
)
from lamina.ops.math_ops import (
    add,
    add_n,
    complex,
    divide,
    maximum,
    minimum,
    multiply,
    negative,
    pow,
    realdiv,
    scalar_mul,
    sqrt,
    square,
    subtract,
    truediv,
    truncatediv,
    truncatemod,
)
from lamina.ops.reduction_ops import (
    argmax,
    argmin,
    argsort,
    cumsum,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    sort,
)
from lamina.ops.script_ops import numpy_function, py_function
from lamina.ops.tensor_array_ops import TensorArray

# `tensor[..., tf.newaxis]` inserts a dimension of size 1.
newaxis = None
