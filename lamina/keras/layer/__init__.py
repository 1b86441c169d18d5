"""Keras layers: the Layer base class (base.py), the Keras graph functional models are described in
(keras_graph.py), and one module per family of layers."""
