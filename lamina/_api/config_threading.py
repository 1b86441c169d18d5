"""`tf.config.threading`."""

# ruff: noqa: F401
from lamina._core.devices import (
    get_inter_op_parallelism_threads,
    get_intra_op_parallelism_threads,
    set_inter_op_parallelism_threads,
    set_intra_op_parallelism_threads,
)
