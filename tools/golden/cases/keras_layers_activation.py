"""Golden cases: the activation layers (ReLU, LeakyReLU, PReLU, ELU, ThresholdedReLU, Softmax) on
fixed inputs, their configs and their argument errors.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

_X = [[-3.0, -1.0, -0.25, 0.0], [0.25, 1.0, 2.5, 8.0]]


def _layers(tf):
    return tf.keras.layers


def case_relu_default(tf, np):
    return _layers(tf).ReLU()(np.array(_X, "float32"))


def case_relu_capped_leaky_thresholded(tf, np):
    layer = _layers(tf).ReLU(max_value=6.0, negative_slope=0.1, threshold=0.5)
    return [layer(np.array(_X, "float32")), sorted(layer.get_config().items())[2:]]


def case_relu_negative_max_value(tf, np):
    return _layers(tf).ReLU(max_value=-1.0)


def case_leaky_relu(tf, np):
    layer = _layers(tf).LeakyReLU(alpha=0.2)
    return [layer(np.array(_X, "float32")), layer.get_config()["alpha"]]


def case_leaky_relu_default(tf, np):
    return _layers(tf).LeakyReLU()(np.array(_X, "float32"))


def case_elu(tf, np):
    return [_layers(tf).ELU()(np.array(_X, "float32")), _layers(tf).ELU(alpha=0.5)(np.array(_X, "float32"))]


def case_thresholded_relu(tf, np):
    return _layers(tf).ThresholdedReLU(theta=0.5)(np.array(_X, "float32"))


def case_thresholded_relu_negative_theta(tf, np):
    return _layers(tf).ThresholdedReLU(theta=-1.0)


def case_prelu_shared_axes(tf, np):
    layer = _layers(tf).PReLU(shared_axes=[1])
    x = np.linspace(-2, 2, 24, dtype="float32").reshape(2, 3, 4)
    layer.build((None, 3, 4))
    layer.set_weights([np.array([[0.1, 0.2, 0.3, 0.4]], "float32")])
    return [layer(x), [w.shape for w in layer.weights], layer.get_config()["shared_axes"]]


def case_prelu_default_weights(tf, np):
    layer = _layers(tf).PReLU()
    out = layer(np.array(_X, "float32"))
    return [out, [w.name.split("/")[-1] for w in layer.weights], layer.weights[0].shape]


def case_softmax_axis_and_mask(tf, np):
    x = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, 4.0]], "float32")
    mask = np.array([[True, True, False], [True, False, True]])
    return [_layers(tf).Softmax()(x), _layers(tf).Softmax(axis=0)(x), _layers(tf).Softmax()(x, mask=mask)]
