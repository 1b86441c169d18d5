"""`tf.keras.constraints`."""

# ruff: noqa: F401
