"""`tf.keras.mixed_precision`."""

# ruff: noqa: F401
from lamina.keras.dtype_policy import Policy, global_policy, set_global_policy
from lamina.keras.optimizer.loss_scale import LossScaleOptimizer
