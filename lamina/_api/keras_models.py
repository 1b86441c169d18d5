"""`tf.keras.models`."""

# ruff: noqa: F401
from lamina.keras.model.functional import Functional
from lamina.keras.model.model import Model
from lamina.keras.model.sequential import Sequential
from lamina.keras.save.clone import clone_model
from lamina.keras.save.config import model_from_config, model_from_json
from lamina.keras.save.saving_api import load_model, save_model
