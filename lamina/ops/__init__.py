"""Op definitions, grouped like TensorFlow's namespaces. Importing this package registers every op
and installs the Tensor operators; the public names are assembled in lamina/_api."""

from lamina.ops import (  # noqa: F401  (imported for registration; `operators` installs the operators)
    array_ops,
    cast_ops,
    clip_ops,
    comparison_ops,
    control_flow_ops,
    creation_ops,
    debug_ops,
    functional_ops,
    gradient_ops,
    indexing_ops,
    linalg_ops,
    linalg_solve_ops,
    logging_ops,
    math_functions,
    math_ops,
    nn_conv,
    nn_ops,
    operators,
    random_ops,
    reduction_ops,
    script_ops,
    tensor_array_ops,
    training_ops,
)
