"""`tf.keras.optimizers.schedules`: learning rates as functions of the training step.

A schedule is a pure function of the step tensor: it builds its result with lamina ops, so the same
object works eagerly, inside a `tf.function` trace and in a v1 graph (where `step` may be the global
step variable). Optimizers call it with their `iterations` variable on every update.
"""

from __future__ import annotations

import math

from lamina._core.context import name_scope
from lamina._core.convert import convert_to_tensor
from lamina.keras.serialization import Catalog
from lamina.ops import cast_ops, comparison_ops, indexing_ops, math_functions, math_ops


class LearningRateSchedule:
    """Base class of learning-rate schedules.

    A subclass implements `__call__(step)`, returning the learning rate (a scalar tensor) for a
    step, and `get_config()`, returning the constructor arguments so that `from_config` can rebuild it.
    """

    def __call__(self, step):
        """The learning rate at `step`.

        Raises:
          NotImplementedError: the subclass did not define `__call__` (this class is abstract).
        """
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`."
        )

    def get_config(self) -> dict:
        """The constructor arguments of this schedule, as a dict of Python values.

        Raises:
          NotImplementedError: the subclass did not define `get_config` (this class is abstract).
        """
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override `get_config()` in order to be "
            "serializable."
        )

    @classmethod
    def from_config(cls, config: dict):
        """A schedule built from the dict that `get_config` returned."""
        return cls(**config)


def _as_rate(value, name: str):
    """The schedule's learning-rate tensor; its dtype is the dtype every other term is cast to."""
    return convert_to_tensor(value, name=name)


def _cast(value, dtype):
    """`value` (a Python number, Tensor or Variable) as a tensor of `dtype`."""
    return cast_ops.cast(value, dtype)


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    Args:
      initial_learning_rate: a float or scalar tensor; its dtype is the result's dtype.
      decay_steps: a positive number of steps.
      decay_rate: the factor applied every `decay_steps` steps.
      staircase: if True, `step / decay_steps` is floored, so the rate drops in discrete steps.
      name: the name scope of the ops built.
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        with name_scope(self.name or "ExponentialDecay"):
            rate = _as_rate(self.initial_learning_rate, "initial_learning_rate")
            dtype = rate.dtype
            exponent = math_ops.truediv(_cast(step, dtype), _cast(self.decay_steps, dtype))
            if self.staircase:
                exponent = math_functions.floor(exponent)
            return math_ops.multiply(rate, math_ops.pow(_cast(self.decay_rate, dtype), exponent))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[i]` for `boundaries[i-1] < step <= boundaries[i]` (`values[0]` up to the first boundary,
    `values[-1]` past the last).

    Args:
      boundaries: increasing step numbers (Python numbers or scalar tensors).
      values: one more value than boundaries; the result has their common dtype.
      name: the name scope of the ops built.

    Raises:
      ValueError: `len(values) != len(boundaries) + 1`.
    """

    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. Received: "
                f"boundaries={boundaries} of length {len(boundaries)}, and values={values} of length "
                f"{len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        with name_scope(self.name or "PiecewiseConstant"):
            step = convert_to_tensor(step)
            values = _same_dtype([convert_to_tensor(value) for value in self.values], self.values)
            result = values[-1]
            # Walk from the last interval down so that the first boundary that holds wins. Boundaries
            # take the step's dtype: a float boundary against an integer step is truncated, which
            # changes no comparison with a (non-negative) integer step.
            for index in range(len(self.boundaries) - 1, -1, -1):
                bound = _cast(self.boundaries[index], step.dtype)
                result = indexing_ops.where(comparison_ops.less_equal(step, bound), values[index], result)
            return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


def _same_dtype(tensors: list, given):
    """`tensors`, checked to share one dtype (the schedule selects one of them by the step)."""
    if len({tensor.dtype for tensor in tensors}) > 1:
        raise TypeError(
            "PiecewiseConstantDecay's values must all have the same dtype, since the value returned is "
            f"chosen by the step. Received: values={given} with dtypes {[t.dtype.name for t in tensors]}."
        )
    return tensors


class PolynomialDecay(LearningRateSchedule):
    """Decays from `initial_learning_rate` to `end_learning_rate` along
    `(1 - step / decay_steps) ** power` over `decay_steps` steps.

    Args:
      initial_learning_rate: a float or scalar tensor; its dtype is the result's dtype.
      decay_steps: a positive number of steps.
      end_learning_rate: the rate reached at `decay_steps` (and kept after it unless `cycle`).
      power: the polynomial's power (1.0 is linear).
      cycle: if True, restart the decay every time `step` passes a multiple of `decay_steps` (the
        period grows to the next multiple of `decay_steps` above `step`).
      name: the name scope of the ops built.
    """

    def __init__(
        self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False, name=None
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        with name_scope(self.name or "PolynomialDecay"):
            rate = _as_rate(self.initial_learning_rate, "initial_learning_rate")
            dtype = rate.dtype
            end = _cast(self.end_learning_rate, dtype)
            step = _cast(step, dtype)
            decay_steps = _cast(self.decay_steps, dtype)
            if self.cycle:
                periods = math_functions.ceil(math_ops.truediv(step, decay_steps))
                # At step 0 the first period is used, not none.
                periods = indexing_ops.where(
                    comparison_ops.equal(step, _cast(0, dtype)), _cast(1, dtype), periods
                )
                decay_steps = math_ops.multiply(decay_steps, periods)
            else:
                step = math_ops.minimum(step, decay_steps)
            remaining = math_ops.subtract(_cast(1, dtype), math_ops.truediv(step, decay_steps))
            shape = math_ops.pow(remaining, _cast(self.power, dtype))
            return math_ops.add(math_ops.multiply(math_ops.subtract(rate, end), shape), end)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    Args:
      initial_learning_rate: a float or scalar tensor; its dtype is the result's dtype.
      decay_steps: how often the decay applies, in steps.
      decay_rate: the decay factor.
      staircase: if True, `step / decay_steps` is floored.
      name: the name scope of the ops built.
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        with name_scope(self.name or "InverseTimeDecay"):
            rate = _as_rate(self.initial_learning_rate, "initial_learning_rate")
            dtype = rate.dtype
            progress = math_ops.truediv(_cast(step, dtype), _cast(self.decay_steps, dtype))
            if self.staircase:
                progress = math_functions.floor(progress)
            denominator = math_ops.add(
                _cast(1, dtype), math_ops.multiply(_cast(self.decay_rate, dtype), progress)
            )
            return math_ops.truediv(rate, denominator)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


def _cosine_factor(step, decay_steps, alpha, dtype):
    """`(1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha`."""
    fraction = math_ops.truediv(math_ops.minimum(step, decay_steps), decay_steps)
    cosine = math_ops.multiply(
        _cast(0.5, dtype),
        math_ops.add(_cast(1, dtype), math_functions.cos(math_ops.multiply(_cast(math.pi, dtype), fraction))),
    )
    return math_ops.add(math_ops.multiply(math_ops.subtract(_cast(1, dtype), alpha), cosine), alpha)


class CosineDecay(LearningRateSchedule):
    """Cosine decay over `decay_steps` steps, after an optional linear warmup.

    Without `warmup_target` the rate goes from `initial_learning_rate` down to
    `alpha * initial_learning_rate` along half a cosine. With it, the rate first rises linearly from
    `initial_learning_rate` to `warmup_target` over `warmup_steps` steps, then decays from
    `warmup_target` to `alpha * warmup_target`.

    Args:
      initial_learning_rate: a float or scalar tensor; its dtype is the result's dtype.
      decay_steps: the length of the decay, in steps.
      alpha: the final rate as a fraction of the rate the decay starts from.
      name: the name scope of the ops built.
      warmup_target: the rate reached at the end of the warmup, or None for no warmup.
      warmup_steps: the length of the warmup (used only with `warmup_target`).
    """

    def __init__(
        self, initial_learning_rate, decay_steps, alpha=0.0, name=None, warmup_target=None, warmup_steps=0
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        with name_scope(self.name or "CosineDecay"):
            rate = _as_rate(self.initial_learning_rate, "initial_learning_rate")
            dtype = rate.dtype
            step = _cast(step, dtype)
            decay_steps, alpha = _cast(self.decay_steps, dtype), _cast(self.alpha, dtype)
            if self.warmup_target is None:
                return math_ops.multiply(rate, _cosine_factor(step, decay_steps, alpha, dtype))
            target = _cast(self.warmup_target, dtype)
            warmup_steps = _cast(self.warmup_steps, dtype)
            warmup = math_ops.add(
                math_ops.multiply(math_ops.truediv(step, warmup_steps), math_ops.subtract(target, rate)), rate
            )
            decayed = math_ops.multiply(
                target, _cosine_factor(math_ops.subtract(step, warmup_steps), decay_steps, alpha, dtype)
            )
            return indexing_ops.where(comparison_ops.less(step, warmup_steps), warmup, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): each period decays along half a cosine, then the rate
    jumps back up.

    The first period lasts `first_decay_steps` steps; each next one is `t_mul` times longer and starts
    from `m_mul` times the previous period's initial rate.

    Args:
      initial_learning_rate: a float or scalar tensor; its dtype is the result's dtype.
      first_decay_steps: the length of the first period, in steps.
      t_mul: the factor by which each period is longer than the one before.
      m_mul: the factor applied to the starting rate at each restart.
      alpha: the final rate of a period as a fraction of `initial_learning_rate`.
      name: the name scope of the ops built.
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        with name_scope(self.name or "SGDRDecay"):
            rate = _as_rate(self.initial_learning_rate, "initial_learning_rate")
            dtype = rate.dtype
            one = _cast(1, dtype)
            t_mul, m_mul, alpha = (
                _cast(self._t_mul, dtype),
                _cast(self._m_mul, dtype),
                _cast(self.alpha, dtype),
            )
            fraction = math_ops.truediv(_cast(step, dtype), _cast(self.first_decay_steps, dtype))
            restarts, fraction = _restart_position(fraction, t_mul, one, self._t_mul == 1.0)
            cosine = math_ops.multiply(
                math_ops.multiply(_cast(0.5, dtype), math_ops.pow(m_mul, restarts)),
                math_ops.add(one, math_functions.cos(math_ops.multiply(_cast(math.pi, dtype), fraction))),
            )
            decayed = math_ops.add(math_ops.multiply(math_ops.subtract(one, alpha), cosine), alpha)
            return math_ops.multiply(rate, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


def _restart_position(fraction, t_mul, one, constant_periods: bool):
    """(number of restarts so far, fraction of the current period done) for `fraction` = step over the
    first period's length, when each period is `t_mul` times longer than the one before."""
    if constant_periods:
        restarts = math_functions.floor(fraction)
        return restarts, math_ops.subtract(fraction, restarts)
    # Periods 1, t, t^2, ... sum to (1 - t^i) / (1 - t) after i restarts; invert that for i.
    restarts = math_functions.floor(
        math_ops.truediv(
            math_functions.log(
                math_ops.subtract(one, math_ops.multiply(fraction, math_ops.subtract(one, t_mul)))
            ),
            math_functions.log(t_mul),
        )
    )
    elapsed = math_ops.truediv(
        math_ops.subtract(one, math_ops.pow(t_mul, restarts)), math_ops.subtract(one, t_mul)
    )
    return restarts, math_ops.truediv(math_ops.subtract(fraction, elapsed), math_ops.pow(t_mul, restarts))


_CATALOG = Catalog(
    "keras.optimizers.schedules",
    "learning rate schedule",
    {
        "ExponentialDecay": ExponentialDecay,
        "PiecewiseConstantDecay": PiecewiseConstantDecay,
        "PolynomialDecay": PolynomialDecay,
        "InverseTimeDecay": InverseTimeDecay,
        "CosineDecay": CosineDecay,
        "CosineDecayRestarts": CosineDecayRestarts,
    },
)


def serialize(learning_rate_schedule, use_legacy_format=False):
    """The Keras dict describing a schedule (`{"module", "class_name", "config", "registered_name"}`)."""
    return _CATALOG.serialize(learning_rate_schedule)


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The schedule described by a dict that `serialize` returned."""
    return _CATALOG.deserialize(config, custom_objects)
