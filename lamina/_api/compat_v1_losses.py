"""`tf.compat.v1.losses`."""

# ruff: noqa: F401
