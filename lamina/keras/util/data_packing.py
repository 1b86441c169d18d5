"""How Keras's `fit` reads a batch: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`."""

from __future__ import annotations


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch structure for `(x, y, sample_weight)`: `x` alone (a tuple `x` is wrapped as `(x,)` so
    it is not read as `(x, y)`), `(x, y)`, or `(x, y, sample_weight)`. A sample weight without `y`
    is dropped, as in Keras."""
    if y is None:
        return (x,) if isinstance(x, tuple) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from a batch, with None for what is missing.

    Raises:
      ValueError: a tuple or list of more than three items.
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) > 3 or not data:
        raise ValueError(
            "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
            f"found: {data}"
        )
    return data + (None,) * (3 - len(data))
