"""`tf.keras.datasets.reuters`: 11,228 Reuters newswires labelled with one of 46 topics, as sequences
of word indices (a word's index is its frequency rank)."""

from __future__ import annotations

import json

import numpy as np

from lamina.keras.dataset import _word_sequences as ws
from lamina.keras.dataset._origins import FILE_HASHES, KERAS_DATASETS
from lamina.keras.dataset.safe_load import load_npz
from lamina.keras.util.data_file import get_file

# The topic of each label index.
_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee",
    "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx",
    "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock",
    "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
    "dlr", "gas", "silver", "wpi", "hog", "lead",
)  # fmt: skip


def load_data(
    path="reuters.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    test_split=0.2,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """The Reuters newswires: `(x_train, y_train), (x_test, y_test)`.

    All wires are shuffled (with `np.random.RandomState(seed)`), re-indexed, filtered and limited to
    the vocabulary as in `imdb.load_data`, then the last `test_split` of them form the test set.

    Args:
      path: the file name in the cache (`~/.keras/datasets/reuters.npz` by default).
      num_words, skip_top, maxlen, seed, start_char, oov_char, index_from: as in `imdb.load_data`.
      test_split: the fraction of the wires kept for testing.

    Raises:
      ValueError: maxlen keeps no wire.
      TypeError: an unknown keyword argument.
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    num_words = ws.check_kwargs(num_words, kwargs)
    path = get_file(path, origin=KERAS_DATASETS + "reuters.npz", file_hash=FILE_HASHES["reuters.npz"])
    arrays = load_npz(path)
    sequences, labels = ws.shuffled(np.random.RandomState(seed), arrays["x"], arrays["y"])
    sequences = ws.reindex(sequences, start_char, index_from)
    sequences, labels = ws.drop_long(maxlen, sequences, labels)
    sequences = ws.limit_vocabulary(sequences, num_words, skip_top, oov_char)
    split = int(len(sequences) * (1 - test_split))
    return (
        (ws.as_object_array(sequences[:split]), labels[:split]),
        (ws.as_object_array(sequences[split:]), labels[split:]),
    )


def get_word_index(path="reuters_word_index.json"):
    """The dict word -> index of the Reuters vocabulary (indices before `index_from` is added).

    Raises:
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    path = get_file(
        path,
        origin=KERAS_DATASETS + "reuters_word_index.json",
        file_hash=FILE_HASHES["reuters_word_index.json"],
    )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, indexed by label."""
    return _LABEL_NAMES
