"""tf.compat.v1.layers (functions and classes) in v1 graphs and eagerly, the v1 collection API, and
tf.compat.v1.keras.utils.track_tf1_style_variables. Names, UPDATE_OPS contents and batch-norm
statistics were checked against TensorFlow 2.15 (the values quoted below come from it)."""

import numpy as np
import pytest

import lamina as tf

tf1 = tf.compat.v1
layers = tf1.layers
RNG = np.random.RandomState(0)


def _train_mlp(steps=60):
    """A v1 Session loop: dense -> batch_normalization -> dropout -> dense, trained by gradient
    descent with the UPDATE_OPS as control dependencies of the train op."""
    x_np = np.random.RandomState(2).randn(64, 4).astype(np.float32) * 3.0 + 2.0
    y_np = (np.sin(x_np[:, :1]) + 0.5 * x_np[:, 1:2]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
        tf1.set_random_seed(1)
        x = tf1.placeholder(tf.float32, [None, 4])
        y = tf1.placeholder(tf.float32, [None, 1])
        training = tf1.placeholder_with_default(False, [])
        hidden = layers.dense(x, 16, activation=tf.nn.relu)
        hidden = layers.batch_normalization(hidden, training=training)
        hidden = layers.dropout(hidden, 0.1, training=training)
        prediction = layers.dense(hidden, 1)
        loss = tf.reduce_mean(tf.square(prediction - y))
        update_ops = tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
        with tf.control_dependencies(update_ops):
            train_op = tf1.train.GradientDescentOptimizer(0.05).minimize(loss)
        (moving_mean,) = tf1.global_variables(scope="batch_normalization/moving_mean")
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            first = sess.run(loss, {x: x_np, y: y_np})
            mean_before = sess.run(moving_mean)
            for _ in range(steps):
                sess.run(train_op, {x: x_np, y: y_np, training: True})
            last = sess.run(loss, {x: x_np, y: y_np})
            mean_after = sess.run(moving_mean)
    return graph, update_ops, first, last, mean_before, mean_after


def test_session_loop_trains_mlp_and_runs_batch_norm_updates():
    graph, update_ops, first, last, mean_before, mean_after = _train_mlp()
    # The moving-statistics assignments are in UPDATE_OPS (one per statistic), not initializers.
    assert len(update_ops) == 2
    assert all(op.type.startswith("Assign") for op in update_ops)
    assert last < 0.5 * first
    np.testing.assert_array_equal(mean_before, np.zeros(16))
    assert np.abs(mean_after).max() > 0.1  # 60 updates with momentum 0.99 moved them


def test_graph_variable_names_match_tensorflow():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 4])
        y = layers.dense(x, 3)
        y2 = layers.dense(y, 2, activation=tf.nn.relu)
        with tf1.variable_scope("model"):
            z = layers.dense(x, 3)
        with tf1.variable_scope("model", reuse=True):
            z2 = layers.dense(x, 3)  # the same default name again, so it shares model/dense
        with tf1.variable_scope("m2", reuse=tf1.AUTO_REUSE):
            a = layers.dense(x, 3, name="fc")
            b = layers.dense(x, 3, name="fc")
        conv = layers.conv2d(tf1.placeholder(tf.float32, [None, 8, 8, 3]), 4, 3)
        flat = layers.flatten(tf1.placeholder(tf.float32, [None, 2, 3]))
        names = [v.name for v in tf1.global_variables()]
        trainable = [v.name for v in tf1.trainable_variables()]
    assert (y.name, y2.name, z.name, z2.name) == (
        "dense/BiasAdd:0",
        "dense_1/Relu:0",
        "model/dense/BiasAdd:0",
        "model_1/dense/BiasAdd:0",
    )
    assert (a.name, b.name, conv.name, flat.name) == (
        "m2/fc/BiasAdd:0",
        "m2/fc_1/BiasAdd:0",
        "conv2d/BiasAdd:0",
        "flatten/Reshape:0",
    )
    assert flat.shape.as_list() == [None, 6] and conv.shape.as_list() == [None, 6, 6, 4]
    expected = [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0", "model/dense/kernel:0",
        "model/dense/bias:0", "m2/fc/kernel:0", "m2/fc/bias:0", "conv2d/kernel:0", "conv2d/bias:0",
    ]  # fmt: skip
    assert names == expected and trainable == expected


def test_reuse_rules_and_errors():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 4])
        layers.dense(x, 3, name="fc")
        with pytest.raises(ValueError, match="Variable fc/kernel already exists, disallowed"):
            layers.dense(x, 3, name="fc")
        shared = layers.dense(x, 3, name="fc", reuse=True)
        with pytest.raises(ValueError, match="does not exist"):
            layers.dense(x, 3, name="other", reuse=True)
        with pytest.raises(ValueError, match="specified shape"):
            layers.dense(x, 5, name="fc", reuse=True)
        # The class form names its scope by default name: as "fc" was opened, Dense(name="fc") makes
        # fc_1, and a second one fc_2.
        first, second = layers.Dense(3, name="fc"), layers.Dense(3, name="fc")
        first(x)
        second(x)
        frozen = layers.Dense(2, trainable=False)
        frozen(x)
        assert [w.name for w in first.weights] == ["fc_1/kernel:0", "fc_1/bias:0"]
        assert [w.name for w in second.weights] == ["fc_2/kernel:0", "fc_2/bias:0"]
        assert frozen.trainable_weights == [] and len(frozen.non_trainable_weights) == 2
        trainable_ids = {id(v) for v in tf1.trainable_variables()}
        assert all(id(v) not in trainable_ids for v in frozen.weights)
        assert len(tf1.global_variables()) == 8  # fc, fc_1, fc_2 and the frozen layer
        with pytest.raises(tf.errors.UnimplementedError, match="partitioner"):
            tf1.get_variable("p", [2], partitioner=lambda *a: [1])
        with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
            with tf1.variable_scope(None, default_name="s", reuse=True):
                pass
    assert shared.name == "fc_2/BiasAdd:0"  # a new name scope (the failed call took fc_1), as in TF


def test_class_layer_reuses_its_scope_on_every_call():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 4])
        layer = layers.Dense(3)
        with pytest.raises(ValueError, match="has not been used yet"):
            layer.scope_name  # noqa: B018
        first, second = layer(x), layer(x)
        assert layer.scope_name == "dense" and [w.name for w in layer.weights] == [
            "dense/kernel:0",
            "dense/bias:0",
        ]
        assert (first.name, second.name) == ("dense/BiasAdd:0", "dense/BiasAdd_1:0")
        assert len(tf1.global_variables()) == 2
        x_np = RNG.randn(5, 4).astype(np.float32)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            out, kernel, bias = sess.run([second, layer.kernel, layer.bias], {x: x_np})
    np.testing.assert_allclose(out, x_np @ kernel + bias, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(bias, np.zeros(3))  # bias_initializer defaults to zeros
    limit = np.sqrt(6.0 / (4 + 3))  # kernel_initializer=None: the scope default, Glorot uniform
    assert np.abs(kernel).max() <= limit and kernel.std() > 0


def test_scope_initializer_applies_when_kernel_initializer_is_none():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 2])
        with tf1.variable_scope("net", initializer=tf1.constant_initializer(0.5)):
            y = layers.dense(x, 2)
            z = layers.dense(x, 2, kernel_initializer=tf1.ones_initializer())
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            out_y, out_z = sess.run([y, z], {x: [[1.0, 2.0]]})
    np.testing.assert_allclose(out_y, [[1.5, 1.5]])  # bias keeps its explicit zeros initializer
    np.testing.assert_allclose(out_z, [[3.0, 3.0]])


def test_batch_norm_statistics_match_tensorflow():
    x_np = np.arange(12, dtype=np.float32).reshape(4, 3) ** 1.5
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        training = tf1.placeholder(tf.bool, [])
        y = layers.batch_normalization(x, momentum=0.9, training=training)
        updates = tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
        moving_mean, moving_variance = (v for v in tf1.global_variables() if "moving" in v.name)
        assert [v.name for v in tf1.trainable_variables()] == [
            "batch_normalization/gamma:0",
            "batch_normalization/beta:0",
        ]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            normalized = sess.run(y, {x: x_np, training: True})
            # Without the update ops, running the layer leaves the statistics alone.
            np.testing.assert_array_equal(sess.run(moving_mean), np.zeros(3))
            sess.run(updates, {x: x_np, training: True})
            mean, variance = sess.run([moving_mean, moving_variance])
            inference = sess.run(y, {x: x_np, training: False})
    np.testing.assert_allclose(mean, [1.1723272800445557, 1.4785759449005127, 1.8279764652252197], rtol=1e-6)
    np.testing.assert_allclose(
        variance, [11.456488609313965, 14.238133430480957, 16.885021209716797], rtol=1e-6
    )
    np.testing.assert_allclose(mean, 0.1 * x_np.mean(0), rtol=1e-6)
    np.testing.assert_allclose(variance, 0.9 + 0.1 * x_np.var(0), rtol=1e-6)
    expected = (x_np - x_np.mean(0)) / np.sqrt(x_np.var(0) + 1e-3)
    np.testing.assert_allclose(normalized, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(inference, (x_np - mean) / np.sqrt(variance + 1e-3), rtol=1e-5, atol=1e-5)
    # A Python bool: training=False adds no updates, training=True adds two.
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        layer = layers.BatchNormalization()
        layer(x, training=False)
        assert tf1.get_collection(tf1.GraphKeys.UPDATE_OPS) == [] and layer.updates == []
        layer(x, training=True)
        assert len(layer.updates) == 2 and tf1.get_collection(tf1.GraphKeys.UPDATE_OPS) == layer.updates


def test_regularizers_go_to_the_collection_and_layer_losses():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        layer = layers.Dense(2, kernel_regularizer=lambda w: 0.01 * tf.reduce_sum(tf.square(w)), name="reg")
        y = layer(x)
        layers.dense(x, 2, name="reg", reuse=True, kernel_regularizer=lambda w: tf.reduce_sum(w))
        activity = layers.dense(x, 2, activity_regularizer=lambda a: tf.reduce_sum(tf.abs(a)))
        collected = tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES)
        total = tf1.losses.get_regularization_loss()
        assert collected[0].name.startswith("reg/kernel/Regularizer/")
        assert len(collected) == 2  # the shared kernel adds none; the activity penalty adds one
        assert len(layer.losses) == 1
        x_np = RNG.randn(4, 3).astype(np.float32)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            kernel, out, total_value, activity_out = sess.run([layer.kernel, y, total, activity], {x: x_np})
    assert out.shape == (4, 2)
    expected = 0.01 * np.sum(kernel**2) + np.abs(activity_out).sum() / 4.0  # activity: mean over the batch
    np.testing.assert_allclose(total_value, expected, rtol=1e-5)


def test_values_of_conv_pooling_flatten_and_dropout_in_a_session():
    images = RNG.randn(2, 6, 6, 3).astype(np.float32)
    sequence = RNG.randn(2, 8, 3).astype(np.float32)
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 6, 6, 3])
        s = tf1.placeholder(tf.float32, [None, 8, 3])
        keep = tf1.placeholder(tf.bool, [])
        conv = layers.conv2d(
            x, 2, 1, kernel_initializer=tf1.ones_initializer(), bias_initializer=tf1.ones_initializer()
        )
        pooled = layers.max_pooling2d(x, 2, 2)
        averaged = layers.average_pooling1d(s, 4, 2, padding="same")
        flat = layers.flatten(x)
        dropped = layers.dropout(x, 0.5, training=keep, seed=3)
        transposed = layers.conv2d_transpose(x, 4, 3, strides=2)
        separable = layers.separable_conv2d(x, 5, 3, padding="same")
        conv1 = layers.conv1d(s, 4, 3)
        conv3 = layers.conv3d(tf1.placeholder(tf.float32, [None, 4, 4, 4, 1]), 2, 2)
        pooled3 = layers.max_pooling3d(tf1.placeholder(tf.float32, [None, 4, 4, 4, 1]), 2, 2)
        assert transposed.shape.as_list() == [None, 13, 13, 4]
        assert separable.shape.as_list() == [None, 6, 6, 5] and conv1.shape.as_list() == [None, 6, 4]
        assert conv3.shape.as_list() == [None, 3, 3, 3, 2] and pooled3.shape.as_list() == [None, 2, 2, 2, 1]
        names = [v.name for v in tf1.global_variables()]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            feed = {x: images, s: sequence, keep: True}
            conv_v, pooled_v, averaged_v, flat_v, dropped_v = sess.run(
                [conv, pooled, averaged, flat, dropped], feed
            )
            kept = sess.run(dropped, {x: images, keep: False})
    assert "separable_conv2d/depthwise_kernel:0" in names and "separable_conv2d/pointwise_kernel:0" in names
    assert "conv2d_transpose/kernel:0" in names and "conv1d/kernel:0" in names and "conv3d/kernel:0" in names
    np.testing.assert_allclose(conv_v, np.repeat(images.sum(-1, keepdims=True) + 1.0, 2, axis=-1), rtol=1e-5)
    np.testing.assert_allclose(pooled_v, images.reshape(2, 3, 2, 3, 2, 3).max(axis=(2, 4)))
    zeros = np.zeros((2, 1, 3), np.float32)
    padded = np.concatenate([zeros, sequence, zeros], axis=1)  # "same": one padding step each side
    counts = np.array([3, 4, 4, 3], np.float32)[None, :, None]  # padding is not averaged in
    windows = np.stack([padded[:, i * 2 : i * 2 + 4].sum(1) for i in range(4)], axis=1)
    np.testing.assert_allclose(averaged_v, windows / counts, rtol=1e-5)
    np.testing.assert_array_equal(flat_v, images.reshape(2, -1))
    assert set(np.unique(np.round(dropped_v / np.where(images == 0, 1, images), 4))) <= {0.0, 2.0}
    np.testing.assert_array_equal(kept, images)


def test_eager_layers_create_and_use_variables():
    x_np = RNG.randn(3, 4).astype(np.float32)
    out = layers.dense(
        x_np, 2, kernel_initializer=tf1.ones_initializer(), bias_initializer=tf1.constant_initializer(0.5)
    )
    np.testing.assert_allclose(out.numpy(), np.repeat(x_np.sum(1, keepdims=True) + 0.5, 2, axis=1), rtol=1e-5)
    layer = layers.Dense(3)
    layer(x_np)
    with tf1.variable_scope("eager_scope"):
        scoped = layers.Dense(3)
        scoped(x_np)
    assert layer.kernel.name.startswith("dense") and [w.name for w in scoped.weights] == [
        "eager_scope/dense/kernel:0",
        "eager_scope/dense/bias:0",
    ]
    np.testing.assert_array_equal(layers.dropout(x_np, 0.5).numpy(), x_np)  # training defaults to False
    dropped = layers.dropout(x_np, 0.5, training=True).numpy()
    assert np.all((dropped == 0) | np.isclose(dropped, 2 * x_np))
    batch_norm = layers.BatchNormalization(momentum=0.9)
    batch_norm(x_np, training=True)  # eagerly the moving statistics update at once
    np.testing.assert_allclose(batch_norm.moving_mean.numpy(), 0.1 * x_np.mean(0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(
        layers.max_pooling1d(x_np[:, :, None], 2, 2).numpy()[..., 0], x_np.reshape(3, 2, 2).max(-1)
    )


def test_collection_api():
    with tf.Graph().as_default() as graph:
        tf1.add_to_collection("things", tf.constant(1.0, name="alpha"))
        tf1.add_to_collections(["things", "more"], tf.constant(2.0, name="beta"))
        tf1.add_to_collection("things", 3)  # no name: left out of scoped queries
        assert [t.name for t in tf1.get_collection("things", scope="al|be")] == ["alpha:0", "beta:0"]
        assert len(tf1.get_collection("things")) == 3 and len(tf1.get_collection("more")) == 1
        ref = tf1.get_collection_ref("mine")
        ref.append("x")
        assert graph.get_collection("mine") == ["x"] and tf1.get_collection("missing") == []
    assert tf1.GraphKeys.UPDATE_OPS == "update_ops" and tf1.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert tf1.GraphKeys.REGULARIZATION_LOSSES == "regularization_losses"


class _Tf1Block(tf.keras.layers.Layer):
    @tf1.keras.utils.track_tf1_style_variables
    def call(self, inputs, training=None):
        with tf1.variable_scope("net"):
            hidden = layers.dense(
                inputs,
                8,
                activation=tf.nn.tanh,
                kernel_regularizer=lambda w: 1e-3 * tf.reduce_sum(tf.square(w)),
            )
            hidden = layers.dropout(hidden, 0.1, training=training)
            weight = tf1.get_variable("w", [8, 1], initializer=tf1.ones_initializer())
            return tf.matmul(hidden, weight)


def test_track_tf1_style_variables_owns_reuses_and_trains():
    x_np = np.random.RandomState(1).randn(32, 3).astype(np.float32)
    y_np = (x_np @ np.array([[0.5], [-1.0], [0.25]], np.float32)).astype(np.float32)
    block = _Tf1Block()
    first = block(x_np)
    names = [w.name for w in block.weights]
    assert names == ["net/dense/bias:0", "net/dense/kernel:0", "net/w:0"]  # sorted, as TensorFlow lists them
    created = [id(w) for w in block.weights]
    second = block(x_np)
    assert [id(w) for w in block.weights] == created  # the second call reuses them
    np.testing.assert_allclose(first.numpy(), second.numpy(), rtol=1e-6)
    kernel = block.weights[1].numpy()
    assert len(block.losses) == 1
    np.testing.assert_allclose(block.losses[0].numpy(), 1e-3 * np.sum(kernel**2), rtol=1e-5)
    inputs = tf.keras.Input((3,))
    model = tf.keras.Model(inputs, _Tf1Block()(inputs))
    assert [w.name for w in model.weights] == names
    model.compile(tf.keras.optimizers.Adam(0.05), "mse")
    before = model.evaluate(x_np, y_np, verbose=0)
    start = [w.numpy() for w in model.weights]
    model.fit(x_np, y_np, epochs=20, batch_size=8, verbose=0)
    assert model.evaluate(x_np, y_np, verbose=0) < 0.3 * before
    assert all(not np.allclose(a, w.numpy()) for a, w in zip(start, model.weights))


def test_track_tf1_style_variables_default_names_repeat_each_call():
    class TwoDense(tf.keras.layers.Layer):
        @tf1.keras.utils.track_tf1_style_variables
        def call(self, inputs):
            return layers.dense(inputs, 2) + layers.dense(inputs, 2)

    class Module(tf.Module):
        @tf1.keras.utils.track_tf1_style_variables
        def __call__(self, inputs):
            with tf1.variable_scope("s", reuse=tf1.AUTO_REUSE):
                return layers.dense(inputs, 2, name="d") + layers.dense(inputs, 2, name="d")

    layer, module = TwoDense(), Module()
    x_np = np.ones((1, 3), np.float32)
    layer(x_np)
    layer(x_np)
    module(x_np)
    module(x_np)
    assert [w.name for w in layer.weights] == [
        "dense/bias:0",
        "dense/kernel:0",
        "dense_1/bias:0",
        "dense_1/kernel:0",
    ]
    assert [v.name for v in module.variables] == ["s/d/bias:0", "s/d/kernel:0"]


def test_layer_subclass_and_keras_functional_use():
    class Scale(layers.Layer):
        def build(self, input_shape):
            self.scale = self.add_weight("scale", shape=[input_shape[-1]], initializer="ones")

        def call(self, inputs):
            return inputs * self.scale

    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 2])
        y = Scale()(x)
        assert [v.name for v in tf1.global_variables()] == ["scale/scale:0"] and y.name == "scale/Mul:0"
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(y, {x: [[2.0, 3.0]]}), [[2.0, 3.0]])
    built = Scale()
    built.build(tf.TensorShape([None, 5]))  # outside a call, add_weight opens the layer's scope
    assert built.scale.shape == [5] and built.scope_name.startswith("scale")
    inputs = tf.keras.Input((4,))
    model = tf.keras.Model(inputs, layers.Dense(3, name="v1_dense")(inputs))
    assert [w.name for w in model.weights] == ["v1_dense/kernel:0", "v1_dense/bias:0"]
    assert model(np.ones((2, 4), np.float32)).shape == [2, 3]
    import lamina.compat.v1.layers as public_layers  # the public namespace wins the module path

    assert (
        public_layers.dense is layers.dense
        and tf1.keras.utils.to_categorical is tf.keras.utils.to_categorical
    )


def test_get_variable_regularizers_reach_get_regularization_loss():
    with tf.Graph().as_default():
        with tf1.variable_scope("net", regularizer=lambda v: 2.0 * tf.reduce_sum(v)):
            w = tf1.get_variable("w", [2], initializer=tf1.ones_initializer())  # the scope's regularizer
            b = tf1.get_variable("b", [3], initializer=tf1.ones_initializer(), regularizer=tf.reduce_sum)
        with tf1.variable_scope("net", reuse=True):
            tf1.get_variable("w")  # sharing adds no second loss
        collected = tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES)
        assert [loss.name.rsplit("/", 1)[0] for loss in collected] == [
            "net/w/Regularizer",
            "net/b/Regularizer",
        ]
        total = tf1.losses.get_regularization_loss()
        with tf1.Session() as sess:
            sess.run(tf1.variables_initializer([w, b]))
            assert sess.run(total) == 2.0 * 2 + 3
