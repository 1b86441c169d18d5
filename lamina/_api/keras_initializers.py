"""`tf.keras.initializers`."""

# ruff: noqa: F401
