"""Golden cases: tf.keras recurrent and attention layers — SimpleRNN, LSTM, GRU (reset_after True and
False) with return_sequences, return_state, go_backwards, initial_state, masks (the mask= argument
and a Masking layer in a Sequential model), stateful layers and reset_states, unroll; RNN over a
custom cell, over built-in cells and over a list of cells; Bidirectional (merge modes),
TimeDistributed, ConvLSTM2D; MultiHeadAttention (scores, attention_mask, causal mask), Attention
and AdditiveAttention; weight names and shapes, and the errors.

Weights are set explicitly from sin-based arrays after the layer is built; inputs are fixed.

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


def _set_fixed(layer, np):
    layer.set_weights([_array(np, w.shape, offset=i) for i, w in enumerate(layer.get_weights())])
    return layer


def _fixed(layer, np, *args, **kwargs):
    """Builds `layer` by calling it once, then replaces every weight with fixed values."""
    layer(*args, **kwargs)
    return _set_fixed(layer, np)


def _l(tf):
    return tf.keras.layers


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


_SEQUENCE = (2, 4, 3)  # batch, time, features


def _rnn_case(class_name, kwargs):
    def case(tf, np):
        x = _x(tf, np, _SEQUENCE)
        return _fixed(getattr(_l(tf), class_name)(**kwargs), np, x)(x)

    return case


# ---- SimpleRNN, LSTM, GRU ------------------------------------------------------------------------
_RECURRENT = {
    "simple_rnn": ("SimpleRNN", {"units": 3}),
    "simple_rnn_sequences_state": ("SimpleRNN", {"units": 2, "return_sequences": True, "return_state": True}),
    "simple_rnn_go_backwards": ("SimpleRNN", {"units": 2, "go_backwards": True, "return_sequences": True}),
    "simple_rnn_relu_no_bias": ("SimpleRNN", {"units": 2, "activation": "relu", "use_bias": False}),
    "lstm": ("LSTM", {"units": 3}),
    "lstm_sequences_states": ("LSTM", {"units": 2, "return_sequences": True, "return_state": True}),
    "lstm_go_backwards": ("LSTM", {"units": 2, "go_backwards": True}),
    "lstm_unroll": ("LSTM", {"units": 2, "unroll": True, "return_sequences": True}),
    "lstm_activations": ("LSTM", {"units": 2, "activation": "relu", "recurrent_activation": "hard_sigmoid"}),
    "gru_reset_after": ("GRU", {"units": 3, "return_sequences": True}),
    "gru_reset_before": ("GRU", {"units": 3, "reset_after": False, "return_sequences": True}),
    "gru_state_go_backwards": ("GRU", {"units": 2, "return_state": True, "go_backwards": True}),
    "gru_unroll_reset_before": ("GRU", {"units": 2, "reset_after": False, "unroll": True}),
}  # fmt: skip
for _name, (_class, _kwargs) in _RECURRENT.items():
    _define(_name, _rnn_case(_class, _kwargs))


def case_recurrent_weight_names_and_shapes(tf, np):
    layers = _l(tf)
    x = _x(tf, np, _SEQUENCE)
    result = []
    for layer in (
        layers.SimpleRNN(2, name="srnn"),
        layers.LSTM(2, name="lstm"),
        layers.GRU(2, name="gru"),
        layers.GRU(2, reset_after=False, name="gru_before"),
    ):
        layer(x)
        result.append([[w.name for w in layer.weights], [w.shape for w in layer.weights]])
    return result


def case_lstm_initial_state(tf, np):
    x = _x(tf, np, _SEQUENCE)
    initial = [_x(tf, np, (2, 2), offset=1.0), _x(tf, np, (2, 2), offset=2.0)]
    layer = _fixed(_l(tf).LSTM(2, return_state=True), np, x)
    return layer(x, initial_state=initial)


def case_simple_rnn_initial_state(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _fixed(_l(tf).SimpleRNN(2), np, x)
    return layer(x, initial_state=[_x(tf, np, (2, 2), offset=1.0)])


_MASK = [[True, True, False, False], [True, True, True, False]]


def case_lstm_mask_argument(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _fixed(_l(tf).LSTM(2, return_sequences=True, return_state=True), np, x)
    return layer(x, mask=tf.constant(_MASK))


def case_gru_mask_argument(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _fixed(_l(tf).GRU(2), np, x)
    return layer(x, mask=tf.constant(_MASK))


def case_simple_rnn_mask_go_backwards(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _fixed(_l(tf).SimpleRNN(2, go_backwards=True, return_sequences=True), np, x)
    return layer(x, mask=tf.constant(_MASK))


def case_masking_layer_then_lstm(tf, np):
    # Time steps whose features are all 0.0 are skipped: the output equals the masked run's.
    keep = np.array(_MASK, np.float32)[:, :, None]
    x = _x(tf, np, _SEQUENCE) * keep
    model = tf.keras.Sequential([_l(tf).Masking(0.0, input_shape=(4, 3)), _l(tf).LSTM(2, name="masked_lstm")])
    _set_fixed(model.get_layer("masked_lstm"), np)
    return model(x)


def _stateful_case(class_name):
    def case(tf, np):
        x = _x(tf, np, _SEQUENCE)
        layer = getattr(_l(tf), class_name)(2, stateful=True)
        _fixed(layer, np, x)
        layer.reset_states()
        first = layer(x)
        second = layer(x)  # starts from the state the first call left
        layer.reset_states()
        third = layer(x)  # starts from zeros again: equals the first
        return [first, second, third]

    return case


for _class in ("SimpleRNN", "LSTM", "GRU"):
    _define(f"{_class.lower()}_stateful_reset_states", _stateful_case(_class))


def case_stateful_states_values(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _fixed(_l(tf).LSTM(2, stateful=True), np, x)
    layer.reset_states()
    layer(x)
    return [s.numpy() for s in layer.states]


def case_lstm_rank2_input(tf, np):
    return _l(tf).LSTM(2)(_x(tf, np, (2, 3)))


# ---- RNN over cells ---------------------------------------------------------------------------------
def _minimal_cell_class(tf):
    """A cell with one state: h' = tanh(x @ kernel + h @ recurrent_kernel); output = 2 * h'."""

    class MinimalCell(tf.keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))
            self.recurrent_kernel = self.add_weight(name="recurrent_kernel", shape=(self.units, self.units))
            self.built = True

        def call(self, inputs, states):
            h = tf.tanh(tf.matmul(inputs, self.kernel) + tf.matmul(states[0], self.recurrent_kernel))
            return 2.0 * h, [h]

    return MinimalCell


def case_rnn_custom_cell(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _l(tf).RNN(_minimal_cell_class(tf)(3), return_sequences=True, return_state=True)
    return _fixed(layer, np, x)(x)


def case_rnn_custom_cell_weight_names(tf, np):
    layer = _l(tf).RNN(_minimal_cell_class(tf)(2, name="minimal"), name="custom_rnn")
    layer(_x(tf, np, _SEQUENCE))
    return [w.name for w in layer.weights]


def case_rnn_lstm_cell_equals_lstm(tf, np):
    x = _x(tf, np, _SEQUENCE)
    from_cell = _fixed(_l(tf).RNN(_l(tf).LSTMCell(2), return_sequences=True), np, x)(x)
    from_layer = _fixed(_l(tf).LSTM(2, return_sequences=True), np, x)(x)
    return [from_cell, from_layer]


def case_rnn_stacked_cells(tf, np):
    x = _x(tf, np, _SEQUENCE)
    cells = [_l(tf).SimpleRNNCell(3), _l(tf).GRUCell(2)]
    layer = _fixed(_l(tf).RNN(cells, return_state=True), np, x)
    return layer(x)


def case_cell_single_step(tf, np):
    cell = _l(tf).LSTMCell(2)
    x = _x(tf, np, (2, 3))
    states = [tf.zeros((2, 2)), tf.zeros((2, 2))]
    cell(x, states)
    _set_fixed(cell, np)
    output, new_states = cell(x, [_x(tf, np, (2, 2), offset=1.0), _x(tf, np, (2, 2), offset=2.0)])
    return [output, new_states]


def case_rnn_cell_without_state_size(tf, np):
    return _l(tf).RNN(_l(tf).Dense(2))


# ---- wrappers ---------------------------------------------------------------------------------------
def _bidirectional_case(merge_mode, layer_kwargs):
    def case(tf, np):
        x = _x(tf, np, _SEQUENCE)
        layer = _l(tf).Bidirectional(_l(tf).LSTM(2, **layer_kwargs), merge_mode=merge_mode)
        return _fixed(layer, np, x)(x)

    return case


_define("bidirectional_concat", _bidirectional_case("concat", {}))
_define("bidirectional_sum_sequences", _bidirectional_case("sum", {"return_sequences": True}))
_define("bidirectional_none", _bidirectional_case(None, {}))
_define("bidirectional_mul_states", _bidirectional_case("mul", {"return_state": True}))


def case_bidirectional_weight_names(tf, np):
    layer = _l(tf).Bidirectional(_l(tf).GRU(2, name="g"), name="bi")
    layer(_x(tf, np, _SEQUENCE))
    return [[w.name for w in layer.weights], [w.shape for w in layer.weights]]


def case_bidirectional_bad_merge_mode(tf, np):
    return _l(tf).Bidirectional(_l(tf).LSTM(2), merge_mode="max")


def case_time_distributed_dense(tf, np):
    x = _x(tf, np, _SEQUENCE)
    layer = _fixed(_l(tf).TimeDistributed(_l(tf).Dense(2)), np, x)
    return [layer(x), [w.shape for w in layer.weights]]


def case_time_distributed_conv(tf, np):
    x = _x(tf, np, (1, 2, 3, 3, 1))
    return _fixed(_l(tf).TimeDistributed(_l(tf).Conv2D(2, 2)), np, x)(x)


def case_conv_lstm2d(tf, np):
    x = _x(tf, np, (1, 3, 4, 4, 1))
    layer = _fixed(_l(tf).ConvLSTM2D(2, 2, return_sequences=True), np, x)
    return [layer(x), [w.shape for w in layer.weights]]


def case_conv_lstm2d_same_state(tf, np):
    x = _x(tf, np, (1, 2, 3, 3, 2))
    layer = _fixed(_l(tf).ConvLSTM2D(1, 3, padding="same", return_state=True), np, x)
    return layer(x)


# ---- attention --------------------------------------------------------------------------------------
def _mha(tf, np, **kwargs):
    query = _x(tf, np, (2, 3, 4))
    value = _x(tf, np, (2, 2, 4), offset=1.0)
    layer = _l(tf).MultiHeadAttention(num_heads=2, key_dim=2, **kwargs)
    _fixed(layer, np, query, value)
    return layer, query, value


def case_multi_head_attention(tf, np):
    layer, query, value = _mha(tf, np)
    return layer(query, value, return_attention_scores=True)


def case_multi_head_attention_key_and_mask(tf, np):
    layer, query, value = _mha(tf, np, value_dim=3, output_shape=5)
    key = _x(tf, np, (2, 2, 4), offset=2.0)
    _fixed(layer, np, query, value, key)
    mask = tf.constant(
        [[[True, False], [True, True], [False, True]], [[True, True], [True, False], [True, True]]]
    )
    return layer(query, value, key, attention_mask=mask, return_attention_scores=True)


def case_multi_head_attention_causal(tf, np):
    query = _x(tf, np, (1, 3, 4))
    layer = _fixed(_l(tf).MultiHeadAttention(num_heads=2, key_dim=3), np, query, query)
    return layer(query, query, use_causal_mask=True, return_attention_scores=True)


def case_multi_head_attention_weights(tf, np):
    query = _x(tf, np, (1, 3, 4))
    layer = _l(tf).MultiHeadAttention(num_heads=2, key_dim=3, name="mha")
    layer(query, query)
    return [[w.name for w in layer.weights], [w.shape for w in layer.weights]]


def case_attention(tf, np):
    query = _x(tf, np, (2, 3, 4))
    value = _x(tf, np, (2, 2, 4), offset=1.0)
    return _l(tf).Attention()([query, value], return_attention_scores=True)


def case_attention_scale_key_masks(tf, np):
    query = _x(tf, np, (2, 3, 4))
    value = _x(tf, np, (2, 2, 4), offset=1.0)
    key = _x(tf, np, (2, 2, 4), offset=2.0)
    layer = _l(tf).Attention(use_scale=True)
    layer([query, value, key])
    layer.set_weights([np.array(0.7, np.float32)])
    masks = [
        tf.constant([[True, True, False], [True, True, True]]),
        tf.constant([[True, False], [True, True]]),
    ]
    return [layer([query, value, key], mask=masks), len(layer.weights)]


def case_attention_causal(tf, np):
    query = _x(tf, np, (1, 3, 2))
    return _l(tf).Attention(score_mode="concat")([query, query], use_causal_mask=True)


def case_additive_attention(tf, np):
    query = _x(tf, np, (2, 3, 4))
    value = _x(tf, np, (2, 2, 4), offset=1.0)
    layer = _l(tf).AdditiveAttention()
    layer([query, value])
    layer.set_weights([_array(np, (4,))])
    return [layer([query, value], return_attention_scores=True), [w.shape for w in layer.weights]]


def case_additive_attention_no_scale_causal(tf, np):
    query = _x(tf, np, (1, 3, 2))
    layer = _l(tf).AdditiveAttention(use_scale=False)
    return [layer([query, query], use_causal_mask=True), len(layer.weights)]


def case_attention_single_input(tf, np):
    return _l(tf).Attention()([_x(tf, np, (1, 2, 2))])


# Recurrences repeat float32 matmuls; TensorFlow and XLA round the sums a little differently.
TOLERANCE = {
    name[len("case_") :]: {"rtol": 1e-5, "atol": 1e-5} for name in list(globals()) if name.startswith("case_")
}
