"""The CIFAR batch format shared by cifar10 and cifar100: pickled dicts of image rows and labels."""

from __future__ import annotations

import os

import numpy as np

from lamina.keras import backend
from lamina.keras.dataset.safe_load import load_pickle


def load_batch(path: str, label_key: str = "labels"):
    """(images, labels) of one CIFAR batch file: images (n, 3, 32, 32) uint8, labels a list of ints.

    The file is a Python pickle (as distributed by the CIFAR authors); it is read with `safe_load`,
    which rebuilds only arrays and plain values.
    """
    batch = load_pickle(path, encoding="bytes")
    batch = {key.decode("utf8") if isinstance(key, bytes) else key: value for key, value in batch.items()}
    images = np.asarray(batch["data"])
    return images.reshape(images.shape[0], 3, 32, 32), list(batch[label_key])


def join_batches(folder: str, names, label_key: str, label_dtype):
    """The images and (n, 1) labels of several batch files, concatenated in order."""
    loaded = [load_batch(os.path.join(folder, name), label_key) for name in names]
    images = np.concatenate([images for images, _ in loaded])
    labels = np.concatenate([np.asarray(labels, dtype=label_dtype) for _, labels in loaded])
    return images, labels.reshape(-1, 1)


def to_image_data_format(images: np.ndarray) -> np.ndarray:
    """NCHW batches as the configured image data format (NHWC unless channels_first)."""
    if backend.image_data_format() == "channels_last":
        return images.transpose(0, 2, 3, 1)
    return images
