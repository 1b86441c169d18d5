"""`tf.keras.optimizers.Ftrl`: Follow The Regularized Leader (FTRL-Proximal)."""

from __future__ import annotations

from lamina.keras.optimizer.adagrad import _filled_slot
from lamina.keras.optimizer.base import Optimizer, _hyper, _in_dtype
from lamina.ops import training_ops

_NON_NEGATIVE = (
    "initial_accumulator_value",
    "l1_regularization_strength",
    "l2_regularization_strength",
    "l2_shrinkage_regularization_strength",
)


class Ftrl(Optimizer):
    """FTRL-Proximal, as in "Ad Click Prediction: a View from the Trenches", with Keras's `beta`.

    Slots "accumulator" (sum of squared gradients, starting at `initial_accumulator_value`) and
    "linear". The step is TensorFlow's FTRL rule (training_ops.apply_ftrl) with the L2 strength
    increased by beta / (2 * learning_rate).

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      learning_rate_power: how the rate decays with the accumulator (<= 0; -0.5 is Adagrad-like).
      initial_accumulator_value: the accumulators' starting value (>= 0).
      l1_regularization_strength, l2_regularization_strength: the L1 and L2 penalties (>= 0).
      l2_shrinkage_regularization_strength: an L2 penalty applied through the gradient (>= 0).
      beta: FTRL's beta, added to the L2 strength as beta / (2 * learning_rate).
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.

    Raises:
      ValueError: a positive learning_rate_power, or a negative accumulator value or strength.
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Ftrl",
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
        values = {
            "initial_accumulator_value": initial_accumulator_value,
            "l1_regularization_strength": l1_regularization_strength,
            "l2_regularization_strength": l2_regularization_strength,
            "l2_shrinkage_regularization_strength": l2_shrinkage_regularization_strength,
        }
        for key in _NON_NEGATIVE:
            if values[key] < 0.0:
                raise ValueError(f"`{key}` needs to be positive or zero. Received: {key}={values[key]}.")
        if learning_rate_power > 0.0:
            raise ValueError(
                f"`learning_rate_power` needs to be negative or zero. Received: "
                f"learning_rate_power={learning_rate_power}."
            )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._accumulators, self._linears = [], []
        for variable in var_list:
            self._accumulators.append(
                _filled_slot(self, variable, "accumulator", self.initial_accumulator_value)
            )
            self._linears.append(self.add_variable_from_reference(variable, "linear"))

    def update_step(self, gradient, variable):
        dtype = variable.dtype
        accumulator, linear = self._slot(self._accumulators, variable), self._slot(self._linears, variable)
        lr = self._lr(variable)
        l2 = _in_dtype(_hyper(self.l2_regularization_strength), dtype) + _in_dtype(
            _hyper(self.beta), dtype
        ) / (2.0 * lr)
        new_variable, new_accumulator, new_linear = training_ops.apply_ftrl(
            variable,
            accumulator,
            linear,
            gradient,
            lr,
            _hyper(self.l1_regularization_strength),
            l2,
            _hyper(self.l2_shrinkage_regularization_strength),
            _hyper(self.learning_rate_power),
        )
        accumulator.assign(new_accumulator)
        linear.assign(new_linear)
        variable.assign(new_variable)

    def get_config(self):
        return {
            **super().get_config(),
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        }
