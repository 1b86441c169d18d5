"""`tf.compat.v1`: TensorFlow 1.x's namespace. v2 names that TensorFlow 1.x shares come from the
root namespace; graph-mode entry points and v1 spellings come from lamina/compat/v1."""

# ruff: noqa: F401, F403
from lamina._api import bitwise, config, debugging, dtypes, errors, linalg, math, nest, nn, random
from lamina._api import compat_v1_initializers as initializers
from lamina._api import compat_v1_keras as keras
from lamina._api import compat_v1_layers as layers
from lamina._api import compat_v1_losses as losses
from lamina._api import compat_v1_metrics as metrics
from lamina._api import compat_v1_train as train
from lamina._api.root import *
from lamina._core.backprop import gradients
from lamina._core.graph import get_default_graph, reset_default_graph
from lamina.compat.v1.graph_keys import (
    GraphKeys,
    add_to_collection,
    add_to_collections,
    get_collection,
    get_collection_ref,
)
from lamina.compat.v1.graph_ops import (
    disable_eager_execution,
    disable_v2_behavior,
    enable_eager_execution,
    executing_eagerly_outside_functions,
    global_variables,
    global_variables_initializer,
    initialize_all_variables,
    local_variables,
    local_variables_initializer,
    placeholder,
    placeholder_with_default,
    trainable_variables,
    variables_initializer,
)
from lamina.compat.v1.init_ops import Constant as constant_initializer
from lamina.compat.v1.init_ops import GlorotNormal as glorot_normal_initializer
from lamina.compat.v1.init_ops import GlorotUniform as glorot_uniform_initializer
from lamina.compat.v1.init_ops import Ones as ones_initializer
from lamina.compat.v1.init_ops import Orthogonal as orthogonal_initializer
from lamina.compat.v1.init_ops import RandomNormal as random_normal_initializer
from lamina.compat.v1.init_ops import RandomUniform as random_uniform_initializer
from lamina.compat.v1.init_ops import TruncatedNormal as truncated_normal_initializer
from lamina.compat.v1.init_ops import UniformUnitScaling as uniform_unit_scaling_initializer
from lamina.compat.v1.init_ops import VarianceScaling as variance_scaling_initializer
from lamina.compat.v1.init_ops import Zeros as zeros_initializer
from lamina.compat.v1.session import InteractiveSession, Session, get_default_session
from lamina.compat.v1.v1_ops import (
    argmax,
    argmin,
    assign,
    assign_add,
    assign_sub,
    log,
    random_normal,
    random_uniform,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    set_random_seed,
    to_double,
    to_float,
    to_int32,
    to_int64,
    truncated_normal,
)
from lamina.compat.v1.variable_scope import (
    AUTO_REUSE,
    VariableScope,
    get_variable,
    get_variable_scope,
    variable_scope,
)
