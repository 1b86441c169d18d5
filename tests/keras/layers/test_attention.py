"""tf.keras.layers.Attention, AdditiveAttention and MultiHeadAttention: the harness, values against
NumPy, masks (value, query, causal, Keras masks), returned scores, shapes, config and errors."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers
RNG = np.random.RandomState(3)
QUERY = RNG.uniform(-1, 1, (2, 3, 4)).astype("float32")
VALUE = RNG.uniform(-1, 1, (2, 2, 4)).astype("float32")
KEY = RNG.uniform(-1, 1, (2, 2, 4)).astype("float32")


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _attend(scores, value, keep=None):
    if keep is not None:  # in float32, as the layer: a fully masked row becomes uniform
        scores = scores.astype("float32") - np.float32(1e9) * (~keep)
    weights = _softmax(scores)
    return weights @ value, weights


# ---- Attention / AdditiveAttention --------------------------------------------------------------------
def test_attention_harness():
    run_layer_test(
        layers.Attention,
        {"use_scale": True, "name": "att_h"},
        input_data=[QUERY, VALUE],
        expected_output_shape=(2, 3, 4),
        expected_weight_names=["att_h/scale:0"],
        supports_masking=True,
    )


def test_additive_attention_harness():
    run_layer_test(
        layers.AdditiveAttention,
        {"name": "add_h"},
        input_data=[QUERY, VALUE, KEY],
        expected_output_shape=(2, 3, 4),
        expected_weight_names=["add_h/scale:0"],
    )


def test_attention_dot_and_concat_match_numpy():
    result, weights = layers.Attention()([QUERY, VALUE, KEY], return_attention_scores=True)
    expected, expected_weights = _attend(QUERY @ KEY.transpose(0, 2, 1), VALUE)
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(weights.numpy(), expected_weights, rtol=1e-5, atol=1e-6)
    concat = layers.Attention(use_scale=True, score_mode="concat")
    concat([QUERY, VALUE])
    concat.set_weights([np.float32(0.5), np.float32(2.0)])
    assert [w.name.split("/")[-1] for w in concat.weights] == ["scale:0", "concat_score_weight:0"]
    scores = 2.0 * np.tanh(0.5 * (QUERY[:, :, None] + VALUE[:, None])).sum(-1)
    np.testing.assert_allclose(
        concat([QUERY, VALUE]).numpy(), _attend(scores, VALUE)[0], rtol=1e-5, atol=1e-6
    )


def test_attention_masks_and_causal():
    query_mask = np.array([[True, False, True], [True, True, True]])
    value_mask = np.array([[True, False], [False, False]])
    layer = layers.Attention()
    result = layer([QUERY, VALUE], mask=[tf.constant(query_mask), tf.constant(value_mask)]).numpy()
    expected, _ = _attend(QUERY @ VALUE.transpose(0, 2, 1), VALUE, value_mask[:, None, :])
    expected = expected * query_mask[..., None]
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result[1], np.broadcast_to(VALUE[1].mean(0), (3, 4)), rtol=1e-5)  # all masked
    np.testing.assert_array_equal(
        np.asarray(layer.compute_mask([QUERY, VALUE], [query_mask, value_mask])), query_mask
    )
    assert layer.compute_mask([QUERY, VALUE], None) is None
    square = QUERY[:, :2]
    causal = layers.Attention()([square, VALUE], use_causal_mask=True).numpy()
    expected, _ = _attend(square @ VALUE.transpose(0, 2, 1), VALUE, np.tril(np.ones((2, 2), bool)))
    np.testing.assert_allclose(causal, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(causal[:, 0], VALUE[:, 0], rtol=1e-5)


def test_additive_attention_matches_numpy():
    layer = layers.AdditiveAttention()
    layer([QUERY, VALUE])
    scale = RNG.uniform(-1, 1, (4,)).astype("float32")
    layer.set_weights([scale])
    scores = (scale * np.tanh(QUERY[:, :, None] + VALUE[:, None])).sum(-1)
    np.testing.assert_allclose(layer([QUERY, VALUE]).numpy(), _attend(scores, VALUE)[0], rtol=1e-5, atol=1e-6)
    plain = layers.AdditiveAttention(use_scale=False)
    scores = np.tanh(QUERY[:, :, None] + VALUE[:, None]).sum(-1)
    np.testing.assert_allclose(plain([QUERY, VALUE]).numpy(), _attend(scores, VALUE)[0], rtol=1e-5, atol=1e-6)
    assert plain.weights == []


def test_attention_dropout_training_and_config():
    layer = layers.Attention(dropout=0.5, score_mode="concat")
    inference = layer([QUERY, VALUE]).numpy()
    np.testing.assert_allclose(layer([QUERY, VALUE]).numpy(), inference)
    _, weights = layer([QUERY, VALUE], training=True, return_attention_scores=True)
    assert set(np.unique(np.round(weights.numpy(), 5))) - {0.0} and np.any(weights.numpy() == 0.0)
    config = layer.get_config()
    assert config["score_mode"] == "concat" and config["dropout"] == 0.5
    assert layers.Attention.from_config(config).get_config() == config


def test_attention_errors():
    with pytest.raises(ValueError, match="length 2 or 3"):
        layers.Attention()([QUERY])
    with pytest.raises(ValueError, match="list of inputs"):
        layers.AdditiveAttention()(QUERY)
    with pytest.raises(ValueError, match="score_mode"):
        layers.Attention(score_mode="general")


# ---- MultiHeadAttention ---------------------------------------------------------------------------------
def _mha_numpy(layer, query, value, key, keep=None):
    wq, bq, wk, bk, wv, bv, wo, bo = layer.get_weights()
    q = np.einsum("btd,dnh->btnh", query, wq) + bq
    k = np.einsum("bsd,dnh->bsnh", key, wk) + bk
    v = np.einsum("bsd,dnh->bsnh", value, wv) + bv
    scores = np.einsum("bsnh,btnh->bnts", k, q / np.sqrt(wq.shape[-1]))
    if keep is not None:  # in float32, as the layer: a fully masked row becomes uniform
        scores = scores.astype("float32") + (1.0 - keep[:, None]).astype("float32") * np.float32(-1e9)
    probabilities = _softmax(scores)
    attended = np.einsum("bnts,bsnh->btnh", probabilities, v)
    return np.einsum("btnh,nho->bto", attended, wo) + bo, probabilities


def test_multi_head_attention_harness():
    run_layer_test(
        layers.MultiHeadAttention,
        {"num_heads": 2, "key_dim": 3, "name": "mha_h"},
        input_data=QUERY,
        call_kwargs={"value": VALUE},
        expected_output_shape=(2, 3, 4),
        expected_weight_names=[
            f"mha_h/{part}/{kind}:0"
            for part in ("query", "key", "value", "attention_output")
            for kind in ("kernel", "bias")
        ],
    )


def test_multi_head_attention_matches_numpy_with_mask():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2)
    layer(QUERY, VALUE, KEY)
    rng = np.random.RandomState(1)
    layer.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in layer.get_weights()])
    mask = np.array([[[1, 0], [1, 1], [0, 1]], [[1, 1], [0, 0], [1, 0]]], dtype=bool)
    output, scores = layer(QUERY, VALUE, KEY, attention_mask=tf.constant(mask), return_attention_scores=True)
    expected, expected_scores = _mha_numpy(layer, QUERY, VALUE, KEY, mask.astype("float32"))
    np.testing.assert_allclose(output.numpy(), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), expected_scores, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(scores.numpy()[1, :, 1], 0.5, rtol=1e-6)  # a fully masked row: uniform


def test_multi_head_attention_causal_and_keras_masks():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=2)
    _, scores = layer(QUERY, QUERY, use_causal_mask=True, return_attention_scores=True)
    np.testing.assert_array_equal(np.triu(scores.numpy()[0, 0], 1), 0.0)
    data = QUERY.copy()
    data[0, 1] = 0.0
    masked = layers.Masking(0.0)(data)
    output, scores = layer(masked, masked, return_attention_scores=True)
    np.testing.assert_allclose(scores.numpy()[0, :, 1], 1.0 / 3.0, rtol=1e-6)  # a masked query row
    np.testing.assert_array_equal(scores.numpy()[0, :, [0, 2], 1], 0.0)  # a masked key column
    assert output.shape == (2, 3, 4)


def test_multi_head_attention_axes_and_output_shape():
    data = np.ones((1, 2, 3, 4, 6), "float32")
    layer = layers.MultiHeadAttention(2, 3, attention_axes=(2, 3))
    output, scores = layer(data, data, return_attention_scores=True)
    assert output.shape == (1, 2, 3, 4, 6) and scores.shape == (1, 2, 2, 3, 4, 3, 4)
    np.testing.assert_allclose(scores.numpy().sum(axis=(-2, -1)), 1.0, rtol=1e-5)
    _, scores = layers.MultiHeadAttention(2, 3, attention_axes=2)(data, data, return_attention_scores=True)
    assert scores.shape == (1, 2, 4, 2, 3, 3)
    shaped = layers.MultiHeadAttention(2, 2, output_shape=(3, 5), use_bias=False)
    assert shaped(QUERY, VALUE).shape == (2, 3, 3, 5)
    assert [tuple(w.shape) for w in shaped.weights][-1] == (2, 2, 3, 5) and len(shaped.weights) == 4
    assert shaped.compute_output_shape((2, 3, 4)).as_list() == [2, 3, 3, 5]


def test_multi_head_attention_config_and_errors():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.1)
    layer(QUERY, VALUE)
    config = layer.get_config()
    assert (
        config["value_dim"] == 3 and config["query_shape"] == (2, 3, 4) and config["attention_axes"] is None
    )
    clone = layers.MultiHeadAttention.from_config(config)
    assert clone.built and [w.shape for w in clone.weights] == [w.shape for w in layer.weights]
    assert clone.get_config() == config
    with pytest.raises(TypeError, match="value"):
        layers.MultiHeadAttention(2, 2)(QUERY)
    with pytest.raises(ValueError, match="attention mask has rank"):
        layers.MultiHeadAttention(2, 2)(QUERY, VALUE, attention_mask=np.ones((1, 2, 2, 3, 2), bool))
