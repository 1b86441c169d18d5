"""`tf.keras.datasets.imdb`."""

# ruff: noqa: F401
from lamina.keras.dataset.imdb import get_word_index, load_data
