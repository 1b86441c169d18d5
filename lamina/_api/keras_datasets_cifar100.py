"""`tf.keras.datasets.cifar100`."""

# ruff: noqa: F401
from lamina.keras.dataset.cifar100 import load_data
