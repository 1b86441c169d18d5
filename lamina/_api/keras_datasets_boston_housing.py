"""`tf.keras.datasets.boston_housing`."""

# ruff: noqa: F401
from lamina.keras.dataset.boston_housing import load_data
