"""`tf.keras.datasets.mnist`: 70,000 28x28 grayscale images of handwritten digits."""

from __future__ import annotations

from lamina.keras.dataset._origins import FILE_HASHES, KERAS_DATASETS
from lamina.keras.dataset.safe_load import load_npz
from lamina.keras.util.data_file import get_file


def load_data(path="mnist.npz"):
    """The MNIST digits: `(x_train, y_train), (x_test, y_test)`.

    x: uint8 arrays of shape (60000, 28, 28) and (10000, 28, 28), values 0-255; y: uint8 digit labels
    of shape (60000,) and (10000,).

    Args:
      path: the file name in the cache (`~/.keras/datasets/mnist.npz` by default).

    Raises:
      DownloadError: the file is not cached and cannot be downloaded (the message says where to put it).
    """
    path = get_file(path, origin=KERAS_DATASETS + "mnist.npz", file_hash=FILE_HASHES["mnist.npz"])
    arrays = load_npz(path)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
