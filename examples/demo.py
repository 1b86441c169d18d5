"""lamina's demo: the same regression trained twice, at two levels of the stack.

The data is generated: y = X @ [3, -2, 0.5] + 1 + noise. First with raw ops, Variables and a
GradientTape (the loss printed every 20 steps falls as gradient descent recovers the weights), then
with a Keras model and `fit`, whose progress bar shows the loss of each epoch.
"""

import lamina as tf


def main():
    tf.random.set_seed(0)
    true_w = tf.constant([[3.0], [-2.0], [0.5]])
    x = tf.random.normal([256, 3])
    y = tf.matmul(x, true_w) + 1.0 + 0.1 * tf.random.normal([256, 1])

    w = tf.Variable(tf.zeros([3, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    learning_rate = 0.02
    for step in range(101):
        with tf.GradientTape() as tape:
            prediction = tf.matmul(x, w) + b
            loss = tf.reduce_mean(tf.square(prediction - y))
        grad_w, grad_b = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * grad_w)
        b.assign_sub(learning_rate * grad_b)
        if step % 20 == 0:
            print(f"step {step:3d}  loss {float(loss):.5f}")
    print("learned w:", tf.reshape(w, [-1]).numpy().round(3), " b:", round(float(b), 3))

    print("\nThe same with tf.keras: Sequential, compile, fit")
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    model.fit(x, y, batch_size=32, epochs=5, verbose=1)
    kernel, bias = model.layers[0].get_weights()
    print("learned w:", kernel.ravel().round(3), " b:", bias.round(3))


if __name__ == "__main__":
    main()
