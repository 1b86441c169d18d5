"""`tf.random.experimental`."""

# ruff: noqa: F401
from lamina.ops.random_ops import (
    Algorithm,
    Generator,
    create_rng_state,
    get_global_generator,
    set_global_generator,
    stateless_fold_in,
    stateless_shuffle,
    stateless_split,
)
