import collections

import pytest

import lamina as tf


def test_flatten_orders_dicts_by_key():
    assert tf.nest.flatten({"b": 1, "a": [2, 3]}) == [2, 3, 1]
    assert tf.nest.flatten(5) == [5]
    assert tf.nest.flatten("abc") == ["abc"]


def test_pack_sequence_as_rebuilds_types():
    Point = collections.namedtuple("Point", "x y")
    structure = {"p": Point(1, 2), "l": [3, (4,)]}
    rebuilt = tf.nest.pack_sequence_as(structure, [10, 20, 30, 40])
    assert rebuilt == {"p": Point(30, 40), "l": [10, (20,)]}
    assert isinstance(rebuilt["p"], Point)
    with pytest.raises(ValueError):
        tf.nest.pack_sequence_as([1, 2], [1])


def test_map_structure_and_assert_same_structure():
    assert tf.nest.map_structure(lambda a, b: a + b, [1, (2, 3)], [10, (20, 30)]) == [11, (22, 33)]
    with pytest.raises(ValueError):
        tf.nest.assert_same_structure([1, 2], [1, [2, 3]])
    with pytest.raises(TypeError):
        tf.nest.assert_same_structure([1, 2], (1, 2))
    assert tf.nest.is_nested([1]) and not tf.nest.is_nested(1)
