"""`tf.keras.optimizers.Lion`: sign-based updates with two momentum rates (Chen et al., 2023)."""

from __future__ import annotations

from lamina.keras.optimizer.base import Optimizer, _hyper, _in_dtype
from lamina.ops import math_functions


class Lion(Optimizer):
    """Lion: slot "m"; variable -= learning_rate * sign(beta_1 * m + (1 - beta_1) * gradient), then
    m = beta_2 * m + (1 - beta_2) * gradient.

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      beta_1: the interpolation weight of the momentum in the update direction, in (0, 1].
      beta_2: the decay of the momentum.
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.

    Raises:
      ValueError: beta_1 outside (0, 1] (the optimizer would degenerate to sign SGD).
    """

    def __init__(
        self,
        learning_rate=0.0001,
        beta_1=0.9,
        beta_2=0.99,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Lion",
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
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                f"`beta_1`={beta_1} must be between ]0, 1]. Otherwise, the optimizer degenerates to SignSGD."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._momentums = [self.add_variable_from_reference(v, "m") for v in var_list]

    def update_step(self, gradient, variable):
        dtype = variable.dtype
        m = self._slot(self._momentums, variable)
        beta_1, beta_2 = _in_dtype(_hyper(self.beta_1), dtype), _in_dtype(_hyper(self.beta_2), dtype)
        direction = math_functions.sign(m * beta_1 + gradient * (1.0 - beta_1))
        variable.assign_sub(self._lr(variable) * direction)
        m.assign(m * beta_2 + gradient * (1.0 - beta_2))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
