"""Op definitions, grouped like TensorFlow's namespaces. Importing this package registers every op
and installs the Tensor operators; the public names are assembled in lamina/_api."""

from lamina.ops import (  # noqa: F401  (imported for registration)
    array_ops,
    clip_ops,
    creation_ops,
    debug_ops,
    gradient_ops,
    indexing_ops,
    linalg_ops,
    linalg_solve_ops,
    math_ops,
    nn_conv,
    nn_ops,
    random_ops,
    reduction_ops,
)
