"""Keras models: Model and the trainer, functional and Sequential models, compile containers, summary."""
