"""`tf.keras.optimizers.Adagrad` and `Adadelta`: per-coordinate rates from accumulated squared
gradients."""

from __future__ import annotations

import numpy as np

from lamina.keras.optimizer.base import Optimizer, _hyper, _in_dtype
from lamina.ops import math_ops, training_ops


def _filled_slot(optimizer, variable, name, value):
    """A slot of `variable`'s shape and dtype filled with `value`."""
    initial = np.full(variable.shape.as_list(), value, variable.dtype.as_numpy_dtype)
    return optimizer.add_variable_from_reference(variable, name, initial_value=initial)


class Adagrad(Optimizer):
    """Adagrad: slot "accumulator" (starting at `initial_accumulator_value`) sums squared gradients;
    variable -= learning_rate * gradient / sqrt(accumulator + epsilon) (Keras keeps epsilon under the
    square root, unlike TensorFlow's raw ApplyAdagradV2).

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      initial_accumulator_value: the accumulators' starting value (non-negative).
      epsilon: added under the square root for numerical stability.
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
        epsilon=1e-07,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Adagrad",
        **kwargs,
    ):
        super().__init__(
            name,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            jit_compile,
            **kwargs,
        )
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._accumulators = [
            _filled_slot(self, v, "accumulator", self.initial_accumulator_value) for v in var_list
        ]

    def update_step(self, gradient, variable):
        accumulator = self._slot(self._accumulators, variable)
        accumulator.assign_add(gradient * gradient)
        epsilon = _in_dtype(_hyper(self.epsilon), variable.dtype)
        variable.assign_sub(self._lr(variable) * gradient / math_ops.sqrt(accumulator + epsilon))

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


class Adadelta(Optimizer):
    """Adadelta: slots "accumulated_grad" and "accumulated_delta_var" hold moving averages (decay
    `rho`) of squared gradients and squared updates; the update is
    -sqrt(accumulated_delta_var + epsilon) / sqrt(accumulated_grad + epsilon) * gradient, scaled by
    the learning rate.

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      rho: the decay of the moving averages.
      epsilon: added under the square roots for numerical stability.
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.95,
        epsilon=1e-07,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Adadelta",
        **kwargs,
    ):
        super().__init__(
            name,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            jit_compile,
            **kwargs,
        )
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._accumulated_grads, self._accumulated_delta_vars = [], []
        for variable in var_list:
            self._accumulated_grads.append(self.add_variable_from_reference(variable, "accumulated_grad"))
            self._accumulated_delta_vars.append(
                self.add_variable_from_reference(variable, "accumulated_delta_var")
            )

    def update_step(self, gradient, variable):
        accumulated_grad = self._slot(self._accumulated_grads, variable)
        accumulated_delta = self._slot(self._accumulated_delta_vars, variable)
        new_variable, new_grad, new_delta = training_ops.apply_adadelta(
            variable,
            accumulated_grad,
            accumulated_delta,
            self._lr(variable),
            _hyper(self.rho),
            _hyper(self.epsilon),
            gradient,
        )
        accumulated_grad.assign(new_grad)
        accumulated_delta.assign(new_delta)
        variable.assign(new_variable)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
