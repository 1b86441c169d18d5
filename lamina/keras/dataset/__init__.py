"""`tf.keras.datasets`' implementation: loaders for Keras's small standard datasets.

Each loader fetches its file(s) through `tf.keras.utils.get_file` into Keras's cache
(`~/.keras/datasets/`, or `$KERAS_HOME/datasets/`), with TensorFlow's origin URLs and hashes, so a file
downloaded once by either library serves both. Files are parsed with NumPy; formats that hold pickled
data (the IMDB and Reuters .npz files, the CIFAR batches) are read by `safe_load`, which rebuilds only
NumPy arrays, lists, dicts, numbers and strings and never runs code from the file.
"""
