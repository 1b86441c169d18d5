"""`tf.keras.datasets.reuters`."""

# ruff: noqa: F401
from lamina.keras.dataset.reuters import get_label_names, get_word_index, load_data
