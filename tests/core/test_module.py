"""tf.Module: variables and sub-modules found through attributes, names and name scopes."""

import pytest

import lamina as tf


class Net(tf.Module):
    def __init__(self):
        super().__init__(name="net")
        with self.name_scope:
            self.weight = tf.Variable(1.0, name="weight")
        self.blocks = [tf.Module(name="block"), {"frozen": tf.Variable(2.0, trainable=False)}]
        self.blocks[0].bias = tf.Variable(3.0)


def test_variables_and_submodules_come_from_attributes():
    net = Net()
    assert [float(v) for v in net.variables] == [1.0, 2.0, 3.0]
    assert [float(v) for v in net.trainable_variables] == [1.0, 3.0]
    assert [float(v) for v in net.non_trainable_variables] == [2.0]
    assert [m.name for m in net.submodules] == ["block"]
    assert net.weight.name == "net/weight:0"


def test_default_name_and_validation():
    assert tf.Module().name == "module"
    with pytest.raises(ValueError, match="not a valid module name"):
        tf.Module(name="bad name")
    assert isinstance(tf.keras.layers.Dense(1), tf.Module)
