"""`tf.autograph.experimental`."""

# ruff: noqa: F401
from lamina._function.autograph import do_not_convert
