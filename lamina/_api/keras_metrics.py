"""`tf.keras.metrics`."""

# ruff: noqa: F401
