"""Golden cases: tf.keras core layers — Dense (activations, no bias, rank-3 input, autocast), Activation,
Dropout, Flatten, Reshape, Permute, RepeatVector, Lambda, Embedding (and its mask), Masking, Identity,
EinsumDense; the merging layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot)
and their functional spellings; weight names, weight shapes, get_config and the errors.

Weights are set explicitly from sin-based arrays after the layer is built (never the random
initializers); inputs are fixed cos-based arrays. Layers are named explicitly wherever a name is
recorded (default names depend on how many layers were made before).

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _array(np, shape, offset=0.0, scale=0.5):
    """Fixed float32 values of `shape`: scale * sin(0.7 * i + offset)."""
    size = int(np.prod(shape)) if len(shape) else 1
    values = np.sin(np.arange(size, dtype=np.float64) * 0.7 + offset) * scale
    return values.reshape(shape).astype(np.float32)


def _x(tf, np, shape, offset=0.0):
    """A fixed float32 input tensor: cos(0.3 * i + offset) - 0.2."""
    size = int(np.prod(shape))
    values = np.cos(np.arange(size, dtype=np.float64) * 0.3 + offset) - 0.2
    return tf.constant(values.reshape(shape).astype(np.float32))


def _fixed(layer, np, *inputs):
    """Builds `layer` by calling it once, then replaces every weight with fixed values."""
    layer(*inputs)
    layer.set_weights([_array(np, w.shape, offset=i) for i, w in enumerate(layer.get_weights())])
    return layer


def _l(tf):
    return tf.keras.layers


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


# ---- Dense ---------------------------------------------------------------------------------------
def case_dense_linear(tf, np):
    x = _x(tf, np, (3, 4))
    return _fixed(_l(tf).Dense(2), np, x)(x)


def _dense_activation_case(activation):
    def case(tf, np):
        x = _x(tf, np, (3, 4))
        return _fixed(_l(tf).Dense(3, activation=activation), np, x)(x)

    return case


for _activation in ("relu", "tanh", "sigmoid", "softmax", "elu"):
    _define(f"dense_{_activation}", _dense_activation_case(_activation))


def case_dense_no_bias(tf, np):
    x = _x(tf, np, (3, 4))
    layer = _fixed(_l(tf).Dense(2, use_bias=False), np, x)
    return [layer(x), len(layer.weights)]


def case_dense_rank3_input(tf, np):
    x = _x(tf, np, (2, 3, 4))
    return _fixed(_l(tf).Dense(5), np, x)(x)


def case_dense_autocast_float64_input(tf, np):
    x = tf.constant(np.linspace(-1.0, 1.0, 8).reshape(2, 4), tf.float64)
    out = _fixed(_l(tf).Dense(2), np, x)(x)
    return [out.dtype, out]


def case_dense_weight_names_and_shapes(tf, np):
    layer = _l(tf).Dense(3, name="dense_named")
    layer(_x(tf, np, (2, 4)))
    return [[w.name for w in layer.weights], [w.shape for w in layer.weights], layer.built]


def case_dense_build_explicit(tf, np):
    layer = _l(tf).Dense(3, name="built")
    layer.build((None, 5))
    return [[w.shape for w in layer.trainable_weights], len(layer.non_trainable_weights)]


def case_dense_get_config(tf, np):
    return _l(tf).Dense(4, activation="relu", use_bias=False, name="cfg").get_config()


def case_dense_compute_output_shape(tf, np):
    return _l(tf).Dense(7).compute_output_shape((None, 3, 5))


def case_dense_rank1_input(tf, np):
    return _l(tf).Dense(2)(tf.constant([1.0, 2.0, 3.0]))


def case_dense_wrong_last_dimension(tf, np):
    layer = _l(tf).Dense(2)
    layer(_x(tf, np, (2, 4)))
    return layer(_x(tf, np, (2, 5)))


def case_dense_bad_units(tf, np):
    return _l(tf).Dense(-1)


# ---- Activation, Dropout, Identity, Lambda ----------------------------------------------------------
def case_activation_relu(tf, np):
    return _l(tf).Activation("relu")(_x(tf, np, (2, 5)))


def case_activation_gelu(tf, np):
    return _l(tf).Activation("gelu")(_x(tf, np, (2, 5)))


def case_activation_callable(tf, np):
    return _l(tf).Activation(tf.nn.softplus)(_x(tf, np, (2, 5)))


def case_dropout_inference(tf, np):
    x = _x(tf, np, (3, 4))
    return [_l(tf).Dropout(0.5)(x), _l(tf).Dropout(0.5)(x, training=False)]


def case_dropout_training_rate_zero(tf, np):
    return _l(tf).Dropout(0.0)(_x(tf, np, (3, 4)), training=True)


def case_dropout_training_kept_values_scaled(tf, np):
    # Random which entries drop; every kept entry is x / (1 - rate), every dropped one is 0.
    x = _x(tf, np, (8, 16))
    out = _l(tf).Dropout(0.75)(x, training=True)
    scaled_or_zero = tf.logical_or(tf.equal(out, 0.0), tf.abs(out - 4.0 * x) < 1e-5)
    return [out.shape, out.dtype, tf.reduce_all(scaled_or_zero)]


def case_dropout_bad_rate(tf, np):
    return _l(tf).Dropout(1.5)


def case_identity(tf, np):
    x = _x(tf, np, (2, 3))
    return _l(tf).Identity()(x)


def case_lambda(tf, np):
    return _l(tf).Lambda(lambda t: t * 2.0 + 1.0)(_x(tf, np, (2, 3)))


def case_lambda_with_arguments(tf, np):
    return _l(tf).Lambda(lambda t, power: t**power, arguments={"power": 3.0})(_x(tf, np, (2, 3)))


# ---- reshaping layers ---------------------------------------------------------------------------------
def case_flatten(tf, np):
    return _l(tf).Flatten()(_x(tf, np, (2, 3, 2, 2)))


def case_flatten_rank2(tf, np):
    return _l(tf).Flatten()(_x(tf, np, (2, 3)))


def case_reshape(tf, np):
    return _l(tf).Reshape((3, 4))(_x(tf, np, (2, 12)))


def case_reshape_minus_one(tf, np):
    return _l(tf).Reshape((-1, 2))(_x(tf, np, (2, 3, 4)))


def case_reshape_incompatible(tf, np):
    return _l(tf).Reshape((5,))(_x(tf, np, (2, 12)))


def case_permute(tf, np):
    return _l(tf).Permute((2, 1))(_x(tf, np, (2, 3, 4)))


def case_permute_rank4(tf, np):
    return _l(tf).Permute((3, 1, 2))(_x(tf, np, (1, 2, 3, 2)))


def case_repeat_vector(tf, np):
    return _l(tf).RepeatVector(3)(_x(tf, np, (2, 4)))


# ---- Embedding, Masking ----------------------------------------------------------------------------
def case_embedding(tf, np):
    ids = tf.constant([[0, 2, 1], [3, 3, 0]])
    layer = _fixed(_l(tf).Embedding(4, 3), np, ids)
    return layer(ids)


def case_embedding_mask_zero(tf, np):
    ids = tf.constant([[0, 2, 1, 0], [3, 0, 0, 0]])
    layer = _fixed(_l(tf).Embedding(5, 2, mask_zero=True), np, ids)
    return [layer(ids), layer.compute_mask(ids)]


def case_embedding_no_mask(tf, np):
    ids = tf.constant([[0, 1]])
    return _l(tf).Embedding(3, 2).compute_mask(ids)


def case_embedding_float_ids(tf, np):
    ids = tf.constant([[1.0, 2.0]])
    layer = _fixed(_l(tf).Embedding(3, 2), np, ids)
    return layer(ids)


def case_embedding_weights(tf, np):
    layer = _l(tf).Embedding(6, 4, name="emb")
    layer(tf.constant([[1, 2]]))
    return [[w.name for w in layer.weights], [w.shape for w in layer.weights]]


def case_masking(tf, np):
    x = tf.constant([[[0.0, 0.0], [1.0, 2.0], [0.0, 3.0]], [[4.0, 5.0], [0.0, 0.0], [0.0, 0.0]]])
    layer = _l(tf).Masking(mask_value=0.0)
    return [layer(x), layer.compute_mask(x)]


def case_masking_value(tf, np):
    x = tf.constant([[[-1.0, -1.0], [1.0, -1.0]], [[-1.0, -1.0], [-1.0, -1.0]]])
    layer = _l(tf).Masking(mask_value=-1.0)
    return [layer(x), layer.compute_mask(x)]


# ---- EinsumDense ---------------------------------------------------------------------------------
def case_einsum_dense_matrix(tf, np):
    x = _x(tf, np, (3, 4))
    layer = _fixed(_l(tf).EinsumDense("ab,bc->ac", output_shape=2, bias_axes="c"), np, x)
    return [layer(x), [w.shape for w in layer.weights]]


def case_einsum_dense_matrix_no_bias(tf, np):
    x = _x(tf, np, (3, 4))
    layer = _fixed(_l(tf).EinsumDense("ab,bc->ac", output_shape=5), np, x)
    return [layer(x), len(layer.weights)]


def case_einsum_dense_rank3(tf, np):
    x = _x(tf, np, (2, 3, 4))
    layer = _fixed(_l(tf).EinsumDense("abc,cd->abd", output_shape=(None, 5), bias_axes="d"), np, x)
    return [layer(x), [w.shape for w in layer.weights]]


def case_einsum_dense_activation(tf, np):
    x = _x(tf, np, (2, 3, 4))
    layer = _l(tf).EinsumDense("abc,cd->abd", output_shape=(3, 2), activation="relu", bias_axes="d")
    return _fixed(layer, np, x)(x)


# ---- merging layers ---------------------------------------------------------------------------------
def _pair(tf, np):
    return [_x(tf, np, (2, 3)), _x(tf, np, (2, 3), offset=1.3)]


def _triple(tf, np):
    return _pair(tf, np) + [_x(tf, np, (2, 3), offset=2.1)]


def _merge_case(class_name, inputs):
    def case(tf, np):
        return getattr(_l(tf), class_name)()(inputs(tf, np))

    return case


for _class, _inputs in (
    ("Add", _triple),
    ("Subtract", _pair),
    ("Multiply", _triple),
    ("Average", _triple),
    ("Maximum", _triple),
    ("Minimum", _pair),
):
    _define(_class.lower(), _merge_case(_class, _inputs))


def case_functional_merges(tf, np):
    a, b, c = _triple(tf, np)
    layers = _l(tf)
    return [
        layers.add([a, b, c]),
        layers.subtract([a, b]),
        layers.multiply([a, b]),
        layers.average([a, c]),
        layers.maximum([a, b]),
        layers.minimum([b, c]),
        layers.concatenate([a, c]),
        layers.concatenate([a, b], axis=0),
        layers.dot([a, b], axes=1),
        layers.dot([a, b], axes=1, normalize=True),
    ]


def case_concatenate_last_axis(tf, np):
    return _l(tf).Concatenate()([_x(tf, np, (2, 3)), _x(tf, np, (2, 2), offset=1.0)])


def case_concatenate_axis1_rank3(tf, np):
    return _l(tf).Concatenate(axis=1)([_x(tf, np, (2, 1, 3)), _x(tf, np, (2, 2, 3), offset=1.0)])


def case_dot_axes1(tf, np):
    return _l(tf).Dot(axes=1)(_pair(tf, np))


def case_dot_normalize(tf, np):
    return _l(tf).Dot(axes=1, normalize=True)(_pair(tf, np))


def case_dot_rank3_axes(tf, np):
    a = _x(tf, np, (2, 3, 4))
    b = _x(tf, np, (2, 5, 4), offset=0.5)
    return _l(tf).Dot(axes=(2, 2))([a, b])


def case_dot_rank3_axes_mixed(tf, np):
    a = _x(tf, np, (2, 3, 4))
    b = _x(tf, np, (2, 3, 5), offset=0.5)
    return _l(tf).Dot(axes=[1, 1])([a, b])


def case_add_mismatched_shapes(tf, np):
    return _l(tf).Add()([_x(tf, np, (2, 3)), _x(tf, np, (2, 4))])


def case_add_single_input(tf, np):
    return _l(tf).Add()([_x(tf, np, (2, 3))])


def case_subtract_three_inputs(tf, np):
    return _l(tf).Subtract()(_triple(tf, np))


def case_concatenate_mismatched(tf, np):
    return _l(tf).Concatenate(axis=1)([_x(tf, np, (2, 3)), _x(tf, np, (3, 3))])
