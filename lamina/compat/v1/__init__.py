"""tf.compat.v1's graph half: placeholders, Sessions, variable initializers, on the same IR and
lowering as tf.function."""
