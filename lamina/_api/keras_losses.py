"""`tf.keras.losses`."""

# ruff: noqa: F401
