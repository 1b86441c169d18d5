"""`tf.math`."""

# ruff: noqa: F401
from lamina.ops.math_ops import add, add_n, multiply, negative, subtract
