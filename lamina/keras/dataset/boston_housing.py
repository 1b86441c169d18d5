"""`tf.keras.datasets.boston_housing`: 506 Boston suburbs of the 1970s, 13 attributes each, with the
median home value (in $1000s) as the target."""

from __future__ import annotations

import numpy as np

from lamina.keras.dataset._origins import FILE_HASHES, KERAS_DATASETS
from lamina.keras.dataset.safe_load import load_npz
from lamina.keras.util.data_file import get_file


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """The Boston housing data: `(x_train, y_train), (x_test, y_test)`, shuffled with
    `np.random.RandomState(seed)` and split so that the last `test_split` of the rows are the test set.

    Raises:
      ValueError: test_split is not in [0, 1).
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    if not 0 <= test_split < 1:
        raise ValueError(f"test_split must be in [0, 1). Received: test_split={test_split}")
    path = get_file(
        path, origin=KERAS_DATASETS + "boston_housing.npz", file_hash=FILE_HASHES["boston_housing.npz"]
    )
    arrays = load_npz(path)
    order = np.arange(len(arrays["x"]))
    np.random.RandomState(seed).shuffle(order)
    x, y = arrays["x"][order], arrays["y"][order]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])
