"""`tf.image`."""

# ruff: noqa: F401
from lamina.ops.image_ops import ResizeMethod, resize
