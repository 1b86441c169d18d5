"""`tf.keras.activations`."""

# ruff: noqa: F401
from lamina.keras.activation import (
    deserialize,
    elu,
    exponential,
    gelu,
    get,
    hard_sigmoid,
    linear,
    mish,
    relu,
    selu,
    serialize,
    sigmoid,
    softmax,
    softplus,
    softsign,
    swish,
    tanh,
)
