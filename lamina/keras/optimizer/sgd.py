"""`tf.keras.optimizers.SGD`: gradient descent with optional (Nesterov) momentum."""

from __future__ import annotations

from lamina.keras.optimizer.base import Optimizer, _hyper
from lamina.ops import training_ops


class SGD(Optimizer):
    """Gradient descent with momentum, in Keras's velocity form.

    Each variable has a slot "m" (the velocity): m = momentum * m - learning_rate * gradient, then
    variable += m (Nesterov: variable += momentum * m - learning_rate * gradient). With momentum 0
    this is plain gradient descent.

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      momentum: in [0, 1].
      nesterov: use Nesterov momentum.
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.

    Raises:
      ValueError: momentum outside [0, 1], or a bad base-class argument.
    """

    def __init__(
        self,
        learning_rate=0.01,
        momentum=0.0,
        nesterov=False,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="SGD",
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
        if isinstance(momentum, (int, float)) and not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be between [0, 1]. Received: momentum={momentum}")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._momentums = [self.add_variable_from_reference(v, "m") for v in var_list]

    def update_step(self, gradient, variable):
        velocity = self._slot(self._momentums, variable)
        new_variable, new_velocity = training_ops.apply_keras_momentum(
            variable,
            velocity,
            self._lr(variable),
            gradient,
            _hyper(self.momentum),
            use_nesterov=self.nesterov,
        )
        velocity.assign(new_velocity)
        variable.assign(new_variable)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
