"""`tf.keras.datasets.cifar100`: 60,000 32x32 color images in 100 classes (20 superclasses)."""

from __future__ import annotations

import numpy as np

from lamina.keras.dataset._origins import CIFAR, FILE_HASHES
from lamina.keras.dataset.cifar import join_batches, to_image_data_format
from lamina.keras.util.data_file import get_file


def load_data(label_mode="fine"):
    """CIFAR-100: `(x_train, y_train), (x_test, y_test)`.

    x: uint8 arrays of shape (50000, 32, 32, 3) and (10000, 32, 32, 3) (channels first when
    `tf.keras.backend.image_data_format()` is "channels_first"); y: int64 labels of shape (n, 1),
    0-99 for label_mode="fine", the superclass 0-19 for "coarse".

    The archive is cached as `~/.keras/datasets/cifar-100-python.tar.gz` and extracted next to it.
    Its batch files are Python pickles, as the CIFAR authors distribute them; they are read without
    running code from the file (lamina/keras/dataset/safe_load.py).

    Raises:
      ValueError: label_mode is neither "fine" nor "coarse".
      DownloadError: the archive is not cached and cannot be downloaded (the message says where to put it).
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            f'`label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode={label_mode}.'
        )
    folder = get_file(
        "cifar-100-python",
        origin=CIFAR + "cifar-100-python.tar.gz",
        untar=True,
        file_hash=FILE_HASHES["cifar-100-python.tar.gz"],
    )
    key = f"{label_mode}_labels"
    x_train, y_train = join_batches(folder, ["train"], key, np.int64)
    x_test, y_test = join_batches(folder, ["test"], key, np.int64)
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
