"""`tf.keras`."""

# ruff: noqa: F401
from lamina._api import keras_activations as activations
from lamina._api import keras_constraints as constraints
from lamina._api import keras_initializers as initializers
from lamina._api import keras_losses as losses
from lamina._api import keras_metrics as metrics
from lamina._api import keras_optimizers as optimizers
from lamina._api import keras_regularizers as regularizers
