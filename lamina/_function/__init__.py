"""tf.function: tracing Python into graphs (see function.py)."""
