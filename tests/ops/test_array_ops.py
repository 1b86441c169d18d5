"""Array (shape) ops: values against NumPy over dtypes, gradients against finite differences, strings
on the host path, and TensorFlow's error classes."""

import numpy as np
import pytest

import lamina as tf
from tests.ops.harness import OpCase, check_values, check_vjp

ANY = ("float32", "float64", "int32", "int64", "bool")
FEW = ("float32", "int32", "bool")

CASES = [
    OpCase("identity", tf.identity, lambda x: x, dtypes=ANY),
    OpCase("reshape", lambda x: tf.reshape(x, [3, -1]), lambda x: x.reshape(3, -1), dtypes=ANY),
    OpCase("transpose", tf.transpose, lambda x: x.T, dtypes=ANY, shapes=((2, 3), (2, 3, 4))),
    OpCase(
        "transpose_perm",
        lambda x: tf.transpose(x, [1, 2, 0]),
        lambda x: x.transpose(1, 2, 0),
        dtypes=FEW,
        shapes=((2, 3, 4),),
    ),
    OpCase("expand_dims", lambda x: tf.expand_dims(x, -1), lambda x: x[..., None], dtypes=FEW),
    OpCase("squeeze", tf.squeeze, np.squeeze, dtypes=FEW, shapes=((1, 3, 1),)),
    OpCase(
        "squeeze_axis",
        lambda x: tf.squeeze(x, [0]),
        lambda x: np.squeeze(x, 0),
        dtypes=FEW,
        shapes=((1, 3, 1),),
    ),
    OpCase(
        "concat",
        lambda x: tf.concat([x, x * 1 if x.dtype != tf.bool else x], 1),
        lambda x: np.concatenate([x, x], 1),
        dtypes=ANY,
    ),
    OpCase("stack", lambda x: tf.stack([x, x], axis=-1), lambda x: np.stack([x, x], -1), dtypes=FEW),
    OpCase("unstack", lambda x: tf.unstack(x, axis=1), lambda x: [x[:, i] for i in range(3)], dtypes=FEW),
    OpCase("split", lambda x: tf.split(x, 3, axis=1), lambda x: np.split(x, 3, 1), dtypes=FEW),
    OpCase("split_sizes", lambda x: tf.split(x, [1, -1], axis=1), lambda x: np.split(x, [1], 1), dtypes=FEW),
    OpCase("tile", lambda x: tf.tile(x, [2, 1]), lambda x: np.tile(x, (2, 1)), dtypes=ANY),
    OpCase("pad", lambda x: tf.pad(x, [[1, 0], [2, 1]]), lambda x: np.pad(x, ((1, 0), (2, 1))), dtypes=ANY),
    OpCase(
        "pad_value",
        lambda x: tf.pad(x, [[1, 1], [0, 1]], constant_values=3),
        lambda x: np.pad(x, ((1, 1), (0, 1)), constant_values=3),
        dtypes=("float32", "int64"),
    ),
    OpCase(
        "pad_reflect",
        lambda x: tf.pad(x, [[1, 1], [2, 2]], "REFLECT"),
        lambda x: np.pad(x, ((1, 1), (2, 2)), mode="reflect"),
        dtypes=("float64", "int32"),
    ),
    OpCase(
        "pad_symmetric",
        lambda x: tf.pad(x, [[2, 1], [3, 0]], "symmetric"),
        lambda x: np.pad(x, ((2, 1), (3, 0)), mode="symmetric"),
        dtypes=("float64", "int32"),
    ),
    OpCase("reverse", lambda x: tf.reverse(x, [0, -1]), lambda x: x[::-1, ::-1], dtypes=ANY),
    OpCase("roll", lambda x: tf.roll(x, [1, -1], [0, 1]), lambda x: np.roll(x, (1, -1), (0, 1)), dtypes=FEW),
    OpCase("repeat", lambda x: tf.repeat(x, 2), lambda x: np.repeat(x, 2), dtypes=FEW),
    OpCase(
        "repeat_list",
        lambda x: tf.repeat(x, [1, 0, 2], axis=1),
        lambda x: np.repeat(x, [1, 0, 2], 1),
        dtypes=FEW,
    ),
    OpCase(
        "broadcast_to",
        lambda x: tf.broadcast_to(x, [4, 2, 3]),
        lambda x: np.broadcast_to(x, (4, 2, 3)),
        dtypes=FEW,
    ),
    OpCase("ensure_shape", lambda x: tf.ensure_shape(x, [None, 3]), lambda x: x, dtypes=FEW),
    OpCase(
        "space_to_depth",
        lambda x: tf.nn.space_to_depth(x, 2),
        lambda x: x.reshape(1, 2, 2, 2, 2, 3).transpose(0, 1, 3, 2, 4, 5).reshape(1, 2, 2, 12),
        dtypes=("float32", "int32"),
        shapes=((1, 4, 4, 3),),
    ),
    OpCase(
        "depth_to_space",
        lambda x: tf.nn.depth_to_space(x, 2),
        lambda x: x.reshape(1, 2, 3, 2, 2, 2).transpose(0, 1, 3, 2, 4, 5).reshape(1, 4, 6, 2),
        dtypes=("float32", "int32"),
        shapes=((1, 2, 3, 8),),
    ),
    OpCase("meshgrid", lambda x: tf.meshgrid(x[0], x[1]), lambda x: np.meshgrid(x[0], x[1]), dtypes=FEW),
    OpCase(
        "meshgrid_ij",
        lambda x: tf.meshgrid(x[0], x[1], indexing="ij"),
        lambda x: np.meshgrid(x[0], x[1], indexing="ij"),
        dtypes=("float64",),
    ),
    OpCase("zeros_like", tf.zeros_like, np.zeros_like, dtypes=ANY),
    OpCase("ones_like", tf.ones_like, np.ones_like, dtypes=ANY),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_values(case):
    for shape in case.shapes:
        for dtype in case.dtypes:
            check_values(case, shape, dtype)


GRADIENTS = [
    (lambda x: tf.transpose(x, [1, 0]), (2, 3)),
    (lambda x: tf.reshape(x, [-1]), (2, 3)),
    (lambda x: tf.concat([x, x * x], 0), (2, 3)),
    (lambda x: tf.stack([x, x], 1), (2, 3)),
    (lambda x: tf.unstack(x)[1], (2, 3)),
    (lambda x: tf.split(x, [1, 2], 1)[1], (2, 3)),
    (lambda x: tf.tile(x, [2, 3]), (2, 3)),
    (lambda x: tf.pad(x, [[1, 2], [0, 1]], constant_values=2.0), (2, 3)),
    (lambda x: tf.pad(x, [[1, 1], [2, 1]], "REFLECT"), (2, 3)),
    (lambda x: tf.pad(x, [[1, 2], [3, 0]], "SYMMETRIC"), (2, 3)),
    (lambda x: tf.reverse(x, [1]), (2, 3)),
    (lambda x: tf.roll(x, 2, 1), (2, 3)),
    (lambda x: tf.repeat(x, [2, 0, 1], axis=1), (2, 3)),
    (lambda x: tf.broadcast_to(x, [2, 2, 3]), (2, 3)),
    (lambda x: tf.squeeze(tf.expand_dims(x, 0)), (2, 3)),
    (lambda x: tf.nn.space_to_depth(x, 2), (1, 2, 4, 1)),
    (lambda x: tf.nn.depth_to_space(x, 2), (1, 1, 2, 4)),
    (lambda x: tf.linspace(x[0], x[1], 4, axis=1), (2, 3)),
    (lambda x: tf.meshgrid(x[0], x[1])[1], (2, 3)),
    (lambda x: tf.one_hot([0, 2, 5], 3, on_value=x[0, 0], off_value=x[1, 1]), (2, 3)),
]


@pytest.mark.parametrize("index", range(len(GRADIENTS)))
def test_gradients(index):
    fn, shape = GRADIENTS[index]
    check_vjp(fn, [np.random.default_rng(index).normal(size=shape)])


# ---- creation -----------------------------------------------------------------------------------
def test_zeros_ones_fill():
    np.testing.assert_array_equal(tf.zeros([2, 3], tf.int64).numpy(), np.zeros((2, 3), np.int64))
    assert tf.zeros(tf.TensorShape([2, 1])).shape == (2, 1)
    assert tf.ones(tf.constant([3]), tf.bool).numpy().tolist() == [True] * 3
    assert tf.zeros((), tf.float64).dtype == tf.float64
    np.testing.assert_array_equal(tf.fill([2, 2], 7).numpy(), np.full((2, 2), 7, np.int32))
    assert tf.zeros_like(tf.zeros([2]), dtype=tf.int32).dtype == tf.int32
    assert tf.ones_like([1.5, 2.0]).numpy().tolist() == [1.0, 1.0]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.fill([-1], 0)


def test_constant_shape_and_errors():
    np.testing.assert_array_equal(tf.constant(5.0, shape=[2, 3]).numpy(), np.full((2, 3), 5, np.float32))
    assert tf.constant([1, 2, 3, 4], shape=(2, 2)).numpy().tolist() == [[1, 2], [3, 4]]
    with pytest.raises(TypeError):
        tf.constant(1.5, dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.constant([1, 2, 3], shape=[2, 2])


@pytest.mark.parametrize(
    "source,target,expected",
    [
        ([0, 3], [3, 0, -1], (3, 0, 1)),
        ([2, 0], [0, -1], (0, 2)),
        ([0, 3], [-1], (0,)),
        ([2, 3], [-1, 2], (3, 2)),
    ],
)
def test_reshape_infers_minus_one(source, target, expected):
    # With a zero-sized target dimension, TensorFlow infers -1 from the non-zero dimensions.
    assert tf.reshape(tf.zeros(source), target).shape == expected


def test_eye():
    np.testing.assert_array_equal(tf.eye(3).numpy(), np.eye(3, dtype=np.float32))
    result = tf.eye(2, 3, batch_shape=[2], dtype=tf.int32)
    assert result.dtype == tf.int32
    np.testing.assert_array_equal(result.numpy(), np.broadcast_to(np.eye(2, 3, dtype=np.int32), (2, 2, 3)))


@pytest.mark.parametrize(
    "args,kwargs,dtype,expected",
    [
        ((5,), {}, tf.int32, np.arange(5)),
        ((1, 5), {}, tf.int32, np.arange(1, 5)),
        ((1.0, 5), {}, tf.float32, np.arange(1.0, 5)),
        ((1, 5, 0.5), {}, tf.float32, np.arange(1, 5, 0.5)),
        ((5, 1, -2), {}, tf.int32, np.arange(5, 1, -2)),
        ((3,), {"dtype": tf.float64}, tf.float64, np.arange(3.0)),
        ((0, 1, 0.3), {"dtype": tf.float64}, tf.float64, np.arange(0, 1, 0.3)),
    ],
)
def test_range(args, kwargs, dtype, expected):
    result = tf.range(*args, **kwargs)
    assert result.dtype == dtype
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-6)


def test_range_inference_and_errors():
    assert tf.range(tf.constant(1, tf.int64), 5).dtype == tf.int64
    assert tf.range(tf.constant(1.0, tf.float64), 3.0).dtype == tf.float64
    with pytest.raises(tf.errors.InvalidArgumentError, match="delta != 0"):
        tf.range(1, 5, 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="start <= limit"):
        tf.range(5, 1)


def test_linspace():
    np.testing.assert_allclose(tf.linspace(0.0, 1.0, 4).numpy(), np.linspace(0, 1, 4, dtype=np.float32))
    assert tf.linspace(0, 10, 5).dtype == tf.float64
    assert tf.linspace(0.0, 1.0, 0).shape == (0,)
    assert tf.linspace(2.0, 3.0, 1).numpy().tolist() == [2.0]
    batched = tf.linspace([0.0, 1.0], [1.0, 3.0], 3, axis=1)
    np.testing.assert_allclose(batched.numpy(), [[0, 0.5, 1], [1, 2, 3]])
    assert tf.linspace([0.0, 1.0], [1.0, 3.0], 3).shape == (3, 2)


def test_shape_queries():
    x = tf.zeros([3, 4])
    assert tf.shape(x).numpy().tolist() == [3, 4] and tf.shape(x).dtype == tf.int32
    assert tf.shape(x, out_type=tf.int64).dtype == tf.int64
    assert tf.shape(tf.constant(1.0)).numpy().tolist() == []
    assert [s.numpy().tolist() for s in tf.shape_n([x, tf.zeros([2])])] == [[3, 4], [2]]
    assert tf.rank(x).numpy() == 2 and tf.rank(x).dtype == tf.int32
    assert tf.size(x).numpy() == 12 and tf.size(x, out_type=tf.int64).dtype == tf.int64
    values = tf.identity_n([x, 1.0])
    assert len(values) == 2 and values[1].numpy() == 1.0


def test_broadcast_helpers():
    assert tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([3])) == tf.TensorShape([2, 3])
    with pytest.raises(ValueError):
        tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))
    result = tf.broadcast_dynamic_shape([2, 1], [3])
    assert result.numpy().tolist() == [2, 3] and result.dtype == tf.int32
    assert (
        tf.broadcast_dynamic_shape(tf.constant([2, 1], tf.int64), tf.constant([3], tf.int64)).dtype
        == tf.int64
    )
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        tf.broadcast_dynamic_shape([2], [3])
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.broadcast_to(tf.zeros([2, 3]), [4, 3])


def test_sequence_mask():
    np.testing.assert_array_equal(
        tf.sequence_mask([1, 3, 2]).numpy(), np.arange(3) < np.array([[1], [3], [2]])
    )
    result = tf.sequence_mask([[1, 3], [2, 0]], 4, dtype=tf.float32)
    assert result.dtype == tf.float32 and result.shape == (2, 2, 4)
    np.testing.assert_array_equal(result.numpy(), (np.arange(4) < np.array([[1, 3], [2, 0]])[..., None]))
    assert tf.sequence_mask(tf.constant([1, 2], tf.int64)).shape == (2, 2)


def test_one_hot():
    np.testing.assert_array_equal(
        tf.one_hot([0, -1, 3, 2], 3).numpy(), [[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 1]]
    )
    result = tf.one_hot([0, 2], 3, on_value=5, off_value=-1)
    assert result.dtype == tf.int32 and result.numpy().tolist() == [[5, -1, -1], [-1, -1, 5]]
    assert tf.one_hot([0, 2], 3, axis=0).numpy().tolist() == [[1, 0], [0, 0], [0, 1]]
    assert tf.one_hot([1], 2, dtype=tf.int64).dtype == tf.int64
    assert tf.one_hot([1], 2, on_value=5, dtype=tf.float32).numpy().tolist() == [[0.0, 5.0]]
    with pytest.raises(TypeError):
        tf.one_hot([0], 3, on_value=5, off_value=1.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.one_hot([0.0], 3)


# ---- strings on the host --------------------------------------------------------------------------
def test_string_tensors():
    words = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    expected = np.array([[b"a", b"b", b"c"], [b"d", b"e", b"f"]], dtype=object)
    assert tf.reshape(words, [-1]).numpy().tolist() == expected.ravel().tolist()
    assert tf.transpose(words).numpy().tolist() == expected.T.tolist()
    assert tf.concat([words, words], 0).shape == (4, 3)
    assert tf.stack([words, words]).dtype == tf.string
    assert tf.unstack(words)[1].numpy().tolist() == [b"d", b"e", b"f"]
    assert tf.expand_dims(words, 0).shape == (1, 2, 3)
    assert tf.squeeze(tf.expand_dims(words, 0)).shape == (2, 3)
    assert tf.identity(words).numpy().tolist() == expected.tolist()
    assert tf.tile(words, [1, 2]).numpy().tolist() == np.tile(expected, (1, 2)).tolist()
    assert tf.reverse(words, [1]).numpy()[0].tolist() == [b"c", b"b", b"a"]
    assert tf.split(words, 3, axis=1)[2].numpy().tolist() == [[b"c"], [b"f"]]
    assert tf.pad(tf.constant(["a"]), [[1, 0]]).numpy().tolist() == [b"", b"a"]
    assert tf.zeros([2], tf.string).numpy().tolist() == [b"", b""]
    assert tf.fill([2], "x").numpy().tolist() == [b"x", b"x"]
    assert tf.shape(words).numpy().tolist() == [2, 3]
    assert tf.broadcast_to(tf.constant("a"), [2]).numpy().tolist() == [b"a", b"a"]


# ---- errors ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call,error",
    [
        (lambda x: tf.reshape(x, [5, -1]), tf.errors.InvalidArgumentError),
        (lambda x: tf.transpose(x, [0, 0]), tf.errors.InvalidArgumentError),
        (lambda x: tf.transpose(x, [0]), tf.errors.InvalidArgumentError),
        (lambda x: tf.expand_dims(x, 3), tf.errors.InvalidArgumentError),
        (lambda x: tf.squeeze(x, 0), tf.errors.InvalidArgumentError),
        (lambda x: tf.concat([x, tf.zeros([2, 3], tf.int32)], 0), tf.errors.InvalidArgumentError),
        (lambda x: tf.concat([x, tf.zeros([3, 4])], 0), tf.errors.InvalidArgumentError),
        (lambda x: tf.concat([x, x], 2), tf.errors.InvalidArgumentError),
        (lambda x: tf.unstack(x, num=2), tf.errors.InvalidArgumentError),
        (lambda x: tf.unstack(x, axis=2), ValueError),
        (lambda x: tf.split(x, 3, axis=1), tf.errors.InvalidArgumentError),
        (lambda x: tf.split(x, [1, 2], axis=1), tf.errors.InvalidArgumentError),
        (lambda x: tf.split(x, [-1, -1], axis=1), tf.errors.InvalidArgumentError),
        (lambda x: tf.tile(x, [2]), tf.errors.InvalidArgumentError),
        (lambda x: tf.pad(x, [[3, 0], [0, 0]], "REFLECT"), tf.errors.InvalidArgumentError),
        (lambda x: tf.pad(x, [[4, 0], [0, 0]], "SYMMETRIC"), tf.errors.InvalidArgumentError),
        (lambda x: tf.pad(x, [[1, 0], [0, 0]], "FOO"), ValueError),
        (lambda x: tf.pad(x, [[-1, 0], [0, 0]]), tf.errors.InvalidArgumentError),
        (lambda x: tf.reverse(x, [0, -2]), tf.errors.InvalidArgumentError),
        (lambda x: tf.roll(x, [1], [0, 1]), tf.errors.InvalidArgumentError),
        (lambda x: tf.repeat(x, [1, 2], axis=0), ValueError),
        (lambda x: tf.ensure_shape(x, [3, 5]), tf.errors.InvalidArgumentError),
        (lambda x: tf.nn.space_to_depth(x, 2), tf.errors.InvalidArgumentError),
        (lambda x: tf.meshgrid(x, x, indexing="foo"), ValueError),
        (lambda x: tf.stack([x, tf.zeros([2], tf.int32)]), tf.errors.InvalidArgumentError),
    ],
)
def test_errors(call, error):
    with pytest.raises(error):
        call(tf.reshape(tf.range(12), [3, 4]))


def test_reverse_sequence():
    x = np.arange(24).reshape(2, 3, 4)
    out = tf.reverse_sequence(x, [2, 4], seq_axis=2, batch_axis=0).numpy()
    expected = x.copy()
    expected[0, :, :2] = x[0, :, :2][:, ::-1]
    expected[1, :, :4] = x[1, :, :4][:, ::-1]
    np.testing.assert_array_equal(out, expected)
    swapped = tf.reverse_sequence(x.transpose(2, 1, 0), [2, 4], seq_axis=0, batch_axis=2).numpy()
    np.testing.assert_array_equal(swapped, expected.transpose(2, 1, 0))
    with pytest.raises(tf.errors.InvalidArgumentError, match="seq_lens"):
        tf.reverse_sequence(x, [2, 5], seq_axis=2, batch_axis=0)
