"""lamina's demo: linear regression trained with raw ops, Variables and GradientTape.

The data is generated: y = X @ [3, -2, 0.5] + 1 + noise. The loss printed every 20 steps falls
as plain gradient descent recovers the weights.
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


if __name__ == "__main__":
    main()
