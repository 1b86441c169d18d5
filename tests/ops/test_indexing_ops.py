"""Indexing ops: slice/strided_slice, gather/scatter, boolean_mask, where, unique, searchsorted."""

import numpy as np
import pytest

import lamina as tf
from tests.ops.harness import OpCase, check_values, check_vjp

ANY = ("float32", "float64", "int32", "int64", "bool")
FEW = ("float32", "int64", "bool")


def _gather_nd(params, indices):
    return params[tuple(np.moveaxis(indices, -1, 0))]


CASES = [
    OpCase("slice", lambda x: tf.slice(x, [1, 0], [-1, 2]), lambda x: x[1:, 0:2], dtypes=ANY),
    OpCase(
        "strided_slice",
        lambda x: tf.strided_slice(x, [0, 3], [2, 0], [1, -2]),
        lambda x: x[0:2, 3:0:-2],
        dtypes=FEW,
        shapes=((3, 4),),
    ),
    OpCase(
        "strided_slice_masks",
        lambda x: tf.strided_slice(
            x, [0, 1, 0], [0, 2, 0], [1, 1, 1], begin_mask=1, end_mask=1, new_axis_mask=4, shrink_axis_mask=2
        ),
        lambda x: x[:, 1, None],
        dtypes=FEW,
        shapes=((3, 4),),
    ),
    OpCase("gather", lambda x: tf.gather(x, [2, 0, 0]), lambda x: x[[2, 0, 0]], dtypes=ANY, shapes=((3, 2),)),
    OpCase(
        "gather_axis",
        lambda x: tf.gather(x, [[1], [0]], axis=-1),
        lambda x: np.take(x, [[1], [0]], -1),
        dtypes=FEW,
        shapes=((3, 2),),
    ),
    OpCase(
        "gather_batch",
        lambda x: tf.gather(x, [[0, 1], [1, 1], [1, 0]], axis=1, batch_dims=1),
        lambda x: np.take_along_axis(x, np.array([[0, 1], [1, 1], [1, 0]]), 1),
        dtypes=FEW,
        shapes=((3, 2),),
    ),
    OpCase(
        "gather_nd",
        lambda x: tf.gather_nd(x, [[2, 1], [0, 0]]),
        lambda x: _gather_nd(x, np.array([[2, 1], [0, 0]])),
        dtypes=ANY,
        shapes=((3, 2),),
    ),
    OpCase(
        "gather_nd_slices",
        lambda x: tf.gather_nd(x, [[1], [0]]),
        lambda x: x[[1, 0]],
        dtypes=FEW,
        shapes=((3, 2),),
    ),
    OpCase(
        "gather_nd_batch",
        lambda x: tf.gather_nd(x, [[1], [0], [1]], batch_dims=1),
        lambda x: x[np.arange(3), [1, 0, 1]],
        dtypes=FEW,
        shapes=((3, 2),),
    ),
    OpCase(
        "boolean_mask",
        lambda x: tf.boolean_mask(x, [True, False, True]),
        lambda x: x[[True, False, True]],
        dtypes=ANY,
        shapes=((3, 2),),
    ),
    OpCase(
        "boolean_mask_axis",
        lambda x: tf.boolean_mask(x, [False, True], axis=1),
        lambda x: x[:, [False, True]],
        dtypes=FEW,
        shapes=((3, 2),),
    ),
    OpCase(
        "where_select",
        # The condition is computed in NumPy so that this test needs no comparison op.
        lambda x: tf.where(tf.constant(x.numpy() > x.numpy()[0]), x, x[0]),
        lambda x: np.where(x > x[0], x, x[0]),
        dtypes=("float32", "int32"),
        shapes=((3, 2),),
    ),
    OpCase("reverse_getitem", lambda x: x[::-1, 1:], lambda x: x[::-1, 1:], dtypes=ANY, shapes=((3, 2),)),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_values(case):
    for shape in case.shapes:
        for dtype in case.dtypes:
            check_values(case, shape, dtype)


GRADIENTS = [
    lambda x: tf.slice(x, [1, 0], [2, 2]),
    lambda x: tf.strided_slice(x, [2, 0], [0, 3], [-1, 2]),
    lambda x: x[1, ::-1],
    lambda x: tf.gather(x, [2, 0, 2]),
    lambda x: tf.gather(x, [[0, 1], [1, 1], [2, 0]], axis=1, batch_dims=1),
    lambda x: tf.gather_nd(x, [[2, 1], [2, 1], [0, 0]]),
    lambda x: tf.tensor_scatter_nd_update(x, [[1]], [[9.0, 8.0, 7.0]]),
    lambda x: tf.tensor_scatter_nd_add(x, [[1, 2], [1, 2]], [2.0, 3.0]),
    lambda x: tf.tensor_scatter_nd_sub(x, [[0, 0]], [2.0]),
    lambda x: tf.scatter_nd([[1], [1], [3]], x, [5, 3]),
    lambda x: tf.boolean_mask(x, [True, False, True]),
    lambda x: tf.boolean_mask(x, [[True, False, True]] * 3),
    lambda x: tf.where([[True, False, True], [False, False, True], [True, True, False]], x, x * x),
    lambda x: tf.where([True, False, True], x, 2.0),
]


@pytest.mark.parametrize("index", range(len(GRADIENTS)))
def test_gradients(index):
    check_vjp(GRADIENTS[index], [np.random.default_rng(index).normal(size=(3, 3))])


def test_unique_gradient():
    # TensorFlow has no gradient for Unique; lamina routes each unique value's gradient to its inputs.
    x = tf.constant([3.0, 1.0, 3.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.unique(x).y
    grad = tape.gradient(y, x, output_gradients=tf.constant([1.0, 2.0, 3.0]))
    assert grad.numpy().tolist() == [1.0, 2.0, 1.0, 3.0]


def test_scatter_values():
    result = tf.scatter_nd([[1], [1], [3]], [1.0, 2.0, 3.0], [5])
    assert result.numpy().tolist() == [0, 3, 0, 3, 0]
    base = tf.constant([[1, 2], [3, 4]])
    assert tf.tensor_scatter_nd_update(base, [[0, 1]], [9]).numpy().tolist() == [[1, 9], [3, 4]]
    assert tf.tensor_scatter_nd_add(base, [[1]], [[10, 10]]).numpy().tolist() == [[1, 2], [13, 14]]
    assert tf.tensor_scatter_nd_sub(base, [[1, 0], [1, 0]], [1, 1]).numpy().tolist() == [[1, 2], [1, 4]]
    assert tf.tensor_scatter_nd_max(base, [[0, 0], [1, 1]], [5, 0]).numpy().tolist() == [[5, 2], [3, 4]]
    assert tf.tensor_scatter_nd_min(base, [[0, 0], [1, 1]], [5, 0]).numpy().tolist() == [[1, 2], [3, 0]]
    indices64 = tf.constant([[0]], tf.int64)
    assert tf.tensor_scatter_nd_update(tf.zeros([2]), indices64, [1.0]).numpy().tolist() == [1.0, 0.0]


def test_variable_scatter_uses_registry_names():
    variable = tf.Variable([1.0, 2.0, 3.0])
    variable.scatter_nd_update([[0]], [5.0])
    variable.scatter_nd_add([[1]], [1.0])
    variable.scatter_nd_sub([[2]], [1.0])
    assert variable.numpy().tolist() == [5.0, 3.0, 2.0]


def test_where_one_argument():
    result = tf.where([[True, False], [False, True]])
    assert result.dtype == tf.int64 and result.numpy().tolist() == [[0, 0], [1, 1]]
    assert tf.where([1.0, 0.0, 2.0]).numpy().tolist() == [[0], [2]]
    assert tf.where(tf.zeros([2, 3], tf.bool)).shape == (0, 2)


def test_where_select_broadcasts():
    result = tf.where([True, False], 1.0, [[2.0], [3.0]])
    assert result.numpy().tolist() == [[1.0, 2.0], [1.0, 3.0]]
    assert tf.where([True, False], "a", "b").numpy().tolist() == [b"a", b"b"]


@pytest.mark.parametrize("values,out_idx", [([3, 1, 3, 2, 1], tf.int32), ([2.5, -1.0, 2.5], tf.int64)])
def test_unique(values, out_idx):
    y, idx = tf.unique(values, out_idx=out_idx)
    expected_y = list(dict.fromkeys(values))
    assert y.numpy().tolist() == expected_y
    assert idx.dtype == out_idx and idx.numpy().tolist() == [expected_y.index(v) for v in values]
    counted = tf.unique_with_counts(values, out_idx=out_idx)
    assert counted.count.numpy().tolist() == [values.count(v) for v in expected_y]
    assert counted.y.numpy().tolist() == expected_y


def test_unique_strings():
    y, idx = tf.unique(["b", "a", "b"])
    assert y.numpy().tolist() == [b"b", b"a"] and idx.numpy().tolist() == [0, 1, 0]


def test_invert_permutation():
    assert tf.math.invert_permutation([2, 0, 1]).numpy().tolist() == [1, 2, 0]
    assert tf.math.invert_permutation(tf.constant([1, 0], tf.int64)).dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="duplicated"):
        tf.math.invert_permutation([2, 2, 1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="not between"):
        tf.math.invert_permutation([3, 0, 1])


def test_searchsorted():
    sequence = [[1, 3, 5], [2, 4, 6]]
    values = [[3, 6], [1, 4]]
    for side in ("left", "right"):
        expected = [np.searchsorted(s, v, side=side).tolist() for s, v in zip(sequence, values, strict=True)]
        assert tf.searchsorted(sequence, values, side=side).numpy().tolist() == expected
    result = tf.searchsorted([1.0, 3.0, 5.0], [3.0, 0.0], out_type=tf.int64)
    assert result.dtype == tf.int64 and result.numpy().tolist() == [1, 0]
    with pytest.raises(ValueError):
        tf.searchsorted([1.0], [1.0], side="middle")
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.searchsorted([[1.0, 3.0, 5.0]], [[3.0], [0.0]])


def test_string_indexing():
    words = tf.constant([["a", "b"], ["c", "d"], ["e", "f"]])
    assert tf.gather(words, [2, 0]).numpy().tolist() == [[b"e", b"f"], [b"a", b"b"]]
    assert tf.gather_nd(words, [[1, 1]]).numpy().tolist() == [b"d"]
    assert tf.slice(words, [1, 0], [1, 2]).numpy().tolist() == [[b"c", b"d"]]
    assert words[1, 0].numpy() == b"c"
    assert words[::-1, 1].numpy().tolist() == [b"f", b"d", b"b"]
    assert tf.boolean_mask(words, [True, False, True]).shape == (2, 2)


@pytest.mark.parametrize(
    "call,error,message",
    [
        (
            lambda x: tf.gather(x, [0, 5]),
            tf.errors.InvalidArgumentError,
            r"indices\[1\] = 5 is not in \[0, 3\)",
        ),
        (lambda x: tf.gather(x, [0, -1]), tf.errors.InvalidArgumentError, r"indices\[1\] = -1"),
        (lambda x: tf.gather(x, [[0, 7]], axis=1), tf.errors.InvalidArgumentError, r"indices\[0,1\] = 7"),
        (lambda x: tf.gather(x, [0.0]), tf.errors.InvalidArgumentError, "Tindices"),
        (
            lambda x: tf.gather_nd(x, [[0, 5]]),
            tf.errors.InvalidArgumentError,
            "does not index into param shape",
        ),
        (lambda x: tf.scatter_nd([[1], [6]], [1.0, 2.0], [5]), tf.errors.InvalidArgumentError, r"\[6\]"),
        (lambda x: tf.scatter_nd([[1]], [1.0, 2.0], [5]), tf.errors.InvalidArgumentError, "must match"),
        (
            lambda x: tf.tensor_scatter_nd_update(x, [[5]], [[1, 2, 3, 4]]),
            tf.errors.InvalidArgumentError,
            r"\[5\]",
        ),
        (lambda x: tf.tensor_scatter_nd_add(x, [[-1, 0]], [1]), tf.errors.InvalidArgumentError, r"\[-1, 0\]"),
        (lambda x: tf.slice(x, [1, 1], [3, 2]), tf.errors.InvalidArgumentError, r"size\[0\]"),
        (lambda x: tf.slice(x, [1], [3]), tf.errors.InvalidArgumentError, "1-D tensors of size 2"),
        (lambda x: tf.strided_slice(x, [0], [1], [0]), tf.errors.InvalidArgumentError, "non-zero"),
        (lambda x: tf.boolean_mask(x, [True, False]), ValueError, "incompatible"),
        (lambda x: tf.boolean_mask(x, True), ValueError, "scalar"),
        (lambda x: tf.where([True], x=[1.0]), ValueError, "both"),
        (
            lambda x: tf.where([True, False, True], [1.0, 2.0], 3.0),
            tf.errors.InvalidArgumentError,
            "broadcastable",
        ),
        (lambda x: tf.unique(x), tf.errors.InvalidArgumentError, "1D"),
    ],
)
def test_errors(call, error, message):
    with pytest.raises(error, match=message):
        call(tf.reshape(tf.range(12), [3, 4]))


def test_index_into_an_unknown_dimension_in_a_graph():
    # x[:, 0] on a [None, None, 3] placeholder: the bounds are checked when the graph runs.
    first = tf.function(lambda x: x[:, 0], input_signature=[tf.TensorSpec([None, None, 3], tf.float32)])
    data = np.arange(24, dtype=np.float32).reshape(2, 4, 3)
    np.testing.assert_array_equal(first(data).numpy(), data[:, 0])
    assert first.get_concrete_function().graph.get_operations()[-1].outputs[0].shape.as_list() == [None, 3]
