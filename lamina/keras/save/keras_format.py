"""The `.keras` format of Keras 2.15, and its `.weights.h5` weights files.

A `.keras` file is a zip archive (stored, not compressed) of three members:

- `metadata.json`: `{"keras_version": "2.15.0", "date_saved": "YYYY-MM-DD@HH:MM:SS"}`;
- `config.json`: the model serialized like any Keras object (`module`, `class_name`, `config`,
  `registered_name`), plus its `build_config` and, for a compiled model, its `compile_config`;
- `model.weights.h5`: every variable of the model, its optimizer and metrics (layout in state.py).

A `.weights.h5` file is that last member on its own. Files are written atomically, read without
running any code from them, and a damaged file raises a ValueError that names it.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import zipfile

import h5py

from lamina.keras import serialization
from lamina.keras.layer.base import Layer
from lamina.keras.save import config as configs
from lamina.keras.save import state
from lamina.keras.save.file_io import atomic_path

logger = logging.getLogger("lamina.keras.save")

CONFIG_FILE = "config.json"
METADATA_FILE = "metadata.json"
WEIGHTS_FILE = "model.weights.h5"


# ---- saving ----------------------------------------------------------------------------------------
def model_config(model) -> dict:
    """What `config.json` holds: the serialized model with its build and compile configuration."""
    entry = configs.serialize_layer(model)
    try:
        compile_config = configs.get_compile_config(model)
    except ValueError as error:  # e.g. a lambda loss: lamina writes no code into files
        logger.warning(
            "The model is saved without its compile configuration (it will load uncompiled): %s", error
        )
        compile_config = None
    if compile_config is not None:
        entry["compile_config"] = compile_config
    return entry


def _weights_bytes(model) -> bytes:
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5file:
        state.save_state(model, h5file)
    return buffer.getvalue()


def save_model(model, filepath: str) -> None:
    """Writes `model` to the `.keras` archive `filepath` (atomically)."""
    config_text = json.dumps(model_config(model), default=configs.json_default)
    metadata = {
        "keras_version": configs.KERAS_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }
    weights = _weights_bytes(model)
    with atomic_path(filepath) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(METADATA_FILE, json.dumps(metadata))
            archive.writestr(CONFIG_FILE, config_text)
            archive.writestr(WEIGHTS_FILE, weights)


def save_weights(model, filepath: str) -> None:
    """Writes the model's variables to the `.weights.h5` file `filepath` (atomically)."""
    with atomic_path(filepath) as temporary:
        with h5py.File(temporary, "w") as h5file:
            state.save_state(model, h5file)


# ---- loading ---------------------------------------------------------------------------------------
def _corrupt(filepath: str, detail) -> ValueError:
    return ValueError(
        f"Could not read the Keras file {filepath}: it is not a valid .keras archive (corrupt, truncated, "
        f"or another format). Detail: {detail}"
    )


def read_archive(filepath: str) -> tuple[dict, bytes]:
    """(config, weights file bytes) of a `.keras` archive.

    Raises:
      ValueError: not a zip archive, a member missing or damaged, or config.json not JSON.
    """
    try:
        with zipfile.ZipFile(filepath, "r") as archive:
            names = set(archive.namelist())
            missing = [name for name in (CONFIG_FILE, WEIGHTS_FILE) if name not in names]
            if missing:
                raise _corrupt(filepath, f"missing member(s) {missing}; the archive has {sorted(names)}")
            config_text = archive.read(CONFIG_FILE)
            weights = archive.read(WEIGHTS_FILE)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise _corrupt(filepath, error) from error
    try:
        config = json.loads(config_text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _corrupt(filepath, f"{CONFIG_FILE} is not JSON ({error})") from error
    if not isinstance(config, dict) or "class_name" not in config:
        raise _corrupt(filepath, f"{CONFIG_FILE} does not describe a Keras object")
    return config, weights


def check_no_code(config, custom_objects, safe_mode: bool) -> None:
    """Refuses configs that would need Python code from the file: Lambda layers holding a lambda (or
    Keras's marshalled bytecode) and serialized lambdas, unless `custom_objects` (or the registered
    objects) supply the function by name. lamina never runs code from a file, even with
    `safe_mode=False`."""
    found = _code_in(config)
    for name, layer_name in found:
        if isinstance(name, str) and serialization.get_registered_object(name, custom_objects) is not None:
            continue
        where = f"the Lambda layer {layer_name!r}" if layer_name else "the file"
        shown = name if isinstance(name, str) else "(marshalled Python bytecode)"
        if safe_mode:
            raise ValueError(
                f"Requested the deserialization of {where} with a Python `lambda` inside it "
                f"({shown}). Loading "
                "it would run code from the file, which is disallowed by default (safe_mode=True). lamina "
                "never runs code from a saved file, even with safe_mode=False: pass the function in "
                f"`custom_objects` under the name {shown!r} instead."
            )
        raise ValueError(
            f"{where[0].upper()}{where[1:]} holds a Python `lambda` ({shown}). lamina does not execute code "
            "from a saved file, even with safe_mode=False (that is how untrusted files run arbitrary code). "
            f"Pass the function in `custom_objects` under the name {shown!r} instead."
        )


def _code_in(value, layer_name=None) -> list:
    found = []
    if isinstance(value, dict):
        if value.get("class_name") == "__lambda__":
            found.append((None, layer_name))
        if value.get("class_name") == "Lambda" and isinstance(value.get("config"), dict):
            inner = value["config"]
            name = inner.get("name")
            for key in ("function", "output_shape", "mask"):
                if inner.get(f"{key}_type") == "lambda":
                    found.append((inner.get(key) if isinstance(inner.get(key), str) else None, name))
        for item in value.values():
            found.extend(_code_in(item, layer_name))
    elif isinstance(value, list):
        for item in value:
            found.extend(_code_in(item, layer_name))
    return found


def model_from_saved_config(config: dict, custom_objects=None, compile: bool = True):
    """The model a `config.json` describes: made from its config, built, compiled if asked."""
    cls = configs.layer_class(config, custom_objects)
    if cls is None or not isinstance(cls, type) or not issubclass(cls, Layer):
        raise TypeError(
            f"Could not locate class '{config.get('class_name')}'. Make sure custom classes are "
            "decorated with "
            "`@keras.saving.register_keras_serializable()` or passed in `custom_objects`. Full "
            "object config: "
            f"{str(config)[:500]}"
        )
    with serialization.CustomObjectScope(custom_objects or {}):
        model = configs.call_from_config(cls, config.get("config") or {}, custom_objects)
        configs.build_from_config(model, config.get("build_config"))
        if compile and config.get("compile_config"):
            configs.compile_from_config(model, config["compile_config"], custom_objects)
    return model


def load_model(filepath: str, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """The model saved in the `.keras` archive `filepath`, with its weights (and its compile state and
    optimizer variables when `compile`)."""
    config, weights = read_archive(filepath)
    check_no_code(config, custom_objects, safe_mode)
    model = model_from_saved_config(config, custom_objects, compile)
    load_weights_bytes(model, weights, filepath)
    return model


def load_weights_bytes(model, weights: bytes, filepath: str, skip_mismatch: bool = False) -> None:
    try:
        h5file = h5py.File(io.BytesIO(weights), "r")
    except OSError as error:
        raise _corrupt(filepath, f"{WEIGHTS_FILE} is not an HDF5 file ({error})") from error
    with h5file:
        state.load_state(model, h5file, filepath, skip_mismatch)


def load_weights(model, filepath: str, skip_mismatch: bool = False) -> None:
    """Loads a `.weights.h5` file (or the weights of a `.keras` archive) into `model`."""
    if zipfile.is_zipfile(filepath):
        _, weights = read_archive(filepath)
        load_weights_bytes(model, weights, filepath, skip_mismatch)
        return
    try:
        h5file = h5py.File(filepath, "r")
    except OSError as error:
        raise ValueError(
            f"Could not read the weights file {filepath}: not a valid HDF5 file ({error})"
        ) from error
    with h5file:
        state.load_state(model, h5file, filepath, skip_mismatch)
