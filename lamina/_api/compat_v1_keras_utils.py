"""`tf.compat.v1.keras.utils`: tf.keras.utils plus the TF1.x-style variable tracking decorator."""

# ruff: noqa: F401, F403
from lamina._api.keras_utils import *
from lamina.compat.v1.variable_tracking import track_tf1_style_variables
