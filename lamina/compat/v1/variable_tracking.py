"""`tf.compat.v1.keras.utils.track_tf1_style_variables`: TensorFlow 1.x model code inside a Keras
layer (or tf.Module) method, its variables owned by the layer.

The decorated method runs with a variable store of its own object (`variable_scope.use_store`):
`get_variable` and the tf.compat.v1.layers called inside it create their variables there on the
first call and find them again on later calls (the store starts each call from the root scope with
AUTO_REUSE and fresh default-name counts, so `dense`, `dense_1`, ... name the same layers every
time). The store's variables dict is an attribute of the object, so `layer.weights` (and
`module.variables`) list them, sorted by name as in TensorFlow, and `fit` trains them. A
regularizer of a new variable becomes one of the layer's `losses` (computed on each read, like a
Keras weight regularizer).
"""

from __future__ import annotations

import functools

from lamina.compat.v1 import variable_scope as vs

_STORE_ATTRIBUTE = "_tf1_style_var_store"
_VARIABLES_ATTRIBUTE = "_tf1_style_variables"  # the store's dict, where attribute tracking finds it


def track_tf1_style_variables(method):
    """Decorates a method of a Keras layer or tf.Module (usually `call`) so that the TF1.x-style
    variables it makes (`tf.compat.v1.get_variable`, `tf.compat.v1.layers.*`) belong to the object
    and are reused by its later calls.

    Example:
      >>> class Net(tf.keras.layers.Layer):
      ...     @tf.compat.v1.keras.utils.track_tf1_style_variables
      ...     def call(self, x):
      ...         with tf.compat.v1.variable_scope("net"):
      ...             return tf.compat.v1.layers.dense(x, 2)
      >>> net = Net()
      >>> _ = net(tf.ones([1, 3]))
      >>> [w.name for w in net.weights]
      ['net/dense/bias:0', 'net/dense/kernel:0']
    """

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        with vs.use_store(_store_of(self)):
            return method(self, *args, **kwargs)

    return wrapped


def _store_of(owner) -> vs.VariableStore:
    store = owner.__dict__.get(_STORE_ATTRIBUTE)
    if store is None:
        store = vs.VariableStore(owner=owner, on_create=functools.partial(_owned, owner))
        # The dict of variables is an attribute, so the owner's weights/variables include them.
        setattr(owner, _VARIABLES_ATTRIBUTE, store.variables)
        setattr(owner, _STORE_ATTRIBUTE, store)
    return store


def _owned(owner, variable, regularizer):
    """Keeps the store's variables in name order (TensorFlow lists them so) and gives a new
    variable's regularization loss to the owner."""
    variables = getattr(owner, _VARIABLES_ATTRIBUTE)
    ordered = sorted(variables.items())
    variables.clear()
    variables.update(ordered)
    if regularizer is not None:
        owner.__dict__[_STORE_ATTRIBUTE].add_loss(
            functools.partial(vs.regularization_penalty, variable, regularizer)
        )
