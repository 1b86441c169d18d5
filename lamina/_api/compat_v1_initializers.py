"""`tf.compat.v1.initializers`: TensorFlow 1.x's initializer classes and the variable-initializer ops."""

# ruff: noqa: F401
from lamina.compat.v1.graph_ops import global_variables_initializer as global_variables
from lamina.compat.v1.graph_ops import local_variables_initializer as local_variables
from lamina.compat.v1.graph_ops import variables_initializer as variables
from lamina.compat.v1.init_ops import Constant as constant
from lamina.compat.v1.init_ops import GlorotNormal as glorot_normal
from lamina.compat.v1.init_ops import GlorotUniform as glorot_uniform
from lamina.compat.v1.init_ops import Identity as identity
from lamina.compat.v1.init_ops import Ones as ones
from lamina.compat.v1.init_ops import Orthogonal as orthogonal
from lamina.compat.v1.init_ops import RandomNormal as random_normal
from lamina.compat.v1.init_ops import RandomUniform as random_uniform
from lamina.compat.v1.init_ops import TruncatedNormal as truncated_normal
from lamina.compat.v1.init_ops import UniformUnitScaling as uniform_unit_scaling
from lamina.compat.v1.init_ops import VarianceScaling as variance_scaling
from lamina.compat.v1.init_ops import Zeros as zeros
from lamina.compat.v1.init_ops import he_normal, he_uniform, lecun_normal, lecun_uniform
