"""`tf.compat.v1.train` (optimizers come with the training-components issue)."""

# ruff: noqa: F401
from lamina.compat.v1.variable_scope import create_global_step, get_global_step, get_or_create_global_step
