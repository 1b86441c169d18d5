"""`tf.keras.initializers` (also `tf.initializers`)."""

# ruff: noqa: F401
from lamina.keras.initializer import (
    Constant,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    Identity,
    Initializer,
    LecunNormal,
    LecunUniform,
    Ones,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    Zeros,
    deserialize,
    get,
    serialize,
)
from lamina.keras.initializer import Constant as constant
from lamina.keras.initializer import GlorotNormal as glorot_normal
from lamina.keras.initializer import GlorotUniform as glorot_uniform
from lamina.keras.initializer import HeNormal as he_normal
from lamina.keras.initializer import HeUniform as he_uniform
from lamina.keras.initializer import Identity as identity
from lamina.keras.initializer import LecunNormal as lecun_normal
from lamina.keras.initializer import LecunUniform as lecun_uniform
from lamina.keras.initializer import Ones as ones
from lamina.keras.initializer import Orthogonal as orthogonal
from lamina.keras.initializer import RandomNormal as random_normal
from lamina.keras.initializer import RandomUniform as random_uniform
from lamina.keras.initializer import TruncatedNormal as truncated_normal
from lamina.keras.initializer import VarianceScaling as variance_scaling
from lamina.keras.initializer import Zeros as zeros
