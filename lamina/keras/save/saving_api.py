"""`tf.keras.saving.save_model` / `load_model` and `Model.save_weights` / `load_weights`: which format
a path means, and the checks TensorFlow makes before writing or reading.

- `.keras` (or `save_format="keras"`): the Keras format (keras_format.py).
- `.h5` / `.hdf5` (or `save_format="h5"`): Keras 2's legacy HDF5 format (h5_format.py).
- anything else: TensorFlow's SavedModel directory (`model.save`) or checkpoint (`save_weights`), which
  lamina does not write yet: an UnimplementedError says so and suggests `.keras` / `.weights.h5`.
"""

from __future__ import annotations

import logging
import os
import zipfile

import h5py

from lamina._core.errors import UnimplementedError
from lamina.keras import serialization
from lamina.keras.save import h5_format, keras_format
from lamina.keras.save.file_io import may_write

logger = logging.getLogger("lamina.keras.save")

_H5_SUFFIXES = (".h5", ".hdf5")
_H5_SAVE_KWARGS = frozenset({"include_optimizer", "save_traces", "signatures", "options"})


def _path(filepath) -> str:
    try:
        return os.fspath(filepath)
    except TypeError as error:
        raise TypeError(
            f"`filepath` must be a string or path-like object. Received: filepath={filepath!r}"
        ) from error


def _save_format(path: str, save_format) -> str:
    if save_format is not None:
        kind = str(save_format).lower()
        formats = {
            "keras": "keras",
            "keras_v3": "keras",
            "h5": "h5",
            "hdf5": "h5",
            "tf": "tf",
            "tensorflow": "tf",
        }
        if kind not in formats:
            raise ValueError(
                "Unknown `save_format` argument. Expected one of 'keras', 'tf', or 'h5'. Received: "
                f"save_format={save_format!r}"
            )
        return formats[kind]
    if path.endswith(".keras"):
        return "keras"
    if path.endswith(_H5_SUFFIXES):
        return "h5"
    return "tf"


def save_model(model, filepath, overwrite=True, save_format=None, **kwargs):
    """Saves `model` (architecture, weights, compile state and optimizer variables) to `filepath`.

    Args:
      model: a Keras model. filepath: a path ending in `.keras` (the Keras format) or `.h5` (the legacy
        HDF5 format). overwrite: replace an existing file without asking. save_format: "keras" or "h5"
        to choose the format regardless of the suffix ("tf", TensorFlow's SavedModel, is not
        implemented yet). **kwargs: for `.h5` only: include_optimizer (default True).

    Raises:
      ValueError: keyword arguments with the Keras format, a `.keras` format path with another suffix.
      UnimplementedError: the SavedModel format (a path with no `.keras`/`.h5` suffix).
    """
    path = _path(filepath)
    kind = _save_format(path, save_format)
    if kind == "tf":
        raise UnimplementedError(
            None,
            None,
            f"Saving to the TensorFlow SavedModel format is not implemented in lamina yet (filepath={path!r} "
            "has no `.keras` or `.h5` suffix, which means a SavedModel directory). Save to a path ending in "
            "`.keras` (the Keras format) instead.",
        )
    if kind == "keras":
        if kwargs:
            raise ValueError(
                f"The following argument(s) are not supported with the native Keras format: {list(kwargs)}"
            )
        if not path.endswith(".keras"):
            raise ValueError(
                f"Invalid `filepath` argument: expected a `.keras` extension. Received: filepath={path}"
            )
        if may_write(path, overwrite):
            keras_format.save_model(model, path)
        return
    unknown = set(kwargs) - _H5_SAVE_KWARGS
    if unknown:
        raise TypeError(f"save_model() got unexpected keyword argument(s): {sorted(unknown)}")
    if may_write(path, overwrite):
        h5_format.save_model(model, path, include_optimizer=kwargs.get("include_optimizer", True))


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True, **kwargs):
    """Loads a model saved by `save_model` (or by TensorFlow 2.15) from a `.keras` or `.h5` file.

    Args:
      filepath: the file. custom_objects: name -> class or function, for custom layers, losses,
        metrics (or register them with `register_keras_serializable`). compile: restore the compile
        state and optimizer variables. safe_mode: refuse Lambda layers holding Python lambdas (lamina
        never runs code from a file in either mode; pass such functions in `custom_objects`).
      **kwargs: `options` is accepted and ignored.

    Raises:
      OSError: no such file.
      ValueError: a corrupt or truncated file (the message names it), or a Lambda layer whose function
        is not in `custom_objects`.
      TypeError: a class that is neither lamina's, registered nor in `custom_objects`.
      UnimplementedError: a SavedModel directory.
    """
    unknown = set(kwargs) - {"options"}
    if unknown:
        raise TypeError(f"load_model() got unexpected keyword argument(s): {sorted(unknown)}")
    path = _path(filepath)
    if not os.path.exists(path):
        raise OSError(f"No file or directory found at {path}")
    if os.path.isdir(path):
        raise UnimplementedError(
            None,
            None,
            "Loading the TensorFlow SavedModel format is not implemented in lamina yet "
            f"(filepath={path!r} is a "
            "directory). Save the model to a `.keras` file instead.",
        )
    with serialization.CustomObjectScope(custom_objects or {}):
        # The content decides (save_format="h5" may have written HDF5 to a `.keras` path); a damaged
        # file is read as its suffix says, so the error names the format it should have had.
        if zipfile.is_zipfile(path):
            return keras_format.load_model(path, custom_objects, compile, safe_mode)
        if h5py.is_hdf5(path) or path.endswith(_H5_SUFFIXES):
            return h5_format.load_model(path, custom_objects, compile, safe_mode)
        if path.endswith(".keras"):
            return keras_format.load_model(path, custom_objects, compile, safe_mode)
    raise ValueError(
        f"File format not supported: filepath={path}. lamina loads `.keras` files and legacy `.h5` files."
    )


def save_weights(model, filepath, overwrite=True, save_format=None, options=None):
    """`Model.save_weights`: `.weights.h5` in the Keras format; `.h5`/`.hdf5`/`.keras` (or
    save_format="h5") in the legacy HDF5 format.

    Raises:
      UnimplementedError: any other path (TensorFlow's checkpoint format).
    """
    path = _path(filepath)
    if path.endswith(".weights.h5"):
        if may_write(path, overwrite):
            keras_format.save_weights(model, path)
        return
    kind = str(save_format).lower() if save_format is not None else None
    if kind in ("h5", "hdf5") or (kind is None and path.endswith((*_H5_SUFFIXES, ".keras"))):
        if may_write(path, overwrite):
            h5_format.save_weights(model, path)
        return
    if kind not in (None, "tf", "tensorflow"):
        raise ValueError(f"Unknown format. Received: `save_format`={save_format!r}. Expected 'tf' or 'h5'.")
    raise _checkpoint_error(path)


def _checkpoint_error(path: str) -> UnimplementedError:
    return UnimplementedError(
        None,
        None,
        f"The TensorFlow checkpoint format for save_weights/load_weights is not implemented in lamina yet "
        f"(filepath={path!r} has no `.weights.h5` or `.h5` suffix, which means a checkpoint prefix). Use a "
        "path ending in `.weights.h5` instead.",
    )


def load_weights(model, filepath, skip_mismatch=False, by_name=False, options=None):
    """`Model.load_weights` from a `.weights.h5`, `.keras` or legacy `.h5` file.

    Raises:
      ValueError: a missing layer, a count or shape that does not match (unless skipped), a damaged file.
      UnimplementedError: a TensorFlow checkpoint prefix.
    """
    path = _path(filepath)
    _build_optimizer(model)
    if path.endswith(".keras") and zipfile.is_zipfile(path):
        _ignore_by_name(by_name)
        keras_format.load_weights(model, path, skip_mismatch)
        return
    if not os.path.exists(path):
        if path.endswith((".weights.h5", ".keras", *_H5_SUFFIXES)):
            raise OSError(f"No file or directory found at {path}")
        raise _checkpoint_error(path)
    if not h5py.is_hdf5(path):
        if path.endswith((".weights.h5", ".keras", *_H5_SUFFIXES)):
            raise ValueError(f"Could not read the weights file {path}: corrupt, truncated or not HDF5.")
        raise _checkpoint_error(path)
    if path.endswith(".weights.h5") or _is_keras_layout(path):
        _ignore_by_name(by_name)
        keras_format.load_weights(model, path, skip_mismatch)
        return
    h5_format.load_weights_file(model, path, by_name=by_name, skip_mismatch=skip_mismatch)


def _build_optimizer(model) -> None:
    """Creates the slots of a compiled model's optimizer (for the model's trainable weights, as the
    first training step would) so that the optimizer state in a file can be restored into them."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and model.built and not getattr(optimizer, "_built", True):
        optimizer.build(model.trainable_variables)


def _ignore_by_name(by_name: bool) -> None:
    if by_name:
        logger.warning(
            "`by_name` has no effect on files of the Keras format (weights are matched by structure)."
        )


def _is_keras_layout(path: str) -> bool:
    try:
        h5file = h5py.File(path, "r")
    except OSError as error:
        raise ValueError(
            f"Could not read the weights file {path}: corrupt, truncated or not HDF5 ({error})"
        ) from error
    with h5file:
        return "layer_names" not in h5file.attrs and "model_weights" not in h5file and "vars" in h5file
