"""`tf.autograph`."""

# ruff: noqa: F401
from lamina._api import autograph_experimental as experimental
from lamina._function.autograph import to_code, to_graph
