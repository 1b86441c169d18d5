"""`Model.summary()`: TensorFlow's table of layers, output shapes and parameter counts.

A model whose layers form a chain (Sequential, subclassed, a functional chain) prints three columns
in 65 characters; other functional models add "Connected to" in 98. Cells too long for their column
wrap onto the next lines, breaking after the end of a tuple, list or string where one fits.
"""

from __future__ import annotations

import numpy as np

from lamina._core import nest
from lamina.keras.layer import keras_graph

_BREAKS = ("),", "},", "],", "',")
_UNITS = ("Byte", "KB", "MB", "GB", "TB", "PB")


def print_summary(
    model,
    line_length=None,
    positions=None,
    print_fn=None,
    expand_nested=False,
    show_trainable=False,
    layer_range=None,
):
    """Prints the summary of `model` line by line through `print_fn` (default `print`)."""
    print_fn = print_fn or print
    chain = _is_chain(model)
    if chain:
        line_length = line_length or 65
        positions = list(positions or [0.45, 0.85, 1.0])
        headers = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = list(positions or [0.3, 0.6, 0.7, 1.0])
        headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    if show_trainable:
        line_length += 11
        positions.append(line_length)
        headers.append("Trainable")
    nodes = {id(unit) for unit in getattr(model, "_steps", [])}
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    _print_row(headers, positions, print_fn)
    print_fn("=" * line_length)
    for layer in _layers_in_range(model.layers, layer_range):
        fields = _fields(layer, chain, nodes, show_trainable)
        _print_row(fields, positions, print_fn)
        print_fn(" " * line_length)
        if expand_nested and getattr(layer, "layers", None):
            for inner in layer.layers:
                _print_row(_fields(inner, True, set(), show_trainable), positions, print_fn, nested_level=1)
    print_fn("=" * line_length)
    trainable = _count(model.trainable_weights)
    frozen = _count(model.non_trainable_weights)
    trainable_bytes = _bytes(model.trainable_weights)
    frozen_bytes = _bytes(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + frozen} ({_readable(trainable_bytes + frozen_bytes)})")
    print_fn(f"Trainable params: {trainable} ({_readable(trainable_bytes)})")
    print_fn(f"Non-trainable params: {frozen} ({_readable(frozen_bytes)})")
    print_fn("_" * line_length)


def _is_chain(model) -> bool:
    """True for Sequential and subclassed models, and functional models whose layer calls form a
    single chain of one-input calls with no layer used twice."""
    if type(model).__name__ == "Sequential" or not getattr(model, "_is_graph_network", False):
        return True
    steps = [unit for unit in getattr(model, "_steps", []) if isinstance(unit, keras_graph.Node)]
    if len(model.inputs) > 1 or len(model.outputs) > 1:
        return False
    layers = [node.layer for node in steps]
    if len({id(layer) for layer in layers}) != len(layers):
        return False
    consumed: dict = {}
    for node in steps:
        if len(node.input_tensors) > 1:
            return False
        for tensor in node.input_tensors:
            consumed[id(tensor)] = consumed.get(id(tensor), 0) + 1
    return all(count == 1 for count in consumed.values())


def _layers_in_range(layers, layer_range):
    if layer_range is None:
        return layers
    names = [layer.name for layer in layers]
    start, end = names.index(layer_range[0]), names.index(layer_range[1])
    return layers[start : end + 1]


def _output_shape(layer):
    try:
        shape = layer.output_shape
    except AttributeError:
        return "multiple"
    if type(layer).__name__ == "InputLayer" and isinstance(shape, tuple):
        return [shape]
    return shape


def _fields(layer, chain, nodes, show_trainable):
    params = (
        layer.count_params() if layer.built or getattr(layer, "_is_graph_network", False) else "0 (unused)"
    )
    fields = [f"{layer.name} ({type(layer).__name__})", _output_shape(layer), params]
    if not chain:
        fields.append(_connections(layer, nodes))
    if show_trainable:
        fields.append("Y" if layer.trainable else "N")
    return fields


def _connections(layer, nodes) -> list:
    connections = []
    for node in layer._inbound_nodes:
        if nodes and id(node) not in nodes:
            continue
        for tensor in node.input_tensors:
            history = keras_graph.keras_history(tensor)
            if history is None:
                continue
            producer, index = history
            node_index = producer.layer._inbound_nodes.index(producer)
            connections.append(f"{producer.layer.name}[{node_index}][{index}]")
    return connections


def _print_row(fields, positions, print_fn, nested_level=0):
    remaining = [str(field) for field in fields]
    while any(remaining):
        line = ""
        for column, text in enumerate(remaining):
            start = positions[column - 1] if column > 0 else 0
            last = column == len(positions) - 1
            space = 0 if last else 2
            cutoff = (
                positions[column] - start - space - (0 if last else 1) - (nested_level if column == 0 else 0)
            )
            piece = text[:cutoff]
            breaks = [piece.find(mark) + len(mark) for mark in _BREAKS if piece.find(mark) >= 0]
            if breaks:
                cutoff = min(breaks)
                piece = piece[:cutoff]
            if column == 0:
                line += "|" * nested_level + " "
            line += piece + " " * space
            remaining[column] = text[cutoff:]
            pad_to = positions[column] - (nested_level if nested_level and last else 0)
            line += " " * (pad_to - len(line))
        print_fn(line + "|" * nested_level)


def _count(weights) -> int:
    return int(sum(int(np.prod(w.shape.as_list())) for w in nest.flatten(weights)))


def _bytes(weights) -> int:
    return int(sum(int(np.prod(w.shape.as_list())) * w.dtype.size for w in nest.flatten(weights)))


def _readable(size: float) -> str:
    for unit in _UNITS:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {_UNITS[-1]}"
