"""`tf.keras.utils`."""

# ruff: noqa: F401
from lamina.keras.serialization import (
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from lamina.keras.util.array_utils import img_to_array, normalize, pad_sequences, to_categorical, to_ordinal
from lamina.keras.util.data_file import get_file
from lamina.keras.util.data_packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
from lamina.keras.util.plot import model_to_dot, plot_model
from lamina.keras.util.progbar import (
    Progbar,
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from lamina.keras.util.seed import set_random_seed
from lamina.keras.util.sequence import Sequence
