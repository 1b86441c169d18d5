import numpy as np
import pytest

import lamina as tf
from lamina._core.errors import OperatorNotAllowedInGraphError


def test_ops_names_inputs_and_scopes():
    g = tf.Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 3], name="x")
        y = x * 2.0
        z = x * 3.0
        with tf.name_scope("dense"):
            out = tf.add(y, z)
    assert [op.type for op in g.get_operations()] == ["Placeholder", "Const", "Mul", "Const", "Mul", "AddV2"]
    assert y.op.name == "Mul" and z.op.name == "Mul_1" and out.name == "dense/AddV2:0"
    assert y.op.inputs[1].op.type == "Const" and y.op.inputs[1].op.get_attr("value") == 2.0
    assert out.op.inputs == (y, z) and out.graph is g
    assert g.get_operation_by_name("dense/AddV2") is out.op
    assert g.get_tensor_by_name("Mul_1:0") is z
    with pytest.raises(KeyError):
        g.get_operation_by_name("nope")
    assert repr(out) == "<tf.Tensor 'dense/AddV2:0' shape=(None, 3) dtype=float32>"
    assert str(out) == 'Tensor("dense/AddV2:0", shape=(None, 3), dtype=float32)'


def test_partial_shapes_flow_through_ops():
    g = tf.Graph()
    with g.as_default():
        images = g.placeholder(tf.float32, [None, 784])
        w = tf.zeros([784, 10])
        logits = tf.matmul(images, w)
        assert logits.shape.as_list() == [None, 10]
        assert tf.reshape(images, [-1, 28, 28, 1]).shape.as_list() == [None, 28, 28, 1]
        assert tf.reshape(images, [-1]).shape.as_list() == [None]
        assert tf.reduce_sum(images, axis=0).shape.as_list() == [784]
        assert tf.reduce_mean(images, axis=1).shape.as_list() == [None]
        assert tf.concat([images, images], axis=0).shape.as_list() == [None, 784]
        conv = tf.nn.conv2d(tf.reshape(images, [-1, 28, 28, 1]), tf.zeros([3, 3, 1, 8]), 2, "SAME")
        assert conv.shape.as_list() == [None, 14, 14, 8]


def test_impossible_shapes_fail_at_build_time():
    g = tf.Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 3])
        # TensorFlow's shape functions raise ValueError while a graph is built.
        with pytest.raises(ValueError, match="MatMul"):
            tf.matmul(x, tf.zeros([4, 5]))
        with pytest.raises(ValueError):
            x + tf.zeros([4])


def test_constants_fold_so_shape_arithmetic_stays_static():
    g = tf.Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [4, 6])
        half = tf.shape(x)[1] // 2
        y = tf.reshape(x, [tf.shape(x)[0] * 2, half])
    assert y.shape.as_list() == [8, 3]


def test_symbolic_tensors_refuse_python_conversions():
    g = tf.Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [2])
        with pytest.raises(OperatorNotAllowedInGraphError, match="tf.cond"):
            bool(x > 0)
        with pytest.raises(OperatorNotAllowedInGraphError):
            iter(x)
        with pytest.raises(TypeError, match="len is not well defined"):
            len(x)


def test_control_dependencies_and_collections():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0) + 1.0
        with g.control_dependencies([a]):
            b = tf.constant(2.0) * 3.0
        g.add_to_collection("losses", b)
    assert b.op.control_inputs == (a.op,)
    assert g.get_collection("losses") == [b] and g.get_collection("other") == []
    nodes = g.as_graph_def()["node"]
    assert nodes[-1]["op"] == "Mul" and f"^{a.op.name}" in nodes[-1]["input"]


def test_default_graph_and_eager_outside():
    g = tf.Graph()
    with g.as_default():
        assert tf.compat.v1.get_default_graph() is g and not tf.executing_eagerly()
    assert tf.executing_eagerly() and tf.compat.v1.get_default_graph() is not g


def test_large_eager_values_are_captured_not_baked():
    big = tf.ones([300, 300])
    g = tf.Graph()
    with g.as_default():
        y = big * 2.0
    (captured, placeholder), = [c for c in g.captures if c[0] is big]
    assert placeholder.op.type == "Placeholder" and y.op.inputs[0] is placeholder
    np.testing.assert_array_equal(captured.numpy(), big.numpy())


def test_lowering_prunes_folds_and_shares_common_subexpressions():
    from lamina._core.lowering import lower

    g = tf.Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 3])
        unused = tf.exp(x)  # noqa: F841 - pruned: no output needs it
        scale = tf.constant(2.0) * 3.0  # folded: known when built
        first = tf.sin(x) * scale
        again = tf.sin(x) * scale  # the same computation: shared
        total = first + again
    lowered = lower(g, [x], [total])
    assert [op.type for op in lowered.ops] == ["Sin", "Mul", "AddV2"]
    run = lowered.opdef.compiled((), {})
    values = np.array([[0.0, 1.0, 2.0]], np.float32)
    (result,) = run(values)
    np.testing.assert_allclose(np.asarray(result), 12.0 * np.sin(values), rtol=1e-6)


def test_lowering_compiles_the_segments_around_ops_that_cannot_be_jitted():
    from lamina._core.lowering import _Segment

    counter = tf.Variable(0.0)

    @tf.function
    def f(x):
        counter.assign_add(1.0)
        doubled = x * 2.0
        unique, _ = tf.unique(tf.cast(doubled, tf.int32))  # data-dependent shape: not jittable
        return tf.reduce_sum(tf.cast(unique, tf.float32)) + counter

    np.testing.assert_allclose(f(tf.constant([1.0, 1.0, 2.0])).numpy(), 2.0 + 4.0 + 1.0)
    np.testing.assert_allclose(f(tf.constant([3.0, 3.0])).numpy(), 6.0 + 2.0)
    concrete = f.get_concrete_function(tf.constant([1.0, 1.0, 2.0]))
    plan = concrete._lowering().opdef.impl.plan
    kinds = ["segment" if isinstance(step, _Segment) else step.type for step in plan]
    assert kinds == ["segment", "Unique", "segment"]
    assert counter.numpy() == 2.0


@pytest.mark.parametrize(
    "build",
    [
        lambda x: tf.concat([x, tf.zeros([2, 4])], 0),
        lambda x: tf.transpose(x, [0, 2]),
        lambda x: tf.reduce_sum(x, axis=5),
        lambda x: tf.squeeze(x, axis=1),
        lambda x: tf.reshape(tf.zeros([2, 3]), [4, 2]),
        lambda x: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([3, 3, 2, 1]), 1, "SAME"),
    ],
)
def test_static_shape_errors_are_value_errors_in_graphs_and_invalid_argument_eagerly(build):
    g = tf.Graph()
    with g.as_default():
        x = g.placeholder(tf.float32, [None, 3])
        with pytest.raises(ValueError):
            build(x)
    with pytest.raises(tf.errors.InvalidArgumentError):
        build(tf.zeros([2, 3]))
