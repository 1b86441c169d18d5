import pytest

import lamina as tf


def test_known_and_partial_shapes():
    s = tf.TensorShape([None, 3])
    assert s.rank == 2 and s.as_list() == [None, 3]
    assert not s.is_fully_defined() and s.num_elements() is None
    assert str(s) == "(None, 3)" and repr(s) == "TensorShape([None, 3])"
    assert s[1] == 3 and s[0] is None
    assert s[1:].as_list() == [3]
    full = tf.TensorShape([2, 3])
    assert full.is_fully_defined() and full.num_elements() == 6
    assert str(tf.TensorShape([4])) == "(4,)"


def test_unknown_rank():
    s = tf.TensorShape(None)
    assert s.rank is None and str(s) == "<unknown>"
    with pytest.raises(ValueError):
        s.as_list()
    assert s.is_compatible_with([1, 2, 3])
    assert s.merge_with([1, 2]).as_list() == [1, 2]


def test_compatibility_and_merge():
    assert tf.TensorShape([None, 3]).is_compatible_with([5, 3])
    assert not tf.TensorShape([None, 3]).is_compatible_with([5, 4])
    assert not tf.TensorShape([3]).is_compatible_with([3, 1])
    assert tf.TensorShape([2, None]).merge_with([None, 4]).as_list() == [2, 4]
    with pytest.raises(ValueError):
        tf.TensorShape([2]).merge_with([3])
    assert tf.TensorShape([2, 3]).most_specific_compatible_shape([2, 4]).as_list() == [2, None]
    assert tf.TensorShape([1, 2]).concatenate([3]).as_list() == [1, 2, 3]


def test_equality():
    assert tf.TensorShape([1, 2]) == [1, 2]
    assert tf.TensorShape([1, 2]) != tf.TensorShape([1, None])
    assert hash(tf.TensorShape([1, 2])) == hash(tf.TensorShape((1, 2)))


def test_bad_dims():
    with pytest.raises(ValueError):
        tf.TensorShape([-2])
    with pytest.raises(TypeError):
        tf.TensorShape([1.5])
