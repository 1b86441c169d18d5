"""`tf.keras.constraints`."""

# ruff: noqa: F401
from lamina.keras.constraint import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    RadialConstraint,
    UnitNorm,
    deserialize,
    get,
    serialize,
)
from lamina.keras.constraint import MaxNorm as max_norm
from lamina.keras.constraint import MinMaxNorm as min_max_norm
from lamina.keras.constraint import NonNeg as non_neg
from lamina.keras.constraint import RadialConstraint as radial_constraint
from lamina.keras.constraint import UnitNorm as unit_norm
