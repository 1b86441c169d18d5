"""`tf.keras.datasets.mnist`."""

# ruff: noqa: F401
from lamina.keras.dataset.mnist import load_data
