"""`tf.keras.datasets.fashion_mnist`."""

# ruff: noqa: F401
from lamina.keras.dataset.fashion_mnist import load_data
