"""`tf.keras.saving`."""

# ruff: noqa: F401
from lamina._api import keras_layers as _keras_layers
from lamina.keras.save.config import register_layer_classes as _register_layer_classes
from lamina.keras.save.saving_api import load_model, save_model
from lamina.keras.serialization import (
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)

# tf.keras.layers.deserialize (and model loading) find lamina's layers by their public class names;
# the namespace is complete by now (tf.keras imports tf.keras.layers first).
_register_layer_classes(vars(_keras_layers))
