"""`tf.keras.callbacks`."""

# ruff: noqa: F401
from lamina.keras.callback.backup import BackupAndRestore
from lamina.keras.callback.base import Callback, CallbackList
from lamina.keras.callback.checkpoint import ModelCheckpoint
from lamina.keras.callback.csv_logger import CSVLogger
from lamina.keras.callback.early_stopping import EarlyStopping
from lamina.keras.callback.history import BaseLogger, History
from lamina.keras.callback.misc import LambdaCallback, TerminateOnNaN
from lamina.keras.callback.progbar import ProgbarLogger
from lamina.keras.callback.schedule import LearningRateScheduler, ReduceLROnPlateau
