"""`tf.bitwise`."""

# ruff: noqa: F401
from lamina.ops.comparison_ops import bitwise_and, bitwise_or, bitwise_xor, invert, left_shift, right_shift
