"""`tf.keras.datasets.imdb`: 50,000 movie reviews labelled positive (1) or negative (0), as sequences
of word indices (a word's index is its frequency rank)."""

from __future__ import annotations

import json

import numpy as np

from lamina.keras.dataset import _word_sequences as ws
from lamina.keras.dataset._origins import FILE_HASHES, KERAS_DATASETS
from lamina.keras.dataset.safe_load import load_npz
from lamina.keras.util.data_file import get_file


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """The IMDB reviews: `(x_train, y_train), (x_test, y_test)`, 25,000 of each.

    x: object arrays of lists of word indices; y: int labels. Both splits are shuffled (with
    `np.random.RandomState(seed)`), then each review's indices are shifted by `index_from` and prefixed
    by `start_char`, reviews of `maxlen` words or more are dropped, and indices outside
    [skip_top, num_words) become `oov_char` (or are removed when it is None).

    Args:
      path: the file name in the cache (`~/.keras/datasets/imdb.npz` by default).
      num_words: keep the words of index below this (default: all but the largest index).
      skip_top: treat the most frequent words (indices below this) as out of vocabulary.
      maxlen: drop sequences of this length or longer.
      seed: the shuffling seed.
      start_char: the index that starts every sequence (None: none).
      oov_char: the index that replaces out-of-vocabulary words (None: remove them).
      index_from: the offset added to word indices (0..index_from-1 are reserved).

    Raises:
      ValueError: maxlen keeps no review.
      TypeError: an unknown keyword argument.
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    num_words = ws.check_kwargs(num_words, kwargs)
    path = get_file(path, origin=KERAS_DATASETS + "imdb.npz", file_hash=FILE_HASHES["imdb.npz"])
    arrays = load_npz(path)
    rng = np.random.RandomState(seed)
    x_train, y_train = ws.shuffled(rng, arrays["x_train"], arrays["y_train"])
    x_test, y_test = ws.shuffled(rng, arrays["x_test"], arrays["y_test"])
    x_train = ws.reindex(x_train, start_char, index_from)
    x_test = ws.reindex(x_test, start_char, index_from)
    x_train, y_train = ws.drop_long(maxlen, x_train, y_train)
    x_test, y_test = ws.drop_long(maxlen, x_test, y_test)
    sequences = ws.limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    split = len(x_train)
    return (
        (ws.as_object_array(sequences[:split]), y_train),
        (ws.as_object_array(sequences[split:]), y_test),
    )


def get_word_index(path="imdb_word_index.json"):
    """The dict word -> index of the IMDB vocabulary (indices before `index_from` is added).

    Raises:
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    path = get_file(
        path, origin=KERAS_DATASETS + "imdb_word_index.json", file_hash=FILE_HASHES["imdb_word_index.json"]
    )
    with open(path, encoding="utf-8") as f:
        return json.load(f)
