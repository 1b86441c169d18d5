"""Reading dataset files that contain pickles without running code from them.

Keras reads the IMDB/Reuters .npz files with `np.load(allow_pickle=True)` and the CIFAR batches with
`pickle.load`; both would run any code a tampered file carries. Here the unpickler accepts only the
few NumPy functions that rebuild an array, so a file can yield arrays, lists, dicts, numbers, bytes and
strings, and anything else is refused with an error naming the file.
"""

from __future__ import annotations

import importlib
import io
import pickle
import zipfile

import numpy as np


def _multiarray():
    # NumPy 2 moved numpy.core to numpy._core (importing numpy.core warns); files name either.
    try:
        return importlib.import_module("numpy._core.multiarray")
    except ImportError:  # NumPy 1.x
        return importlib.import_module("numpy.core.multiarray")


def _latin1_bytes(text, encoding="utf-8"):
    # Python 3 writes bytes into protocol-2 pickles as _codecs.encode(text, "latin1").
    if encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError(f"Unexpected text encoding in a dataset pickle: {encoding!r}")
    return text.encode("latin1")


_ALLOWED = {
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("_codecs", "encode"): _latin1_bytes,
}
for _module in ("numpy.core.multiarray", "numpy._core.multiarray"):
    _ALLOWED[(_module, "_reconstruct")] = _multiarray()._reconstruct
    _ALLOWED[(_module, "scalar")] = _multiarray().scalar


class _DataUnpickler(pickle.Unpickler):
    def __init__(self, file, source: str, encoding: str):
        super().__init__(file, encoding=encoding)
        self._source = source

    def find_class(self, module, name):
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(
                f"{self._source} refers to {module}.{name}; lamina reads only NumPy arrays, lists, dicts, "
                "numbers and strings from dataset files. Received: a file that is not plain data."
            )
        return found


def load_pickle(path: str, encoding: str = "bytes"):
    """The data in the pickle file at `path` (Python 2 pickles: `encoding="bytes"` keeps byte keys)."""
    with open(path, "rb") as f:
        return _DataUnpickler(f, path, encoding).load()


def _read_npy(data: bytes, source: str) -> np.ndarray:
    stream = io.BytesIO(data)
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(stream)
    else:
        shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(stream)
    if not dtype.hasobject:
        stream.seek(0)
        return np.lib.format.read_array(stream, allow_pickle=False)
    array = _DataUnpickler(stream, source, "latin1").load()
    if not isinstance(array, np.ndarray) or array.shape != tuple(shape):
        raise ValueError(f"{source} does not hold the array its header describes (shape {shape}).")
    return array


def load_npz(path: str) -> dict[str, np.ndarray]:
    """The arrays of the .npz file at `path`, by name (object arrays included, read safely)."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                arrays[member[: -len(".npy")]] = _read_npy(archive.read(member), f"{path}:{member}")
    return arrays
