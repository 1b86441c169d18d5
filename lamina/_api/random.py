"""`tf.random`."""

# ruff: noqa: F401
from lamina._api import random_experimental as experimental
from lamina.ops.random_ops import (
    Algorithm,
    Generator,
    categorical,
    create_rng_state,
    gamma,
    get_global_generator,
    normal,
    poisson,
    set_global_generator,
    set_seed,
    shuffle,
    stateless_binomial,
    stateless_categorical,
    stateless_gamma,
    stateless_normal,
    stateless_parameterized_truncated_normal,
    stateless_poisson,
    stateless_truncated_normal,
    stateless_uniform,
    truncated_normal,
    uniform,
)
from lamina.ops.random_ops import stateless_fold_in as fold_in
from lamina.ops.random_ops import stateless_split as split
