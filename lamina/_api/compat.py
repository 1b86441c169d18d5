"""`tf.compat`."""

# ruff: noqa: F401
from lamina._api import compat_v1 as v1
