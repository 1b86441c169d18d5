"""`tf.keras.optimizers.RMSprop`: gradients scaled by a moving average of their squares."""

from __future__ import annotations

from lamina.keras.optimizer.base import Optimizer, _hyper
from lamina.ops import creation_ops, training_ops


class RMSprop(Optimizer):
    """RMSprop, optionally centered and with momentum.

    velocity = rho * velocity + (1 - rho) * gradient^2 (slot "velocity"); with `centered`,
    average_gradient = rho * average_gradient + (1 - rho) * gradient (slot "average_gradient") and
    velocity - average_gradient^2 replaces velocity below; increment = learning_rate * gradient /
    sqrt(velocity + epsilon); with momentum > 0, momentum_slot = momentum * momentum_slot + increment
    (slot "momentum") is subtracted instead of the increment.

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      rho: the decay of the moving averages.
      momentum: the momentum factor (0: no momentum slot).
      epsilon: added under the square root for numerical stability.
      centered: normalize by the estimated variance of the gradient instead of its second moment.
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency (100 here, as in Keras), jit_compile: see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-07,
        centered=False,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=100,
        jit_compile=True,
        name="RMSprop",
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
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._velocities = [self.add_variable_from_reference(v, "velocity") for v in var_list]
        self._momentums = []
        if self.momentum > 0:
            self._momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]
        self._average_gradients = []
        if self.centered:
            self._average_gradients = [
                self.add_variable_from_reference(v, "average_gradient") for v in var_list
            ]

    def update_step(self, gradient, variable):
        velocity = self._slot(self._velocities, variable)
        # Without momentum the update is the momentum rule with a zero momentum slot (XLA folds it).
        momentum_slot = self._slot(self._momentums, variable) if self._momentums else None
        momentum = creation_ops.zeros_like(variable) if momentum_slot is None else momentum_slot
        hyper = (self._lr(variable), _hyper(self.rho), _hyper(self.momentum), _hyper(self.epsilon), gradient)
        if self.centered:
            average = self._slot(self._average_gradients, variable)
            new_variable, new_average, new_velocity, new_momentum = training_ops.apply_centered_rms_prop(
                variable, average, velocity, momentum, *hyper
            )
            average.assign(new_average)
        else:
            new_variable, new_velocity, new_momentum = training_ops.apply_rms_prop(
                variable, velocity, momentum, *hyper
            )
        velocity.assign(new_velocity)
        if momentum_slot is not None:
            momentum_slot.assign(new_momentum)
        variable.assign(new_variable)

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
