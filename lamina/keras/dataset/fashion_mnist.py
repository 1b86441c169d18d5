"""`tf.keras.datasets.fashion_mnist`: 70,000 28x28 grayscale images of 10 kinds of clothing."""

from __future__ import annotations

import gzip
import os

import numpy as np

from lamina.keras.dataset._origins import KERAS_DATASETS
from lamina.keras.util.data_file import get_file

_FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
# IDX magic numbers: unsigned bytes, with 1 (labels) or 3 (images) dimensions.
_MAGIC = {1: 0x0801, 3: 0x0803}


def read_idx(path: str, rank: int) -> np.ndarray:
    """The uint8 array in a gzipped IDX file (big-endian header: magic, then one int per dimension).

    Raises:
      ValueError: the file is not an IDX file of unsigned bytes with `rank` dimensions.
    """
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    if magic != _MAGIC[rank]:
        raise ValueError(
            f"{path} is not an IDX file of rank-{rank} unsigned bytes. Received: magic number {magic:#x}"
        )
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_data():
    """Fashion-MNIST: `(x_train, y_train), (x_test, y_test)`.

    x: uint8 arrays of shape (60000, 28, 28) and (10000, 28, 28); y: uint8 labels 0-9 (0 T-shirt/top,
    1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot). The four
    files are cached in `~/.keras/datasets/fashion-mnist/`.

    Raises:
      DownloadError: a file is not cached and cannot be downloaded (the message says where to put it).
    """
    folder = os.path.join("datasets", "fashion-mnist")
    paths = [get_file(name, origin=KERAS_DATASETS + name, cache_subdir=folder) for name in _FILES]
    y_train, x_train = read_idx(paths[0], 1), read_idx(paths[1], 3)
    y_test, x_test = read_idx(paths[2], 1), read_idx(paths[3], 3)
    return (x_train, y_train), (x_test, y_test)
