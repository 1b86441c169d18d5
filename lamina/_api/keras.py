"""`tf.keras`."""

# ruff: noqa: F401
from lamina._api import keras_activations as activations
from lamina._api import keras_backend as backend
from lamina._api import keras_callbacks as callbacks
from lamina._api import keras_constraints as constraints
from lamina._api import keras_datasets as datasets
from lamina._api import keras_initializers as initializers
from lamina._api import keras_layers as layers
from lamina._api import keras_losses as losses
from lamina._api import keras_metrics as metrics
from lamina._api import keras_mixed_precision as mixed_precision
from lamina._api import keras_models as models
from lamina._api import keras_optimizers as optimizers
from lamina._api import keras_regularizers as regularizers
from lamina._api import keras_saving as saving
from lamina._api import keras_utils as utils
from lamina.keras.layer.input_layer import Input
from lamina.keras.model.model import Model
from lamina.keras.model.sequential import Sequential
