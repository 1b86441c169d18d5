"""`tf.keras.datasets`."""

# ruff: noqa: F401
from lamina._api import keras_datasets_boston_housing as boston_housing
from lamina._api import keras_datasets_cifar10 as cifar10
from lamina._api import keras_datasets_cifar100 as cifar100
from lamina._api import keras_datasets_fashion_mnist as fashion_mnist
from lamina._api import keras_datasets_imdb as imdb
from lamina._api import keras_datasets_mnist as mnist
from lamina._api import keras_datasets_reuters as reuters
