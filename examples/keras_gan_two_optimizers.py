"""A custom training loop with two optimizers: a small GAN learns a 1-D Gaussian.

The generator (with batch normalization) maps noise to numbers; the discriminator tells them from
samples of N(4, 1.25). A `tf.keras.Model` subclass overrides `train_step` to update the
discriminator and then the generator, each with its own Adam optimizer, and `fit` runs that step as
one compiled call per batch. The program prints the mean and spread of generated samples.
"""

import numpy as np

import lamina as tf

LATENT = 8


class GAN(tf.keras.Model):
    def __init__(self):
        super().__init__(name="gan")
        self.generator = tf.keras.Sequential(
            [
                tf.keras.Input(shape=(LATENT,)),
                tf.keras.layers.Dense(16),
                tf.keras.layers.BatchNormalization(),
                tf.keras.layers.Activation("relu"),
                tf.keras.layers.Dense(1),
            ],
            name="generator",
        )
        self.discriminator = tf.keras.Sequential(
            [
                tf.keras.Input(shape=(1,)),
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
            ],
            name="discriminator",
        )

    def compile(self, generator_optimizer, discriminator_optimizer):
        super().compile()
        self.generator_optimizer = generator_optimizer
        self.discriminator_optimizer = discriminator_optimizer
        self.cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)
        self.generator_loss = tf.keras.metrics.Mean(name="generator_loss")
        self.discriminator_loss = tf.keras.metrics.Mean(name="discriminator_loss")

    @property
    def metrics(self):
        return [self.generator_loss, self.discriminator_loss]

    def train_step(self, data):
        real = data[0] if isinstance(data, tuple) else data
        batch = tf.shape(real)[0]
        fake = self.generator(tf.random.normal([batch, LATENT]), training=True)
        with tf.GradientTape() as tape:
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(fake, training=True)
            d_loss = self.cross_entropy(tf.ones_like(real_logits), real_logits) + self.cross_entropy(
                tf.zeros_like(fake_logits), fake_logits
            )
        weights = self.discriminator.trainable_weights
        self.discriminator_optimizer.apply_gradients(zip(tape.gradient(d_loss, weights), weights))
        with tf.GradientTape() as tape:
            fake_logits = self.discriminator(self.generator(tf.random.normal([batch, LATENT]), training=True))
            g_loss = self.cross_entropy(tf.ones_like(fake_logits), fake_logits)
        weights = self.generator.trainable_weights
        self.generator_optimizer.apply_gradients(zip(tape.gradient(g_loss, weights), weights))
        self.discriminator_loss.update_state(d_loss)
        self.generator_loss.update_state(g_loss)
        return {m.name: m.result() for m in self.metrics}


def main(epochs=30, verbose=0):
    tf.keras.utils.set_random_seed(0)
    real = np.random.RandomState(0).normal(4.0, 1.25, size=(2048, 1)).astype("float32")
    gan = GAN()
    gan.compile(tf.keras.optimizers.Adam(2e-3, beta_1=0.5), tf.keras.optimizers.Adam(2e-3, beta_1=0.5))
    history = gan.fit(real, batch_size=64, epochs=epochs, verbose=verbose)
    samples = gan.generator(tf.random.normal([2000, LATENT]), training=False).numpy()
    print(f"generated mean {samples.mean():.2f} (target 4.00), std {samples.std():.2f} (target 1.25)")
    return float(samples.mean()), float(samples.std()), history.history


if __name__ == "__main__":
    main()
