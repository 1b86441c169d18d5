import numpy as np
import pytest

import lamina as tf


def test_eager_tensor_basics():
    t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert isinstance(t, tf.Tensor)
    assert t.shape == tf.TensorShape([2, 2]) and t.ndim == 2 and t.dtype is tf.float32
    assert t.device.endswith("device:CPU:0")
    np.testing.assert_array_equal(t.numpy(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(np.asarray(t), [[1, 2], [3, 4]])
    assert len(t) == 2
    rows = list(t)
    assert len(rows) == 2 and rows[1].numpy().tolist() == [3.0, 4.0]


def test_numpy_returns_scalars_and_copies():
    s = tf.constant(3.5)
    assert isinstance(s.numpy(), np.float32) and s.numpy() == 3.5
    t = tf.constant([1, 2])
    array = t.numpy()
    array[0] = 9
    assert t.numpy().tolist() == [1, 2]


def test_python_conversions():
    assert float(tf.constant(2.5)) == 2.5
    assert int(tf.constant(7)) == 7
    assert bool(tf.constant([True])) is True
    assert [10, 20, 30][tf.constant(1)] == 20
    with pytest.raises(ValueError, match="ambiguous"):
        bool(tf.constant([1, 2]))
    with pytest.raises(TypeError):
        len(tf.constant(1.0))
    with pytest.raises(TypeError):
        [1, 2][tf.constant(1.0)]


def test_repr_and_str():
    t = tf.constant([1.0, 2.0])
    assert repr(t) == "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>"
    assert str(t) == "tf.Tensor([1. 2.], shape=(2,), dtype=float32)"
    assert repr(tf.constant(3)) == "<tf.Tensor: shape=(), dtype=int32, numpy=3>"


def test_unhashable_but_ref_works():
    t = tf.constant(1.0)
    with pytest.raises(TypeError, match="unhashable"):
        hash(t)
    table = {t.ref(): "x"}
    assert table[t.ref()] == "x" and t.ref().deref() is t


def test_graph_only_attributes_raise_in_eager():
    t = tf.constant(1.0)
    for attribute in ("op", "graph", "name"):
        with pytest.raises(AttributeError, match="eager"):
            getattr(t, attribute)


def test_string_tensors_live_on_host():
    t = tf.constant(["a", "bc"])
    assert t.dtype is tf.string
    assert t.numpy().tolist() == [b"a", b"bc"]
    assert tf.constant("x").numpy() == b"x"


@pytest.mark.parametrize(
    "value, dtype",
    [
        (3, "int32"),
        (2**40, "int64"),
        (3.0, "float32"),
        ([1, 2.5], "float32"),
        (True, "bool"),
        (1 + 2j, "complex128"),
        (np.array([1, 2], np.int64), "int64"),
        (np.array([1.0]), "float64"),
        (np.float16(1), "float16"),
        ("s", "string"),
        ([], "float32"),
    ],
)
def test_constant_dtype_inference(value, dtype):
    assert tf.constant(value).dtype.name == dtype


def test_constant_conversion_errors():
    with pytest.raises(TypeError):
        tf.constant(2.5, dtype=tf.int32)
    with pytest.raises(ValueError):
        tf.constant([[1, 2], [3]])
    with pytest.raises(ValueError, match="dtype"):
        tf.convert_to_tensor(tf.constant(1.0), dtype=tf.int32)


def test_constant_with_shape():
    np.testing.assert_array_equal(tf.constant(5.0, shape=[2, 3]).numpy(), np.full([2, 3], 5.0))
    np.testing.assert_array_equal(tf.constant([1, 2, 3, 4], shape=[2, 2]).numpy(), [[1, 2], [3, 4]])
    with pytest.raises(TypeError):
        tf.constant([1, 2, 3], shape=[2, 2])


def test_mixed_dtype_error_names_op_and_dtypes():
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.constant(1) + tf.constant(1.0)
    message = str(info.value)
    assert "AddV2" in message and "int32" in message and "float" in message
    assert "test_tensor.py" in message  # names the user's line


def test_python_scalars_adopt_tensor_dtype():
    assert (tf.constant(1.0, tf.float16) + 1).dtype is tf.float16
    assert (2 * tf.constant(3, tf.int64)).dtype is tf.int64
    assert (tf.constant(1.0, tf.float64) - 0.5).dtype is tf.float64
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant(1) + 1.5
