"""Where each variable lives in a Keras 2.15 weights file (`model.weights.h5`, `.weights.h5`).

Keras writes the variables of every object in the tree under a model — layers, the optimizer, metrics
— as datasets `<path>/vars/0`, `<path>/vars/1`, ... in the object's own variable order. The path of a
child is the attribute that holds it (`cell`, `forward_layer`), or, for an object inside a list
(`layers`, `metrics`), its class name in snake case made unique within that list (`dense`,
`dense_1`): names never depend on layer names, so two builds of one architecture read each other's
files. Attributes are visited in reverse alphabetical order and each object is written once, at the
first path that reaches it; a model holds `layers`, `optimizer` and `metrics` (once compiled and
built). This module reproduces that walk over lamina's objects, so files are interchangeable with
TensorFlow's.
"""

from __future__ import annotations

import logging

import numpy as np

from lamina.keras.layer.base import Layer
from lamina.keras.metric.base import Metric
from lamina.keras.model.model import Model
from lamina.keras.naming import to_snake_case
from lamina.keras.optimizer.base import Optimizer

logger = logging.getLogger("lamina.keras.save")

# Attributes of lamina's models that hold bookkeeping, not children Keras would walk: the layers
# list (walked as `layers`), compiled state (walked as `optimizer` / `metrics`), the graph.
_MODEL_INTERNAL = frozenset(
    {"_layers", "_input_layer", "optimizer", "compiled_loss", "compiled_metrics", "history", "_steps",
     "_captured", "_nested_inputs", "_nested_outputs", "inputs", "outputs", "_output_names"}
)  # fmt: skip


def _is_trackable(value) -> bool:
    return isinstance(value, (Layer, Metric, Optimizer))


def _items(container) -> list:
    return list(container.values()) if isinstance(container, dict) else list(container)


def _children(obj) -> list:
    """(attribute, child object or container) pairs of `obj`, in the order Keras visits them."""
    entries = {}
    if isinstance(obj, Layer):
        excluded = obj._TRACKING_EXCLUDED | _MODEL_INTERNAL
        for key, value in vars(obj).items():
            if key in excluded:
                continue
            if _is_trackable(value) or (
                isinstance(value, (list, tuple, dict)) and any(_is_trackable(v) for v in _items(value))
            ):
                entries[key] = value
    if isinstance(obj, Model):
        entries["layers"] = obj.layers
        if getattr(obj, "optimizer", None) is not None:
            entries["optimizer"] = obj.optimizer
        metrics = obj.metrics
        if metrics:
            entries["metrics"] = metrics
    return sorted(entries.items(), reverse=True)


def walk(root) -> list:
    """[(path, object)] for `root` and every object under it, each once, in Keras's order."""
    result, visited = [], set()

    def visit(obj, path):
        if id(obj) in visited:
            return
        visited.add(id(obj))
        result.append((path, obj))
        for attribute, value in _children(obj):
            child_path = f"{path}/{attribute}" if path else attribute
            if _is_trackable(value):
                visit(value, child_path)
            else:
                visit_container(value, child_path)

    def visit_container(container, path):
        used: dict = {}
        for item in _items(container):
            if not _is_trackable(item) or id(item) in visited:
                continue
            name = to_snake_case(type(item).__name__)
            if name in used:
                used[name] += 1
                name = f"{name}_{used[name]}"
            else:
                used[name] = 0
            visit(item, f"{path}/{name}")

    visit(root, "")
    return result


def own_variables(obj) -> list:
    """The variables Keras writes for `obj` itself (not its children), in Keras's order."""
    if isinstance(obj, Layer):
        trainable, frozen = obj._own_weights()
        seen, result = set(), []
        for variable in trainable + frozen:
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)
        return result
    return list(obj.variables)


def _vars_key(path: str) -> str:
    return f"{path}/vars" if path else "vars"


def _describe(obj) -> str:
    kind = "optimizer" if isinstance(obj, Optimizer) else "metric" if isinstance(obj, Metric) else "layer"
    return f"{kind} {getattr(obj, 'name', type(obj).__name__)!r}"


def save_state(model, h5file) -> None:
    """Writes every variable under `model` into the open h5py File, in Keras 2.15's layout."""
    for path, obj in walk(model):
        group = h5file.require_group(_vars_key(path))
        for index, variable in enumerate(own_variables(obj)):
            value = np.asarray(variable.numpy())
            if value.dtype.name == "bfloat16":  # HDF5 has no bfloat16: stored as float32, cast back on load
                value = value.astype(np.float32)
            group.create_dataset(str(index), data=value)


def _stored_values(group) -> list:
    names = sorted((name for name in group.keys()), key=lambda n: int(n) if n.isdigit() else n)
    return [np.asarray(group[name][()]) for name in names]


def load_state(model, h5file, filepath: str, skip_mismatch: bool = False) -> None:
    """Assigns the variables stored in the open h5py File to the objects under `model`.

    An optimizer whose variable count differs (not built yet, or another optimizer) keeps its state
    with a warning, as in Keras; so do metrics, which are rebuilt by training.

    Raises:
      ValueError: a layer whose variables are missing or differ in number or shape (unless
        `skip_mismatch`, which skips that layer with a warning), or weights in the file that no layer
        of the model takes; the message names `filepath`.
    """
    problems, used = [], set()
    for path, obj in walk(model):
        key = _vars_key(path)
        variables = own_variables(obj)
        group = h5file.get(key)
        stored = _stored_values(group) if group is not None else []
        used.add(key)
        if isinstance(obj, (Optimizer, Metric)):
            if len(stored) != len(variables):
                if isinstance(obj, Optimizer) and stored:
                    logger.warning(
                        "Skipping variable loading for optimizer '%s', because it has %d variables whereas "
                        "the saved optimizer has %d variables.", obj.name, len(variables), len(stored)
                    )  # fmt: skip
                continue
        problem = _mismatch(obj, key, variables, stored, group is not None)
        if problem is not None:
            if skip_mismatch:
                logger.warning("Skipping loading weights for %s: %s", _describe(obj), problem)
                continue
            problems.append(problem)
            continue
        for variable, value in zip(variables, stored):
            variable.assign(value.astype(variable.dtype.as_numpy_dtype, copy=False))
    extra = _unused_weights(h5file, used)
    if extra and not skip_mismatch:
        problems.append(
            f"the file holds weights that no layer of the model takes: {extra[:5]} (is it the same "
            "architecture?)"
        )
    if problems:
        raise ValueError(
            f"Could not load the weights of model {model.name!r} from {filepath}: {len(problems)} "
            "problem(s). " + " ".join(f"({i + 1}) {p}" for i, p in enumerate(problems))
        )


def _mismatch(obj, key, variables, stored, present) -> str | None:
    if not present and variables:
        return f"{_describe(obj)} expects {len(variables)} variables at '{key}', which the file does not have"
    if len(stored) != len(variables):
        return (
            f"{_describe(obj)} expected {len(variables)} variables, but received {len(stored)} variables "
            f"during loading (at '{key}'). Expected: {[v.name for v in variables]}"
        )
    for variable, value in zip(variables, stored):
        expected = tuple(variable.shape.as_list())
        if expected != value.shape:
            return (
                f"{_describe(obj)}: variable {variable.name!r} has shape {expected}, but the saved value at "
                f"'{key}' has shape {value.shape}"
            )
    return None


def _unused_weights(h5file, used: set) -> list:
    """Datasets under `layers`/`vars` that the walk did not read (optimizer and metric state aside)."""
    extra = []

    def check(name, item):
        if hasattr(item, "shape") and name.rsplit("/", 1)[0] not in used:
            if not name.startswith(("optimizer/", "metrics/")):
                extra.append(name)

    h5file.visititems(check)
    return extra
