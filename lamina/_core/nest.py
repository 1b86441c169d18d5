"""`tf.nest`: flatten and rebuild nested structures (lists, tuples, namedtuples, dicts, attrs-free).

Dicts flatten in sorted-key order, like TensorFlow, so structures with the same keys line up.

Composite values (a graph-mode `tf.TensorArray`) take part with `expand_composites=True`: such a value
has `_lamina_components()` (a list of its tensors, possibly nested) and `_lamina_rebuild(components)`
(a new value of the same kind from new tensors); flattening expands it into its components and
packing rebuilds it from the template. Without `expand_composites` a composite is a leaf.
"""

from __future__ import annotations

import collections.abc


def _is_namedtuple(value) -> bool:
    return isinstance(value, tuple) and hasattr(value, "_fields")


def is_nested(value) -> bool:
    return isinstance(value, (list, tuple, dict, collections.abc.Mapping)) and not isinstance(
        value, (str, bytes)
    )


def _is_composite(value) -> bool:
    return hasattr(value, "_lamina_components") and not isinstance(value, type)


def _children(value):
    if isinstance(value, collections.abc.Mapping):
        return [value[k] for k in _sorted_keys(value)]
    return list(value)


def _sorted_keys(mapping):
    try:
        return sorted(mapping)
    except TypeError:
        return sorted(mapping, key=repr)


def flatten(structure, expand_composites=False) -> list:
    """The leaves of `structure`, depth first (dicts by sorted key). A leaf is returned as [leaf]."""
    if expand_composites and _is_composite(structure):
        return flatten(structure._lamina_components(), True)
    if not is_nested(structure):
        return [structure]
    out = []
    for child in _children(structure):
        out.extend(flatten(child, expand_composites))
    return out


def _rebuild(template, children):
    if isinstance(template, collections.abc.Mapping):
        by_key = dict(zip(_sorted_keys(template), children))
        if (
            isinstance(template, dict)
            and type(template) is not dict
            and not hasattr(template, "default_factory")
        ):
            return type(template)((k, by_key[k]) for k in template)
        if hasattr(template, "default_factory"):
            result = type(template)(template.default_factory)
            result.update((k, by_key[k]) for k in template)
            return result
        return type(template)((k, by_key[k]) for k in template)
    if _is_namedtuple(template):
        return type(template)(*children)
    if isinstance(template, tuple):
        return tuple(children)
    return list(children) if type(template) is list else type(template)(children)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Rebuilds `structure` with the leaves taken in order from `flat_sequence`."""
    flat_sequence = list(flat_sequence)
    if not is_nested(structure) and not (expand_composites and _is_composite(structure)):
        if len(flat_sequence) != 1:
            raise ValueError(f"Structure is a scalar but len(flat_sequence) == {len(flat_sequence)} > 1")
        return flat_sequence[0]
    position = 0

    def build(template):
        nonlocal position
        if expand_composites and _is_composite(template):
            return template._lamina_rebuild(build(template._lamina_components()))
        if not is_nested(template):
            leaf = flat_sequence[position]
            position += 1
            return leaf
        return _rebuild(template, [build(child) for child in _children(template)])

    expected = len(flatten(structure, expand_composites))
    if expected != len(flat_sequence):
        raise ValueError(
            f"Could not pack sequence. Structure had {expected} atoms, but flat_sequence had "
            f"{len(flat_sequence)} items. Structure: {structure}"
        )
    return build(structure)


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    def walk(a, b):
        if expand_composites and (_is_composite(a) or _is_composite(b)):
            if type(a) is not type(b):
                raise TypeError(
                    f"The two structures don't have the same sequence type: {type(a)} and {type(b)}"
                )
            return walk(a._lamina_components(), b._lamina_components())
        if is_nested(a) != is_nested(b):
            raise ValueError(f"The two structures don't have the same nested structure: {nest1} and {nest2}")
        if not is_nested(a):
            return
        if check_types and type(a) is not type(b) and not (isinstance(a, list) and isinstance(b, list)):
            raise TypeError(f"The two structures don't have the same sequence type: {type(a)} and {type(b)}")
        if isinstance(a, collections.abc.Mapping) and set(a) != set(b):
            raise ValueError(f"The two dictionaries don't have the same set of keys: {list(a)} and {list(b)}")
        ca, cb = _children(a), _children(b)
        if len(ca) != len(cb):
            raise ValueError(
                f"The two structures don't have the same number of elements: {nest1} and {nest2}"
            )
        for x, y in zip(ca, cb):
            walk(x, y)

    walk(nest1, nest2)


def map_structure(func, *structures, check_types=True, expand_composites=False):
    """Applies `func` to corresponding leaves of `structures`; returns the first's structure."""
    if not structures:
        raise ValueError("Must provide at least one structure")
    for other in structures[1:]:
        assert_same_structure(
            structures[0], other, check_types=check_types, expand_composites=expand_composites
        )
    flats = [flatten(s, expand_composites) for s in structures]
    results = [func(*leaves) for leaves in zip(*flats)]
    return pack_sequence_as(structures[0], results, expand_composites=expand_composites)
