"""`tf.keras.datasets.cifar10`."""

# ruff: noqa: F401
from lamina.keras.dataset.cifar10 import load_data
