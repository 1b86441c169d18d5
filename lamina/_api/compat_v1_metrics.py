"""`tf.compat.v1.metrics`."""

# ruff: noqa: F401
