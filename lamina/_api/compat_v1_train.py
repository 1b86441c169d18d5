"""`tf.compat.v1.train`: the global step, learning-rate decays and the v1 optimizers."""

# ruff: noqa: F401
from lamina.compat.v1.decay import (
    cosine_decay,
    cosine_decay_restarts,
    exponential_decay,
    inverse_time_decay,
    linear_cosine_decay,
    natural_exp_decay,
    piecewise_constant,
    polynomial_decay,
)
from lamina.compat.v1.decay import piecewise_constant as piecewise_constant_decay
from lamina.compat.v1.optimizer import (
    AdadeltaOptimizer,
    AdagradOptimizer,
    AdamOptimizer,
    FtrlOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    Optimizer,
    ProximalAdagradOptimizer,
    ProximalGradientDescentOptimizer,
    RMSPropOptimizer,
)
from lamina.compat.v1.variable_scope import create_global_step, get_global_step, get_or_create_global_step
