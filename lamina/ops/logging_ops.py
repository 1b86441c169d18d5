"""`tf.print`: prints tensors when the op runs — at once eagerly, and in order on every run of a
compiled graph (an ordered JAX host callback), with TensorFlow's formatting."""

from __future__ import annotations

import builtins
import sys

import jax
import numpy as np

from lamina._core import nest
from lamina._core.tensor import Tensor
from lamina.ops._op import defop, execute, tensor

# The streams at import time (the default argument) and now (tests swap sys.stdout/stderr) both
# name the process's streams, which are looked up again when the print runs.
_DEFAULT_STREAMS = {id(sys.stdout): "stdout", id(sys.stderr): "stderr"}


def _format_scalar(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (float, np.floating)):
        return f"{value:g}"
    if isinstance(value, bytes):
        return '"' + value.decode("utf-8", "replace") + '"'
    return str(value)


def _format_array(array, summarize: int, indent: int = 1) -> str:
    if not isinstance(array, np.ndarray):  # an element: a NumPy scalar or, for strings, bytes
        return _format_scalar(array.item() if isinstance(array, np.generic) else array)
    if array.ndim == 0:
        return _format_scalar(array.item() if array.dtype != object else array[()])
    count = array.shape[0]
    if 0 <= summarize < count and count > 2 * summarize:
        parts = [_format_array(a, summarize, indent + 1) for a in array[:summarize]] + ["..."]
        parts += [_format_array(a, summarize, indent + 1) for a in array[count - summarize :]]
    else:
        parts = [_format_array(a, summarize, indent + 1) for a in array]
    separator = " " if array.ndim == 1 else "\n" + " " * indent
    return "[" + separator.join(parts) + "]"


def _template(value, tensors: list) -> tuple:
    """`value` as text pieces and tensor positions, e.g. {'a': t} -> ("{'a': ", 0, "}")."""
    if isinstance(value, Tensor) or hasattr(value, "_eager_read"):
        tensors.append(tensor(value))
        return (len(tensors) - 1,)
    if isinstance(value, dict):
        pieces: list = ["{"]
        for i, key in enumerate(value):
            pieces += [", " if i else "", f"{key!r}: ", *_template(value[key], tensors)]
        return (*pieces, "}")
    if isinstance(value, (list, tuple)):
        opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
        pieces = [opening]
        for i, item in enumerate(value):
            pieces += [", " if i else "", *_template(item, tensors)]
        return (*pieces, closing)
    return (value if isinstance(value, str) else repr(value) if nest.is_nested(value) else str(value),)


def _print_impl(arrays, pieces, output_stream, summarize, end):
    def emit(*values):
        text = "".join(
            piece if isinstance(piece, str) else _format_array(np.asarray(values[piece]), summarize)
            for piece in pieces
        )
        stream = getattr(sys, output_stream) if isinstance(output_stream, str) else output_stream
        builtins.print(text, end=end, file=stream, flush=True)  # this module defines tf.print

    if any(isinstance(a, np.ndarray) and a.dtype == object for a in arrays):
        emit(*arrays)  # string tensors: the op runs on the host, print now
    else:
        jax.debug.callback(emit, *arrays, ordered=True)
    return ()


_PRINT = defop("PrintV2", _print_impl, inputs=["*inputs"], differentiable=False, stateful=True, strings=True)


def print(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\n", name=None):  # noqa: A001
    """Prints `inputs` (tensors, and Python values and structures) when the op runs: at once in
    eager mode, on every run of a tf.function (in program order). Like TensorFlow, it writes to
    stderr by default and shows the first and last `summarize` entries of each dimension."""
    tensors: list = []
    pieces: list = []
    for i, value in enumerate(inputs):
        pieces += ([sep] if i else []) + list(_template(value, tensors))
    current = {id(sys.stdout): "stdout", id(sys.stderr): "stderr"}
    stream = current.get(id(output_stream)) or _DEFAULT_STREAMS.get(id(output_stream)) or output_stream
    attrs = {"pieces": tuple(pieces), "output_stream": stream, "summarize": int(summarize), "end": end}
    return execute(_PRINT, [tensors], attrs, name)
