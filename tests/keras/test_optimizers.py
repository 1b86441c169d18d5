"""tf.keras.optimizers beyond the golden values (tests/golden, topic "optimizers"): lamina's intended
differences from Keras 2.15, subclassing, lazy slots inside tf.function, and error messages."""

import logging

import numpy as np
import pytest

import lamina as tf

K = tf.keras.optimizers


def quadratic_problem():
    w = tf.Variable([[0.5, -0.3], [0.2, 0.8]], name="w")
    b = tf.Variable([0.1, -0.2], name="b")
    x = tf.constant([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]])

    def loss():
        return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - 1.0))

    return [w, b], loss


def train(optimizer, steps=3, function=False):
    variables, loss = quadratic_problem()

    def step():
        with tf.GradientTape() as tape:
            value = loss()
        optimizer.apply_gradients(zip(tape.gradient(value, variables), variables))

    step = tf.function(step) if function else step
    for _ in range(steps):
        step()
    return np.concatenate([v.numpy().ravel() for v in variables])


# ---- intended differences from Keras 2.15 ---------------------------------------------------------
@pytest.mark.parametrize("rate", [-0.1, -1, np.float32(-0.5)])
def test_negative_learning_rate_is_rejected(rate):
    # Keras 2.15 accepts a negative learning rate and trains uphill; lamina names the argument.
    with pytest.raises(ValueError, match=r"learning_rate.*-"):
        K.Adam(learning_rate=rate)


def test_negative_learning_rate_tensor_and_setter_are_rejected():
    with pytest.raises(ValueError, match="learning_rate=-2.0"):
        K.SGD(tf.constant(-2.0))
    optimizer = K.SGD(0.1)
    with pytest.raises(ValueError, match="learning_rate=-0.5"):
        optimizer.learning_rate = -0.5
    np.testing.assert_allclose(optimizer.learning_rate.numpy(), 0.1)


@pytest.mark.parametrize("argument", ["clipnorm", "clipvalue", "global_clipnorm"])
def test_bad_clip_values_are_rejected(argument):
    # Keras 2.15 silently ignores a negative threshold; lamina raises.
    with pytest.raises(ValueError, match=f"{argument}=-1.0"):
        K.SGD(**{argument: -1.0})
    with pytest.raises(TypeError, match=argument):
        K.SGD(**{argument: "big"})


def test_nadam_in_function_matches_eager():
    # Keras 2.15's Nadam advances its momentum product once per variable inside tf.function (and gives
    # NaN with one variable); lamina advances it once per step in both modes.
    np.testing.assert_allclose(train(K.Nadam(0.1), function=True), train(K.Nadam(0.1)), rtol=1e-6)


def test_deserialize_adamw_and_lion_dicts():
    # Keras 2.15 returns the class name as a string here; lamina builds the optimizer.
    for name, cls in (("AdamW", K.AdamW), ("Lion", K.Lion)):
        optimizer = K.deserialize({"module": "keras.optimizers", "class_name": name, "config": {}})
        assert type(optimizer) is cls


# ---- behaviour ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cls",
    [
        K.SGD,
        K.RMSprop,
        K.Adam,
        K.AdamW,
        K.Adamax,
        K.Nadam,
        K.Adagrad,
        K.Adadelta,
        K.Ftrl,
        K.Lion,
        K.Adafactor,
    ],
)
def test_function_and_eager_agree_and_config_round_trips(cls):
    np.testing.assert_allclose(train(cls(0.05), function=True), train(cls(0.05)), rtol=1e-6, atol=1e-7)
    config = cls(0.05).get_config()
    assert cls.from_config(config).get_config() == config
    assert config["jit_compile"] is False  # as Keras reports it without a GPU


def test_slots_are_created_lazily_inside_a_function():
    optimizer = K.Adam(0.1)
    assert [v.name for v in optimizer.variables()] == ["iteration:0"]
    train(optimizer, steps=2, function=True)
    assert [v.name for v in optimizer.variables] == [
        "iteration:0",
        "Adam/m/w:0",
        "Adam/v/w:0",
        "Adam/m/b:0",
        "Adam/v/b:0",
    ]
    assert optimizer.iterations.dtype == tf.int64 and int(optimizer.iterations.numpy()) == 2


def test_unknown_variable_after_build_raises_key_error():
    optimizer = K.SGD(0.1)
    optimizer.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0], name="first"))])
    with pytest.raises(KeyError, match="cannot recognize variable second:0"):
        optimizer.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0], name="second"))])


def test_gradient_of_wrong_shape_raises_value_error():
    with pytest.raises(ValueError, match=r"Gradient shape \(2,\).*\(1,\)"):
        K.SGD(0.1).apply_gradients([(tf.constant([1.0, 2.0]), tf.Variable([1.0]))])


def test_unknown_name_names_the_value():
    with pytest.raises(ValueError, match="Unknown optimizer: 'adamm'"):
        K.get("adamm")


def test_lr_keyword_is_ignored_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="lamina.keras.optimizers"):
        optimizer = K.Adam(lr=0.5)
    assert "`lr` is deprecated" in caplog.text
    np.testing.assert_allclose(optimizer.learning_rate.numpy(), 0.001)


def test_learning_rate_can_become_a_schedule():
    optimizer = K.SGD(0.1)
    w = tf.Variable([1.0])
    optimizer.apply_gradients([(tf.constant([1.0]), w)])
    optimizer.learning_rate = K.schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)
    optimizer.apply_gradients([(tf.constant([1.0]), w)])  # step 1 of the schedule: rate 0.5
    np.testing.assert_allclose(w.numpy(), [1.0 - 0.1 - 0.5])


def test_exclude_from_weight_decay_after_build_raises():
    optimizer = K.AdamW()
    optimizer.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0]))])
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["bias"])


def test_finalize_without_ema_changes_nothing():
    w = tf.Variable([1.0])
    K.SGD(0.1).finalize_variable_values([w])
    assert w.numpy() == 1.0


class SignSGD(K.Optimizer):
    """A user optimizer written against Keras's subclassing API."""

    def __init__(self, learning_rate=0.1, name="SignSGD", **kwargs):
        super().__init__(name=name, **kwargs)
        self._learning_rate = self._build_learning_rate(learning_rate)

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self.steps_seen = [self.add_variable_from_reference(v, "count") for v in var_list]

    def update_step(self, gradient, variable):
        count = self.steps_seen[self._index_dict[self._var_key(variable)]]
        count.assign_add(tf.ones_like(count))
        variable.assign_sub(tf.cast(self.learning_rate, variable.dtype) * tf.sign(gradient))


def test_subclassing_api():
    optimizer = SignSGD(0.25)
    w = tf.Variable([1.0, -1.0], name="w")
    for _ in range(2):
        optimizer.apply_gradients([(tf.constant([3.0, -0.1]), w)])
    np.testing.assert_allclose(w.numpy(), [0.5, -0.5])
    assert [v.name for v in optimizer.variables()] == ["iteration:0", "SignSGD/count/w:0"]
    np.testing.assert_allclose(optimizer.variables()[1].numpy(), [2.0, 2.0])
