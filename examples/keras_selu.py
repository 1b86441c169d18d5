"""A self-normalizing network: SELU activations, LeCun-normal initialization and AlphaDropout.

Eight SELU layers classify scikit-learn's bundled digits (flattened to 64 features). Self-
normalization keeps the activations near zero mean and unit variance through the depth without
batch normalization: the program prints the mean and spread of the last hidden layer as initialized,
then trains and prints the test accuracy.
"""

import numpy as np
from sklearn.datasets import load_digits

import lamina as tf


def main(epochs=15, verbose=0):
    tf.keras.utils.set_random_seed(0)
    x, y = load_digits(return_X_y=True)
    x = ((x - x.mean(0)) / (x.std(0) + 1e-6)).astype("float32")
    order = np.random.RandomState(0).permutation(len(y))
    x, y = x[order], y[order]
    layers = [tf.keras.Input(shape=(64,))]
    for _ in range(8):
        layers.append(tf.keras.layers.Dense(64, activation="selu", kernel_initializer="lecun_normal"))
    layers += [tf.keras.layers.AlphaDropout(0.05), tf.keras.layers.Dense(10, activation="softmax")]
    model = tf.keras.Sequential(layers)
    last_hidden = tf.keras.Model(model.inputs, model.layers[7].output)
    hidden = last_hidden(x[1500:]).numpy()
    print(f"last hidden layer at initialization: mean {hidden.mean():.2f}, std {hidden.std():.2f}")
    model.compile(
        optimizer=tf.keras.optimizers.SGD(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    model.fit(x[:1500], y[:1500], batch_size=32, epochs=epochs, verbose=verbose)
    _, accuracy = model.evaluate(x[1500:], y[1500:], verbose=0)
    print(f"test accuracy {accuracy:.3f}")
    return accuracy, float(hidden.mean()), float(hidden.std())


if __name__ == "__main__":
    main()
