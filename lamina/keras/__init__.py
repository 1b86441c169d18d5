"""tf.keras: layers, models and the one trainer, with the training components they share with
tf.compat.v1 and Estimators (optimizers, losses, metrics, initializers, regularizers, constraints,
activations, learning-rate schedules)."""
