"""`tf.keras.optimizers` (also `tf.optimizers`)."""

# ruff: noqa: F401
from lamina._api import keras_optimizers_schedules as schedules
