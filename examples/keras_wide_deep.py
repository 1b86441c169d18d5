"""Wide & Deep with the Keras functional API on scikit-learn's bundled breast-cancer data.

The wide part is a linear model on all 30 standardized features; the deep part is an MLP on the
ten "mean" features; their logits are added and trained together with a binary cross-entropy.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer

import lamina as tf


def load():
    x, y = load_breast_cancer(return_X_y=True)
    x = ((x - x.mean(0)) / x.std(0)).astype("float32")
    order = np.random.RandomState(1).permutation(len(y))
    x, y = x[order], y[order].astype("float32")
    return x[:450], y[:450], x[450:], y[450:]


def build():
    wide_input = tf.keras.Input(shape=(30,), name="wide")
    deep_input = tf.keras.Input(shape=(10,), name="deep")
    hidden = tf.keras.layers.Dense(32, activation="relu", name="deep_1")(deep_input)
    hidden = tf.keras.layers.Dense(16, activation="relu", name="deep_2")(hidden)
    deep_logit = tf.keras.layers.Dense(1, name="deep_logit")(hidden)
    wide_logit = tf.keras.layers.Dense(1, name="wide_logit")(wide_input)
    logit = tf.keras.layers.Add(name="wide_and_deep")([wide_logit, deep_logit])
    probability = tf.keras.layers.Activation("sigmoid", name="probability")(logit)
    return tf.keras.Model(inputs=[wide_input, deep_input], outputs=probability, name="wide_deep")


def main(epochs=20, verbose=0):
    tf.keras.utils.set_random_seed(0)
    x_train, y_train, x_test, y_test = load()
    model = build()
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(
        {"wide": x_train, "deep": x_train[:, :10]}, y_train, batch_size=32, epochs=epochs, verbose=verbose
    )
    _, accuracy = model.evaluate({"wide": x_test, "deep": x_test[:, :10]}, y_test, verbose=0)
    print(f"test accuracy {accuracy:.3f}")
    return accuracy


if __name__ == "__main__":
    main()
