"""`tf.keras.utils`'s implementation: array helpers, file download and cache, the progress bar,
Sequence, seeding, and data packing. The public namespace is assembled in lamina/_api/keras_utils.py;
(de)serialization lives in lamina/keras/serialization.py, beside the Catalogs it serves."""
