"""`tf.config`."""

# ruff: noqa: F401
from lamina._api import config_experimental as experimental
from lamina._api import config_threading as threading
from lamina._core.devices import (
    LogicalDevice,
    PhysicalDevice,
    functions_run_eagerly,
    get_soft_device_placement,
    get_visible_devices,
    list_logical_devices,
    list_physical_devices,
    run_functions_eagerly,
    set_soft_device_placement,
    set_visible_devices,
)
from lamina._core.devices import functions_run_eagerly as experimental_functions_run_eagerly
from lamina._core.devices import run_functions_eagerly as experimental_run_functions_eagerly
