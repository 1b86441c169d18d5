"""Regression with a Keras Sequential model on scikit-learn's bundled diabetes data.

Standardizes the ten features and the target, trains a small MLP with Adam on 80% of the patients,
and reports the mean squared error (in target standard deviations) on the other 20%, next to the
error of always predicting the mean (1.0).
"""

from sklearn.datasets import load_diabetes

import lamina as tf


def load():
    x, y = load_diabetes(return_X_y=True)
    x = ((x - x.mean(0)) / x.std(0)).astype("float32")
    y = ((y - y.mean()) / y.std()).astype("float32")
    return x[:353], y[:353], x[353:], y[353:]


def main(epochs=25, verbose=0):
    tf.keras.utils.set_random_seed(0)
    x_train, y_train, x_test, y_test = load()
    model = tf.keras.Sequential(
        [
            tf.keras.Input(shape=(10,)),
            tf.keras.layers.Dense(32, activation="relu"),
            tf.keras.layers.Dense(16, activation="relu"),
            tf.keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer=tf.keras.optimizers.Adam(3e-3), loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.1, verbose=verbose)
    mse, mae = model.evaluate(x_test, y_test, verbose=0)
    print(f"test MSE {mse:.3f} (predicting the mean: 1.000), test MAE {mae:.3f}")
    return mse


if __name__ == "__main__":
    main()
