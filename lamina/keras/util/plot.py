"""`tf.keras.utils.plot_model` and `model_to_dot`: model diagrams drawn with pydot and graphviz.

Both need the optional pydot package (and plot_model the graphviz programs); without them they raise
ImportError saying what to install, as Keras does. lamina does not draw the diagram itself yet: with
pydot installed they raise UnimplementedError.
"""

from __future__ import annotations

import importlib.util

from lamina._core.errors import unimplemented


def _require_pydot(function_name: str, graphviz: bool) -> None:
    if importlib.util.find_spec("pydot") is None:
        extra = (
            " and install graphviz (see instructions at https://graphviz.gitlab.io/download/)"
            if graphviz
            else ""
        )
        raise ImportError(f"You must install pydot (`pip install pydot`){extra} for {function_name} to work.")


def model_to_dot(
    model,
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    rankdir="TB",
    expand_nested=False,
    dpi=96,
    subgraph=False,
    layer_range=None,
    show_layer_activations=False,
    show_trainable=False,
):
    """A pydot graph of `model`'s layers.

    Raises:
      ImportError: pydot is not installed.
      UnimplementedError: pydot is installed (lamina cannot draw models yet).
    """
    _require_pydot("model_to_dot", graphviz=False)
    raise unimplemented("tf.keras.utils.model_to_dot")


def plot_model(
    model,
    to_file="model.png",
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    rankdir="TB",
    expand_nested=False,
    dpi=96,
    layer_range=None,
    show_layer_activations=False,
    show_trainable=False,
):
    """Draws `model` into the image file `to_file`.

    Raises:
      ImportError: pydot (or graphviz) is not installed.
      UnimplementedError: they are (lamina cannot draw models yet).
    """
    _require_pydot("plot_model", graphviz=True)
    raise unimplemented("tf.keras.utils.plot_model")
