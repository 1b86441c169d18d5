"""`tf.keras.regularizers`."""

# ruff: noqa: F401
from lamina.keras.regularizer import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
    deserialize,
    get,
    l1_l2,
    serialize,
)
from lamina.keras.regularizer import L1 as l1
from lamina.keras.regularizer import L2 as l2
from lamina.keras.regularizer import OrthogonalRegularizer as orthogonal_regularizer
