"""`tf.keras.activations`."""

# ruff: noqa: F401
