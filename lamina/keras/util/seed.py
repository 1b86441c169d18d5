"""`tf.keras.utils.set_random_seed`: one call seeds Python, NumPy and lamina."""

from __future__ import annotations

import random

import numpy as np

from lamina.ops import random_ops


def set_random_seed(seed) -> None:
    """Seeds Python's `random`, NumPy's global generator and `tf.random.set_seed`.

    Raises:
      ValueError: `seed` is not a Python int.
    """
    if not isinstance(seed, int):
        raise ValueError(
            f"Expected `seed` argument to be an integer. Received: seed={seed} (of type {type(seed)})"
        )
    random.seed(seed)
    np.random.seed(seed)
    random_ops.set_seed(seed)
