"""`tf.keras.regularizers`."""

# ruff: noqa: F401
