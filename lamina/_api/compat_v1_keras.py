"""`tf.compat.v1.keras`: the tf.keras namespaces (the same modules), with `utils` extended by
`track_tf1_style_variables`."""

# ruff: noqa: F401
from lamina._api import compat_v1_keras_utils as utils
from lamina._api.keras import (
    Input,
    Model,
    Sequential,
    activations,
    backend,
    callbacks,
    constraints,
    datasets,
    initializers,
    layers,
    losses,
    metrics,
    mixed_precision,
    models,
    optimizers,
    regularizers,
    saving,
)
