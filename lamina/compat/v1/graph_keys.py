"""`tf.compat.v1.GraphKeys` and the collection functions: named lists of objects kept by the default
graph (variables, losses, update ops, ...) that TensorFlow 1.x code hands between its parts."""

from __future__ import annotations

import re

from lamina._core.graph import get_default_graph


class GraphKeys:
    """The standard collection names.

    The ones lamina fills itself: GLOBAL_VARIABLES and TRAINABLE_VARIABLES (every graph variable),
    LOCAL_VARIABLES and METRIC_VARIABLES (tf.compat.v1.metrics), LOSSES and REGULARIZATION_LOSSES
    (tf.compat.v1.losses, get_variable regularizers, tf.compat.v1.layers), UPDATE_OPS (the
    moving-statistics assignments of tf.compat.v1.layers.batch_normalization) and GLOBAL_STEP.
    """

    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"  # the pre-1.0 spelling of GLOBAL_VARIABLES
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    CONCATENATED_VARIABLES = "concatenated_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    REGULARIZATION_LOSSES = "regularization_losses"
    LOSSES = "losses"
    SAVERS = "savers"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    TRAIN_OP = "train_op"
    SUMMARY_OP = "summary_op"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


def add_to_collection(name, value):
    """Appends `value` to the default graph's collection `name`."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    """Appends `value` to each collection in `names` (one name, or a list of them)."""
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None) -> list:
    """A copy of the default graph's collection `key`; with `scope` (a regular expression), only the
    items whose `name` it matches from the start (items without a name are left out)."""
    items = get_default_graph().get_collection(key)
    if scope is None:
        return items
    pattern = re.compile(scope)
    return [
        item for item in items if isinstance(getattr(item, "name", None), str) and pattern.match(item.name)
    ]


def get_collection_ref(key) -> list:
    """The default graph's collection `key` itself (a list that appending to changes it), created
    empty when missing."""
    return get_default_graph().get_collection_ref(key)
