"""tf.compat: TensorFlow 1.x programming model on lamina's graph IR (see v1/)."""
