"""`tf.strings`."""

# ruff: noqa: F401
from lamina.ops.string_ops import (
    as_string,
    lower,
    regex_replace,
    to_hash_bucket_fast,
    to_hash_bucket_strong,
    upper,
)
