"""`tf.keras.optimizers.experimental`: in TensorFlow 2.15 the same classes as tf.keras.optimizers."""

# ruff: noqa: F401
from lamina.keras.optimizer.adafactor import Adafactor
from lamina.keras.optimizer.adagrad import Adadelta, Adagrad
from lamina.keras.optimizer.adam import Adam, Adamax, AdamW, Nadam
from lamina.keras.optimizer.base import Optimizer
from lamina.keras.optimizer.ftrl import Ftrl
from lamina.keras.optimizer.rmsprop import RMSprop
from lamina.keras.optimizer.sgd import SGD
