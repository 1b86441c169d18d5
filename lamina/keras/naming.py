"""Keras's names: class names in snake case and the per-prefix counters that make default names
unique ("dense", "dense_1", ...). `tf.keras.backend.clear_session` resets the counters."""

from __future__ import annotations

import collections
import re

# Per prefix, how many default names were handed out since the last reset.
_COUNTS: collections.Counter = collections.Counter()


def to_snake_case(name: str) -> str:
    """ "TruePositives" -> "true_positives", "AUC" -> "auc", "MeanIoU" -> "mean_io_u" (Keras's rule)."""
    words = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    snake = re.sub(r"([a-z])([A-Z])", r"\1_\2", words).lower()
    return snake if not snake.startswith("_") else "private" + snake


def get_uid(prefix: str = "") -> int:
    """1 the first time `prefix` is asked for, then 2, 3, ... (`tf.keras.backend.get_uid`)."""
    _COUNTS[prefix] += 1
    return _COUNTS[prefix]


def unique_name(base: str) -> str:
    """`base` the first time, then `base_1`, `base_2`, ... (a default layer or metric name)."""
    index = get_uid(base) - 1
    return base if index == 0 else f"{base}_{index}"


def reset_uids() -> None:
    """Forgets every counter (part of `clear_session`)."""
    _COUNTS.clear()
