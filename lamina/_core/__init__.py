"""lamina's core: dtypes, shapes, tensors, variables, the op registry, the dispatch point,
eager execution and autodiff. See README.md in this folder."""

import jax

# TensorFlow has 64-bit types (int64 indices, float64 math); JAX disables them by default.
# Every op passes explicit dtypes, so enabling them changes no default that lamina relies on.
jax.config.update("jax_enable_x64", True)
