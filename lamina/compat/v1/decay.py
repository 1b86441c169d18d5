"""`tf.compat.v1.train`'s learning-rate decays: functions of the global step.

Each decay is a Keras schedule (lamina/keras/schedule.py) applied to `global_step`. As in
TensorFlow 1.x, while a graph is being built the decay returns the learning-rate tensor; eagerly it
returns a callable taking no argument that computes the rate from the step's current value, so that
an optimizer reads a fresh rate at every step.
"""

from __future__ import annotations

import functools
import math

from lamina._core.context import executing_eagerly, name_scope
from lamina._core.convert import convert_to_tensor
from lamina.keras.schedule import (
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
)
from lamina.ops import cast_ops, math_functions, math_ops


def _applied(schedule, global_step, function_name: str):
    """The rate tensor (graph building) or a no-argument callable computing it (eager)."""
    if global_step is None:
        raise ValueError(f"global_step is required for {function_name}; received global_step=None.")
    if executing_eagerly():
        return functools.partial(schedule, global_step)
    return schedule(global_step)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """`learning_rate * decay_rate ** (global_step / decay_steps)` (the exponent floored with
    `staircase`).

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = ExponentialDecay(learning_rate, decay_steps, decay_rate, staircase=staircase, name=name)
    return _applied(schedule, global_step, "exponential_decay")


def piecewise_constant(x, boundaries, values, name=None):
    """`values[i]` while `boundaries[i-1] < x <= boundaries[i]`; `values[-1]` past the last boundary.

    Returns:
      The value as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `x` is None, or `len(values) != len(boundaries) + 1`.
    """
    return _applied(PiecewiseConstantDecay(boundaries, values, name=name), x, "piecewise_constant")


def polynomial_decay(
    learning_rate,
    global_step,
    decay_steps,
    end_learning_rate=0.0001,
    power=1.0,
    cycle=False,
    name=None,
):
    """Polynomial decay from `learning_rate` to `end_learning_rate` over `decay_steps` steps
    (restarting with a longer period when `cycle`).

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = PolynomialDecay(
        learning_rate, decay_steps, end_learning_rate=end_learning_rate, power=power, cycle=cycle, name=name
    )
    return _applied(schedule, global_step, "polynomial_decay")


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """`learning_rate * exp(-decay_rate * global_step / decay_steps)` (the ratio floored with
    `staircase`).

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = _NaturalExpDecay(learning_rate, decay_steps, decay_rate, staircase=staircase, name=name)
    return _applied(schedule, global_step, "natural_exp_decay")


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """`learning_rate / (1 + decay_rate * global_step / decay_steps)` (the ratio floored with
    `staircase`).

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = InverseTimeDecay(learning_rate, decay_steps, decay_rate, staircase=staircase, name=name)
    return _applied(schedule, global_step, "inverse_time_decay")


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """Half a cosine from `learning_rate` down to `alpha * learning_rate` over `decay_steps` steps.

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = CosineDecay(learning_rate, decay_steps, alpha=alpha, name=name)
    return _applied(schedule, global_step, "cosine_decay")


def cosine_decay_restarts(
    learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None
):
    """Cosine decay with warm restarts: periods `t_mul` times longer each, restarting from `m_mul`
    times the previous period's starting rate.

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = CosineDecayRestarts(
        learning_rate, first_decay_steps, t_mul=t_mul, m_mul=m_mul, alpha=alpha, name=name
    )
    return _applied(schedule, global_step, "cosine_decay_restarts")


def linear_cosine_decay(
    learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001, name=None
):
    """A linear decay multiplied by a cosine of `num_periods` periods over `decay_steps` steps:
    `learning_rate * ((alpha + linear) * cosine + beta)`, where `linear` falls from 1 to 0.

    Returns:
      The decayed rate as a scalar tensor in a graph; eagerly, a callable returning it.

    Raises:
      ValueError: `global_step` is None.
    """
    schedule = _LinearCosineDecay(learning_rate, decay_steps, num_periods, alpha, beta, name=name)
    return _applied(schedule, global_step, "linear_cosine_decay")


class _NaturalExpDecay(LearningRateSchedule):
    """The schedule behind `natural_exp_decay`."""

    def __init__(self, learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.learning_rate, self.decay_steps, self.decay_rate = learning_rate, decay_steps, decay_rate
        self.staircase, self.name = staircase, name

    def __call__(self, step):
        with name_scope(self.name or "NaturalExpDecay"):
            rate = convert_to_tensor(self.learning_rate)
            dtype = rate.dtype
            progress = math_ops.truediv(cast_ops.cast(step, dtype), cast_ops.cast(self.decay_steps, dtype))
            if self.staircase:
                progress = math_functions.floor(progress)
            exponent = math_ops.multiply(math_ops.negative(cast_ops.cast(self.decay_rate, dtype)), progress)
            return math_ops.multiply(rate, math_functions.exp(exponent))

    def get_config(self):
        return {
            "learning_rate": self.learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class _LinearCosineDecay(LearningRateSchedule):
    """The schedule behind `linear_cosine_decay`."""

    def __init__(self, learning_rate, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001, name=None):
        self.learning_rate, self.decay_steps, self.num_periods = learning_rate, decay_steps, num_periods
        self.alpha, self.beta, self.name = alpha, beta, name

    def __call__(self, step):
        with name_scope(self.name or "LinearCosineDecay"):
            rate = convert_to_tensor(self.learning_rate)
            dtype = rate.dtype
            decay_steps = cast_ops.cast(self.decay_steps, dtype)
            step = math_ops.minimum(cast_ops.cast(step, dtype), decay_steps)
            linear = math_ops.truediv(math_ops.subtract(decay_steps, step), decay_steps)
            periods = math_ops.multiply(
                cast_ops.cast(2.0 * math.pi, dtype), cast_ops.cast(self.num_periods, dtype)
            )
            angle = math_ops.truediv(math_ops.multiply(periods, step), decay_steps)
            cosine = math_ops.multiply(
                cast_ops.cast(0.5, dtype), math_ops.add(cast_ops.cast(1.0, dtype), math_functions.cos(angle))
            )
            alpha, beta = cast_ops.cast(self.alpha, dtype), cast_ops.cast(self.beta, dtype)
            decayed = math_ops.add(math_ops.multiply(math_ops.add(alpha, linear), cosine), beta)
            return math_ops.multiply(rate, decayed)

    def get_config(self):
        return {
            "learning_rate": self.learning_rate,
            "decay_steps": self.decay_steps,
            "num_periods": self.num_periods,
            "alpha": self.alpha,
            "beta": self.beta,
            "name": self.name,
        }
