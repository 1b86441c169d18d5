"""tf.keras.optimizers.schedules: values against NumPy formulas, every kind of step, config round
trips, serialization and errors. Values against TensorFlow itself: tests/golden (topic schedules)."""

import math

import numpy as np
import pytest

import lamina as tf
from lamina.keras.serialization import register_keras_serializable  # tf.keras.utils is not public yet

schedules = tf.keras.optimizers.schedules
STEPS = [0, 1, 4, 9, 10, 11, 17, 30, 55]


def values(schedule, steps=STEPS):
    return np.array([float(schedule(step)) for step in steps])


def cosine(fraction):
    return 0.5 * (1 + np.cos(np.pi * fraction))


def test_exponential_decay_matches_formula():
    steps = np.array(STEPS, np.float64)
    np.testing.assert_allclose(
        values(schedules.ExponentialDecay(0.1, 10, 0.5)), 0.1 * 0.5 ** (steps / 10), rtol=1e-6
    )
    staircase = schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)
    np.testing.assert_allclose(values(staircase), 0.1 * 0.5 ** np.floor(steps / 10), rtol=1e-6)


def test_piecewise_constant_decay_intervals_are_closed_on_the_right():
    schedule = schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    np.testing.assert_allclose(values(schedule, [0, 10, 11, 20, 21]), [1.0, 1.0, 0.5, 0.5, 0.1], rtol=1e-6)
    assert schedule(tf.constant(15, tf.int64)).dtype is tf.float32
    assert schedules.PiecewiseConstantDecay([1], [3, 4])(5).dtype is tf.int32


def test_polynomial_decay_with_and_without_cycle():
    steps = np.array(STEPS, np.float64)
    plain = schedules.PolynomialDecay(0.1, 20, end_learning_rate=0.01, power=2.0)
    clipped = np.minimum(steps, 20)
    np.testing.assert_allclose(values(plain), 0.09 * (1 - clipped / 20) ** 2 + 0.01, rtol=1e-5)
    cycled = schedules.PolynomialDecay(0.1, 20, end_learning_rate=0.01, cycle=True)
    periods = np.where(steps == 0, 1, np.ceil(steps / 20)) * 20
    np.testing.assert_allclose(values(cycled), 0.09 * (1 - steps / periods) + 0.01, rtol=1e-5)


def test_inverse_time_decay_matches_formula():
    steps = np.array(STEPS, np.float64)
    np.testing.assert_allclose(
        values(schedules.InverseTimeDecay(0.1, 10, 0.5)), 0.1 / (1 + 0.5 * steps / 10), rtol=1e-6
    )
    np.testing.assert_allclose(
        values(schedules.InverseTimeDecay(0.1, 10, 0.5, staircase=True)),
        0.1 / (1 + 0.5 * np.floor(steps / 10)),
        rtol=1e-6,
    )


def test_cosine_decay_with_warmup():
    steps = np.array(STEPS, np.float64)
    plain = schedules.CosineDecay(0.1, 30, alpha=0.2)
    expected = 0.1 * (0.8 * cosine(np.minimum(steps, 30) / 30) + 0.2)
    np.testing.assert_allclose(values(plain), expected, rtol=1e-5, atol=1e-7)
    warm = schedules.CosineDecay(0.01, 30, warmup_target=0.1, warmup_steps=10)
    after = np.clip(steps - 10, 0, 30)
    expected = np.where(steps < 10, 0.01 + (0.1 - 0.01) * steps / 10, 0.1 * cosine(after / 30))
    np.testing.assert_allclose(values(warm), expected, rtol=1e-5, atol=1e-7)


def test_cosine_decay_restarts_periods_grow():
    schedule = schedules.CosineDecayRestarts(1.0, 10, t_mul=2.0, m_mul=0.5)
    # Periods: [0, 10), [10, 30), [30, 70); each restarts at half the previous peak.
    np.testing.assert_allclose(values(schedule, [0, 10, 30]), [1.0, 0.5, 0.25], rtol=1e-6)
    np.testing.assert_allclose(float(schedule(20)), 0.5 * cosine(0.5), rtol=1e-5)
    constant = schedules.CosineDecayRestarts(1.0, 10, t_mul=1.0)
    np.testing.assert_allclose(values(constant, [5, 15, 25]), [cosine(0.5)] * 3, rtol=1e-5)


def test_float64_rate_keeps_its_dtype_and_integer_steps_are_cast():
    schedule = schedules.ExponentialDecay(tf.constant(0.1, tf.float64), 10, 0.5)
    result = schedule(tf.constant(5, tf.int64))
    assert result.dtype is tf.float64
    assert float(result) == pytest.approx(0.1 * 0.5**0.5, rel=1e-12)


def test_step_variable_inside_tf_function_traces_once():
    step = tf.Variable(0, dtype=tf.int64)
    schedule = schedules.CosineDecay(0.1, 8, warmup_target=0.2, warmup_steps=2)
    traces = []

    @tf.function
    def advance():
        traces.append(1)
        step.assign_add(1)
        return schedule(step)

    got = [float(advance()) for _ in range(12)]
    expected = [float(schedule(s)) for s in range(1, 13)]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    assert len(traces) == 1


def test_schedule_of_the_v1_global_step_in_a_session():
    graph = tf.Graph()
    with graph.as_default():
        step = tf.compat.v1.train.get_or_create_global_step()
        rate = schedules.PiecewiseConstantDecay([2], [0.5, 0.05])(step)
        increment = step.assign_add(1)
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            seen = []
            for _ in range(4):
                seen.append(session.run(rate))
                session.run(increment)
    np.testing.assert_allclose(seen, [0.5, 0.5, 0.5, 0.05], rtol=1e-6)


ALL = [
    schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True, name="e"),
    schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2, 0.3]),
    schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.05, power=3.0, cycle=True),
    schedules.InverseTimeDecay(0.1, 10, 0.5),
    schedules.CosineDecay(0.1, 10, alpha=0.1, warmup_target=0.3, warmup_steps=4),
    schedules.CosineDecayRestarts(0.1, 10, t_mul=1.5, m_mul=0.9, alpha=0.01),
]


@pytest.mark.parametrize("schedule", ALL, ids=lambda s: type(s).__name__)
def test_config_and_serialization_round_trip(schedule):
    rebuilt = type(schedule).from_config(schedule.get_config())
    assert rebuilt.get_config() == schedule.get_config()
    serialized = schedules.serialize(schedule)
    assert serialized["module"] == "keras.optimizers.schedules"
    assert serialized["class_name"] == type(schedule).__name__
    assert serialized["registered_name"] is None
    restored = schedules.deserialize(serialized)
    assert type(restored) is type(schedule)
    assert float(restored(7)) == float(schedule(7))


def test_registered_subclass_deserializes():
    @register_keras_serializable(package="Test")
    class Halving(schedules.LearningRateSchedule):
        def __init__(self, rate):
            self.rate = rate

        def __call__(self, step):
            return self.rate / tf.cast(step + 1, tf.float32)

        def get_config(self):
            return {"rate": self.rate}

    serialized = schedules.serialize(Halving(0.5))
    assert serialized["registered_name"] == "Test>Halving"
    restored = schedules.deserialize(serialized)
    assert float(restored(1)) == pytest.approx(0.25)
    custom = schedules.deserialize({"class_name": "Quarter", "config": {"rate": 1.0}}, {"Quarter": Halving})
    assert custom.rate == 1.0


def test_unknown_schedule_name_is_a_value_error():
    # TensorFlow 2.15 returns the class name string here; lamina names the problem instead.
    with pytest.raises(ValueError, match="Unknown learning rate schedule: 'NoSuchDecay'"):
        schedules.deserialize({"class_name": "NoSuchDecay", "config": {}})


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"boundaries=\[1, 2\] of length 2, and values=\[0.1\] of length 1"):
        schedules.PiecewiseConstantDecay([1, 2], [0.1])
    with pytest.raises(TypeError, match="same dtype"):
        schedules.PiecewiseConstantDecay([5], [0.1, 1])(3)
    with pytest.raises(NotImplementedError, match="must override `__call__"):
        schedules.LearningRateSchedule()(1)
    with pytest.raises(NotImplementedError, match="must override `get_config"):
        schedules.LearningRateSchedule().get_config()


def test_pi_constant_is_exact_enough():
    # The cosine at the end of a decay is -1: the rate lands on alpha * initial, not near it.
    assert float(schedules.CosineDecay(1.0, 10, alpha=0.25)(10)) == pytest.approx(0.25, abs=1e-7)
    assert math.isclose(float(schedules.CosineDecay(1.0, 10)(5)), 0.5, rel_tol=1e-6)
