"""The public namespaces, assembled in one place: each module here is one TensorFlow namespace
(`tf`, `tf.math`, `tf.nn`, ...) and lists which implementation each public name comes from."""
