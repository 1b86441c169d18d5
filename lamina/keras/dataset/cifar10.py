"""`tf.keras.datasets.cifar10`: 60,000 32x32 color images in 10 classes."""

from __future__ import annotations

import numpy as np

from lamina.keras.dataset._origins import CIFAR, FILE_HASHES
from lamina.keras.dataset.cifar import join_batches, to_image_data_format
from lamina.keras.util.data_file import get_file


def load_data():
    """CIFAR-10: `(x_train, y_train), (x_test, y_test)`.

    x: uint8 arrays of shape (50000, 32, 32, 3) and (10000, 32, 32, 3) (channels first when
    `tf.keras.backend.image_data_format()` is "channels_first"); y: uint8 labels 0-9 of shape (n, 1)
    (airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck).

    The archive is cached as `~/.keras/datasets/cifar-10-batches-py.tar.gz` and extracted next to it.
    Its batch files are Python pickles, as the CIFAR authors distribute them; they are read without
    running code from the file (lamina/keras/dataset/safe_load.py).

    Raises:
      DownloadError: the archive is not cached and cannot be downloaded (the message says where to put it).
    """
    folder = get_file(
        "cifar-10-batches-py",
        origin=CIFAR + "cifar-10-python.tar.gz",
        untar=True,
        file_hash=FILE_HASHES["cifar-10-python.tar.gz"],
    )
    train = [f"data_batch_{i}" for i in range(1, 6)]
    x_train, y_train = join_batches(folder, train, "labels", np.uint8)
    x_test, y_test = join_batches(folder, ["test_batch"], "labels", np.uint8)
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
