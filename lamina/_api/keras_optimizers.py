"""`tf.keras.optimizers` (also `tf.optimizers`)."""

# ruff: noqa: F401
from lamina._api import keras_optimizers_experimental as experimental
from lamina._api import keras_optimizers_schedules as schedules
from lamina.keras.optimizer.adafactor import Adafactor
from lamina.keras.optimizer.adagrad import Adadelta, Adagrad
from lamina.keras.optimizer.adam import Adam, Adamax, AdamW, Nadam
from lamina.keras.optimizer.base import Optimizer
from lamina.keras.optimizer.catalog import deserialize, get, serialize
from lamina.keras.optimizer.ftrl import Ftrl
from lamina.keras.optimizer.lion import Lion
from lamina.keras.optimizer.rmsprop import RMSprop
from lamina.keras.optimizer.sgd import SGD
