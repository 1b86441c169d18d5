"""Graph-building entry points of TensorFlow 1.x: placeholders, initializers, eager switches."""

from __future__ import annotations

from lamina._core.context import STATE
from lamina._core.graph import Graph, get_default_graph
from lamina._core.shape import TensorShape
from lamina.ops._op import defop, execute, tensor


def _graph_for(api: str) -> Graph:
    builder = STATE.builder
    if not isinstance(builder, Graph) or builder.is_function:
        raise RuntimeError(
            f"{api} is not compatible with eager execution: build it inside "
            "`with tf.Graph().as_default():` or after tf.compat.v1.disable_eager_execution()."
        )
    return builder


def placeholder(dtype, shape=None, name=None):
    """An input of the graph that a Session run must feed; `None` dimensions accept any size."""
    return _graph_for("tf.compat.v1.placeholder()").placeholder(
        dtype, TensorShape(shape), name or "Placeholder"
    )


_PLACEHOLDER_WITH_DEFAULT = defop(
    "PlaceholderWithDefault", lambda input, shape: input, inputs=["input: dtype"]
)


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TensorFlow's argument name
    """`input`'s value unless a Session run feeds this tensor another one of shape `shape`."""
    _graph_for("tf.compat.v1.placeholder_with_default()")
    value = tensor(input)
    shape = TensorShape(shape)
    if not shape.is_compatible_with(value.shape):
        raise ValueError(f"The default {value.shape} is not compatible with shape {shape}")
    result = execute(
        _PLACEHOLDER_WITH_DEFAULT,
        [value],
        {"shape": tuple(shape.as_tuple() or ())},
        name or "PlaceholderWithDefault",
    )
    result._shape = shape  # the fed value may be any shape compatible with `shape`
    result._static_value = None
    return result


def _variables(collection: str, scope=None) -> list:
    return get_default_graph().get_collection(collection, scope)


def global_variables(scope=None) -> list:
    return _variables("variables", scope)


def trainable_variables(scope=None) -> list:
    return _variables("trainable_variables", scope)


def local_variables(scope=None) -> list:
    return _variables("local_variables", scope)


def variables_initializer(var_list, name="init"):
    """One op that runs the initializers of `var_list`."""
    return get_default_graph().no_op(
        [v.initializer for v in var_list if v.initializer is not None], name=name
    )


def global_variables_initializer():
    return variables_initializer(global_variables(), name="init")


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init_1")


def initialize_all_variables():
    return global_variables_initializer()


_EAGER_DISABLED = [None]


def disable_eager_execution():
    """From now on, op calls build the default graph (TensorFlow 1.x's mode)."""
    if STATE.builder is None:
        _EAGER_DISABLED[0] = get_default_graph()
        STATE.builder = _EAGER_DISABLED[0]


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    if _EAGER_DISABLED[0] is not None and STATE.builder is _EAGER_DISABLED[0]:
        STATE.builder = None
    _EAGER_DISABLED[0] = None


def disable_v2_behavior():
    disable_eager_execution()


def executing_eagerly_outside_functions() -> bool:
    return _EAGER_DISABLED[0] is None
