"""`tf.keras.optimizers.schedules`."""

# ruff: noqa: F401
