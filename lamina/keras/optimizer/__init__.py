"""Keras 2.15's optimizers (`tf.keras.optimizers`): the `Optimizer` base class in `base.py`, one module
per optimizer family, and get/serialize/deserialize in `catalog.py`. The update formulas that
TensorFlow also exposes as raw training ops live once, in `lamina/ops/training_ops.py`."""
