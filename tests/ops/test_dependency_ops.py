"""tf.control_dependencies, tf.group, tf.no_op and tf.tuple: control edges in graphs, nothing eagerly."""

import lamina as tf


def test_eager_forms_return_none_and_run_callables():
    calls = []
    assert tf.group(tf.constant(1)) is None
    assert tf.no_op() is None
    with tf.control_dependencies([lambda: calls.append(1)]):
        assert int(tf.constant(2) + 1) == 3
    assert calls == [1]
    assert [int(t) for t in tf.tuple([tf.constant(4), tf.constant(5)])] == [4, 5]


def test_group_in_a_graph_waits_for_nested_inputs():
    graph = tf.Graph()
    with graph.as_default():
        a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
        op = tf.group(a, [b], name="both")
        assert op.type == "NoOp" and op.name == "both"
        assert sorted(c.name for c in op.control_inputs) == ["a", "b"]


def test_control_dependencies_order_an_assignment_before_a_read():
    v = tf.Variable(1.0)

    @tf.function
    def bump_then_read():
        with tf.control_dependencies([v.assign_add(1.0)]):
            return tf.identity(v.read_value())

    assert float(bump_then_read()) == 2.0
    assert float(bump_then_read()) == 3.0


def test_tuple_gates_every_output_on_all_inputs():
    graph = tf.Graph()
    with graph.as_default():
        a, b = tf.constant(1.0), tf.constant(2.0)
        gated = tf.tuple([a, b])
        gate = gated[0].op.control_inputs[0]
        assert gate.type == "NoOp" and gate is gated[1].op.control_inputs[0]
        with tf.compat.v1.Session() as sess:
            assert sess.run(gated) == [1.0, 2.0]
